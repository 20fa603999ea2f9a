// Bundles one JS entry per page (plus Leaflet's CSS and images) into static/dist/, and
// copies OpenLayers for Django's admin geometry widget (maps/widgets.py) into
// static/dist/vendor/ol/ and Leaflet's own build for the folium area report
// (participatie/triage/exports/reportmap.py) into static/dist/vendor/leaflet/.
// Usage: node build.mjs [--watch]
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";

// Django's gis/js/OLMapWidget.js expects the global `ol` of OpenLayers' full build, which
// Django loads from a CDN; the site must work on a closed network, so it is served locally.
// ol.js names its source map, and the manifest storage refuses a reference it cannot find.
function copyOpenLayers() {
  const target = "static/dist/vendor/ol";
  mkdirSync(target, { recursive: true });
  for (const file of ["dist/ol.js", "dist/ol.js.map", "ol.css"]) {
    copyFileSync(`node_modules/ol/${file}`, `${target}/${file.split("/").pop()}`);
  }
}

// folium writes map scripts for the global `L` of Leaflet's UMD build and links it from a
// CDN by default; the area report links this copy instead (a closed network has no CDN).
function copyLeaflet() {
  const target = "static/dist/vendor/leaflet";
  mkdirSync(target, { recursive: true });
  for (const file of ["leaflet.js", "leaflet.js.map", "leaflet.css"]) {
    copyFileSync(`node_modules/leaflet/dist/${file}`, `${target}/${file}`);
  }
  cpSync("node_modules/leaflet/dist/images", `${target}/images`, { recursive: true });
}

const options = {
  entryPoints: {
    map: "src/map.js",
    area: "src/area.js",
    pin: "src/pin.js",
    pin_form: "src/pin_form.js",
    initiative: "src/initiative.js",
    triage: "src/triage.js",
    vote: "src/vote.js",
    voting_designer: "src/voting_designer.js",
  },
  outdir: "static/dist",
  bundle: true,
  // Leaflet and the shared modules go into chunks that every page imports, so a visitor
  // downloads them once. The manifest storage rewrites the imports to the hashed names
  // (frontend/staticfiles.py); the chunk names carry a hash of their own as well.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  target: ["es2020"],
  minify: true,
  sourcemap: true,
  // Images referenced by Leaflet's CSS are copied next to the bundle; the CSS keeps
  // relative url()s, which Django's manifest storage rewrites to hashed names.
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "img/[name]-[hash]",
  logLevel: "info",
  metafile: true,
};

// Per page bundle, the shared chunks it imports (directly or through another chunk), for
// the page's <link rel="modulepreload">s (frontend/templatetags/bundles.py): the browser
// then fetches them next to the bundle instead of after it.
function writeChunkList(metafile) {
  const outputs = metafile.outputs;
  const chunksOf = (file, seen = new Set()) => {
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind !== "import-statement" || seen.has(imported.path)) continue;
      seen.add(imported.path);
      chunksOf(imported.path, seen);
    }
    return seen;
  };
  const bundles = {};
  for (const [file, output] of Object.entries(outputs)) {
    if (!output.entryPoint || !file.endsWith(".js")) continue;
    const name = file.replace(/^static\/dist\//, "").replace(/\.js$/, "");
    bundles[name] = [...chunksOf(file)].map((path) => path.replace(/^static\//, "")).sort();
  }
  writeFileSync("static/dist/bundles.json", `${JSON.stringify(bundles, null, 2)}\n`);
}

copyOpenLayers();
copyLeaflet();
if (process.argv.includes("--watch")) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: "chunk-list", setup: (b) => b.onEnd((r) => r.metafile && writeChunkList(r.metafile)) }],
  });
  await ctx.watch();
} else {
  writeChunkList((await esbuild.build(options)).metafile);
}
