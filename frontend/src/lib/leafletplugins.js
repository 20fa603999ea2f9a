// Leaflet plugins from npm that extend the global `L` (leaflet-geoman for drawing an area,
// leaflet.heat for the heatmap). Leaflet's own bundle sets `window.L` when it loads, so it
// is imported first; what the plugins add is read from the global (an ES import of Leaflet
// is a snapshot of its exports and does not see them).
import "leaflet";
import "@geoman-io/leaflet-geoman-free";
import "@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css";
import "leaflet.heat";

export function heatLayer(points, options) {
  return globalThis.L.heatLayer(points, options);
}
