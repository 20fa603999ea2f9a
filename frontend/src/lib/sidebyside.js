// leaflet-side-by-side from npm: a divider between two layers that the user drags (or
// moves with the arrow keys: it is a range input). It extends Leaflet's global `L`, so
// Leaflet is imported first and the control is read from the global (see leafletplugins.js).
// The plugin clips the element its layers return from getContainer(); optionlayers.js gives
// each design option a pane of its own for that.
import "leaflet";
import "leaflet-side-by-side";

export function sideBySide(left, right, options) {
  return globalThis.L.control.sideBySide(left, right, options);
}
