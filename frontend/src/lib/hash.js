// The map view in the address: #zoom/lat/lon, so a view can be shared, bookmarked and
// reloaded (and the benchmark can open a fixed view).
const HASH = /^#(\d{1,2}(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/;

export function readHash(hash = window.location.hash) {
  const match = HASH.exec(hash);
  if (!match) return null;
  const [zoom, lat, lon] = match.slice(1).map(Number);
  if (zoom > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null;
  return { zoom, center: [lat, lon] };
}

export function keepViewInHash(map) {
  map.on("moveend", () => {
    const { lat, lng } = map.getCenter();
    const zoom = map.getZoom();
    const hash = `#${Math.round(zoom * 100) / 100}/${lat.toFixed(5)}/${lng.toFixed(5)}`;
    if (hash === window.location.hash) return;
    // replaceState: moving the map should not fill the back button's history (and it
    // fires no hashchange).
    window.history.replaceState(window.history.state, "", hash);
  });
  // Someone edits the address or follows a link with a view, or goes Back or Forward to
  // an entry with other filters (pins.js): go to that entry's view.
  const go = () => {
    const view = readHash();
    if (view) map.setView(view.center, view.zoom);
  };
  window.addEventListener("hashchange", go);
  window.addEventListener("popstate", go);
}
