// Shared Leaflet set-up for every page with a map: base map, translated controls, and
// keyboard-friendly popups.
import * as L from "leaflet";
import "leaflet/dist/leaflet.css";

export function createMap(container, config, onNotice, options = {}) {
  const s = config.strings;
  // One SVG renderer, on the map from the start: Leaflet otherwise creates it with the first
  // vector layer, and if that happens during a zoom animation it stays in a clipped frame.
  const renderer = L.svg({ padding: 0.5 });
  const map = L.map(container, {
    center: config.center,
    zoom: config.zoom,
    zoomControl: false,
    keyboard: true,
    renderer,
    ...options,
  });
  renderer.addTo(map);
  L.control.zoom({ zoomInTitle: s.zoomIn, zoomOutTitle: s.zoomOut }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(s.areaAttribution);

  if (config.basemap && config.basemap.url) {
    // The map must stay usable without the base map (closed network, provider down):
    // say so once, and keep drawing our own layers.
    const tiles = L.tileLayer(config.basemap.url, {
      attribution: config.basemap.attribution,
      maxZoom: 19,
    });
    let warned = false;
    tiles.on("tileerror", () => {
      if (!warned) onNotice?.(s.basemapError);
      warned = true;
    });
    tiles.addTo(map);
  }
  accessiblePopups(map, s);
  return map;
}

// Move focus into an opened popup and back to what opened it when it closes; Escape
// closes it. Leaflet only handles Escape while the map container itself has focus.
function accessiblePopups(map, s) {
  let opener = null;
  map.on("popupopen", (e) => {
    const popup = e.popup.getElement();
    const content = popup.querySelector(".leaflet-popup-content");
    const close = popup.querySelector(".leaflet-popup-close-button");
    if (close) close.setAttribute("aria-label", s.close);
    popup.setAttribute("role", "dialog");
    const heading = content.querySelector("h2");
    if (heading) {
      heading.id ||= `popup-title-${L.Util.stamp(e.popup)}`;
      popup.setAttribute("aria-labelledby", heading.id);
    }
    opener = document.activeElement;
    content.tabIndex = -1;
    content.focus({ preventScroll: true });
  });
  map.on("popupclose", () => {
    if (opener && opener !== document.body && document.body.contains(opener)) {
      opener.focus({ preventScroll: true });
    }
    opener = null;
  });
  map.getContainer().addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") map.closePopup();
  });
}

// Vector features (areas, planned works, greenery) are SVG paths that Leaflet does not make
// focusable. Give them a tab stop and a name; Leaflet opens the bound popup on Enter.
export function makeFocusable(layer, label) {
  const path = layer.getElement?.();
  if (!path) return;
  path.setAttribute("tabindex", "0");
  path.setAttribute("role", "button");
  path.setAttribute("aria-label", label);
}

export { L };
