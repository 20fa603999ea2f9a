// An area drawn on the map (with leaflet-geoman) as the workspace's `polygon` filter:
// corners "lon,lat;lon,lat;…" (WGS84, longitude first), as TriageFilterSet reads them.
import { L } from "./basemap.js";
import { gettext } from "./i18n.js";
import "./leafletplugins.js";

const DECIMALS = 6;

export function polygonParam(latlngs) {
  return latlngs.map((ll) => `${ll.lng.toFixed(DECIMALS)},${ll.lat.toFixed(DECIMALS)}`).join(";");
}

// [[lat, lng], …] of a parameter, or null when it is not a polygon.
export function parsePolygon(text) {
  if (!text) return null;
  const corners = text.split(";").map((corner) => corner.split(",").map(Number));
  if (corners.length < 3 || corners.some((c) => c.length !== 2 || c.some((n) => !Number.isFinite(n)))) {
    return null;
  }
  return corners.map(([lng, lat]) => [lat, lng]);
}

// Buttons outside the map start and clear a drawing (a map's own toolbar is hard to reach
// by keyboard; choosing an area in the filters is the keyboard's way). `onChange(param)`
// hears the new polygon ("" when cleared).
export function areaDrawing(map, { draw, clear, hint, onChange }) {
  const lang = (document.documentElement.lang || "en").startsWith("nl") ? "nl" : "en";
  map.pm.setLang(lang);
  let shape = null;
  let drawing = false;
  const drawLabel = draw.textContent;

  function show(latlngs) {
    shape?.remove();
    shape = latlngs
      ? L.polygon(latlngs, { interactive: false, className: "drawn-area" }).addTo(map)
      : null;
    clear.hidden = !shape;
  }

  function stop() {
    drawing = false;
    map.pm.disableDraw();
    draw.textContent = drawLabel;
    draw.setAttribute("aria-pressed", "false");
    hint.hidden = true;
  }

  draw.setAttribute("aria-pressed", "false");
  draw.addEventListener("click", () => {
    if (drawing) return stop();
    drawing = true;
    draw.textContent = gettext("Stop drawing");
    draw.setAttribute("aria-pressed", "true");
    hint.hidden = false;
    map.pm.enableDraw("Polygon", {
      snappable: false,
      allowSelfIntersection: false,
      templineStyle: { className: "drawn-area drawn-area--drawing" },
      hintlineStyle: { className: "drawn-area drawn-area--hint", dashArray: "4 4" },
      pathOptions: { className: "drawn-area" },
    });
    return undefined;
  });
  map.on("pm:create", ({ layer }) => {
    const ring = layer.getLatLngs()[0];
    layer.remove();
    stop();
    show(ring);
    onChange(polygonParam(ring));
  });
  clear.addEventListener("click", () => {
    show(null);
    onChange("");
    draw.focus();
  });

  return {
    // The address says which polygon (on opening the page, Back and Forward).
    set(param) {
      const latlngs = parsePolygon(param);
      show(latlngs);
      return shape;
    },
  };
}
