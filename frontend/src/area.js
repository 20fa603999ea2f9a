// The small map on an area page: the outline and the features listed below it. The lists
// are the real content; this map only shows where things are.
import { createMap, L } from "./lib/basemap.js";
import { readJson } from "./lib/dom.js";

const config = readJson("area-map-config");
const container = document.getElementById("area-map");

if (config && container) {
  // The map needs JavaScript, so it is hidden until now; the lists below work without.
  document.getElementById("area-map-figure").hidden = false;
  const status = document.getElementById("area-map-status");
  const map = createMap(
    container,
    config,
    (text) => {
      status.textContent = text;
    },
    { zoomSnap: 0.25 },
  );
  const outline = L.geoJSON(config.outline, {
    style: { className: "area area--focus" },
    interactive: false,
  });
  outline.addTo(map);
  L.geoJSON(config.features, {
    interactive: false,
    style: (f) => ({ className: f.properties.className }),
    pointToLayer: (f, latlng) =>
      L.circleMarker(latlng, { radius: 6, className: f.properties.className, interactive: false }),
  }).addTo(map);
  map.fitBounds(outline.getBounds(), { padding: [12, 12], animate: false });
  container.dataset.loaded = "true";
}
