// Map markers for pins (the kind's symbol, larger) and for the place being chosen.
import { L } from "./basemap.js";

const SYMBOL = {
  idea: '<circle cx="16" cy="16" r="11"/>',
  complaint: '<path d="M16 3.5 29 27H3z"/>',
};

export function pinIcon(kind) {
  return L.divIcon({
    className: `pin-marker pin-marker--${kind}`,
    html: `<svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true">${SYMBOL[kind] ?? SYMBOL.idea}</svg>`,
    iconSize: [32, 32],
    iconAnchor: [16, 16],
  });
}

// A drop-shaped pin whose point marks the spot.
export function placeIcon() {
  return L.divIcon({
    className: "place-marker",
    html:
      '<svg viewBox="0 0 32 44" width="32" height="44" aria-hidden="true">' +
      '<path d="M16 43C16 43 2 26 2 16a14 14 0 0 1 28 0c0 10-14 27-14 27z"/>' +
      '<circle cx="16" cy="16" r="5"/></svg>',
    iconSize: [32, 44],
    iconAnchor: [16, 43],
  });
}

// Leaflet gives keyboard-enabled markers role=button and a tab stop, but a div icon no
// name: give it one.
export function nameMarker(marker, label) {
  const element = marker.getElement();
  if (!element) return;
  element.setAttribute("aria-label", label);
  element.title = label;
}
