// Bundles one JS entry per page (plus Leaflet's CSS and images) into static/dist/.
// Usage: node build.mjs [--watch]
import * as esbuild from "esbuild";

const options = {
  entryPoints: {
    map: "src/map.js",
    area: "src/area.js",
    pin: "src/pin.js",
    pin_form: "src/pin_form.js",
  },
  outdir: "static/dist",
  bundle: true,
  format: "esm",
  target: ["es2020"],
  minify: true,
  sourcemap: true,
  // Images referenced by Leaflet's CSS are copied next to the bundle; the CSS keeps
  // relative url()s, which Django's manifest storage rewrites to hashed names.
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "img/[name]-[hash]",
  logLevel: "info",
};

if (process.argv.includes("--watch")) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
