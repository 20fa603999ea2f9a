// Shared Leaflet set-up for every page with a map: base map, translated controls, and
// keyboard-friendly popups.
import * as L from "leaflet";
import "leaflet/dist/leaflet.css";
import { gettext } from "./i18n.js";

export function createMap(container, config, onNotice, options = {}) {
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
  L.control.zoom({ zoomInTitle: gettext("Zoom in"), zoomOutTitle: gettext("Zoom out") }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(gettext("Area boundaries: CBS / Kadaster"));

  if (config.basemap && config.basemap.url) {
    // The map must stay usable without the base map (closed network, provider down):
    // say so once, and keep drawing our own layers.
    const tiles = L.tileLayer(config.basemap.url, {
      attribution: config.basemap.attribution,
      maxZoom: 19,
    });
    let warned = false;
    tiles.on("tileerror", () => {
      if (!warned) {
        onNotice?.(
          gettext("The background map could not be loaded. Areas and layers are still shown."),
        );
      }
      warned = true;
    });
    tiles.addTo(map);
  }
  accessiblePopups(map);
  return map;
}

// Move focus into an opened popup and back to what opened it when it closes; Escape
// closes it. Leaflet only handles Escape while the map container itself has focus.
function accessiblePopups(map) {
  let opener = null;
  map.on("popupopen", (e) => {
    const popup = e.popup.getElement();
    const content = popup.querySelector(".leaflet-popup-content");
    const close = popup.querySelector(".leaflet-popup-close-button");
    if (close) close.setAttribute("aria-label", gettext("Close"));
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

export { L };
