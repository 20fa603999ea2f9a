// The workspace map's layers of ALL matching pins (not only the table's page): clusters or
// a heatmap of grid cells [lon, lat, count], the count per neighbourhood as colours, and
// confidential signals as a count per neighbourhood. Nothing here is a tab stop: the table
// and the lists beside the map carry the same information for the keyboard.
import { L } from "./basemap.js";
import { classes, classFor, legend } from "./choropleth.js";
import { el, escapeHtml, textLabel } from "./dom.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { heatLayer } from "./leafletplugins.js";
import { areaOutlines } from "./vectortiles.js";

function clusterIcon(count) {
  const size = Math.round(26 + Math.min(24, Math.log10(count) * 10));
  return L.divIcon({
    className: "ws-cluster",
    html: `<span>${escapeHtml(count)}</span>`,
    iconSize: [size, size],
  });
}

export function clusterLayer(map, cells) {
  const layer = L.layerGroup();
  for (const [lon, lat, count] of cells) {
    const marker = L.marker([lat, lon], {
      icon: clusterIcon(count),
      keyboard: false,
      pane: "overview",
      title: interpolate(ngettext("%(count)s report", "%(count)s reports", count), { count }),
    });
    marker.on("click", () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 18)));
    layer.addLayer(marker);
  }
  return layer;
}

export function heatmap(cells) {
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return heatLayer(
    cells.map(([lon, lat, count]) => [lat, lon, count]),
    { radius: 22, blur: 18, max, minOpacity: 0.25, pane: "overview" },
  );
}

// Neighbourhood outlines (vector tiles of `area`), coloured by count: `update(counts)`
// recolours the drawn tiles without new requests and returns the legend.
export function choropleth(config, area) {
  let counts = {};
  let ranges = [];
  const layer = areaOutlines(config, "neighbourhood", area, {
    pane: "choropleth",
    className: (props) => classFor(counts[props.code] ?? 0, ranges),
    tooltip: (props) => {
      const count = counts[props.code] ?? 0;
      const reports = interpolate(ngettext("%(count)s report", "%(count)s reports", count), {
        count,
      });
      return textLabel(`${props.name}: ${reports}`);
    },
  });
  return {
    layer,
    update(next) {
      counts = next ?? {};
      ranges = classes(Math.max(0, ...Object.values(counts)));
      layer.restyle();
      return legend(ranges);
    },
  };
}

function lockIcon(count) {
  return L.divIcon({
    className: "ws-confidential",
    html:
      '<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">' +
      '<path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z"/></svg>' +
      `<span>${escapeHtml(count)}</span>`,
    iconSize: [46, 26],
  });
}

// Confidential signals as a count per neighbourhood (the server sends only counts of at
// least the minimum), at a point inside each neighbourhood ([{code, name, at}]).
export function confidentialLayer(neighbourhoods, counts) {
  const layer = L.layerGroup();
  for (const { code, name, at } of neighbourhoods ?? []) {
    const count = counts[code];
    if (!count) continue;
    const text = interpolate(gettext("Confidential signals in %(name)s: %(count)s"), {
      name,
      count,
    });
    layer.addLayer(
      L.marker(at, { icon: lockIcon(count), keyboard: false, pane: "overview", title: text }),
    );
  }
  return layer;
}

export function legendSection(title, ...content) {
  return el("div", { class: "map-legend__section" }, el("h3", {}, title), ...content);
}
