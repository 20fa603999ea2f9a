// Initiative pages: on the proposal form, choose the place the ways people expect (click or
// tap the map and drag the marker, search by name or address, or keyboard only: move the
// map with the arrow keys and press Enter at the cross) and optionally draw its area; on an
// initiative's page, show its spot and area. Without this script the form still works: a
// neighbourhood list is the place, and the page says where in words.
import { createMap, L } from "./lib/basemap.js";
import { areaDrawing, parsePolygon } from "./lib/drawarea.js";
import { el, readJson } from "./lib/dom.js";
import { gettext, interpolate } from "./lib/i18n.js";
import { nameMarker, placeIcon } from "./lib/markers.js";
import { placeSearch } from "./lib/placesearch.js";
import { areaOutlines, districtNames } from "./lib/vectortiles.js";

const config = readJson("initiative-map-config");
const PLACE_ZOOM = 16;

function outlines(map) {
  areaOutlines(config, "neighbourhood", config.municipality).addTo(map);
  areaOutlines(config, "district", config.municipality).addTo(map);
  districtNames(map, config.districtLabels);
}

// --- an initiative's page: its spot and area, not interactive --------------------------
function showInitiative(container) {
  container.hidden = false;
  const map = createMap(container, config, null, { keyboard: false });
  outlines(map);
  if (config.area) {
    L.geoJSON(config.area, { interactive: false, className: "drawn-area" }).addTo(map);
  }
  if (config.marker) {
    L.marker(config.marker, { icon: placeIcon(), interactive: false, keyboard: false }).addTo(map);
  }
  container.dataset.loaded = "true";
}

// --- the proposal form --------------------------------------------------------------
function proposalForm(form) {
  const inputs = { lon: form.elements.lon, lat: form.elements.lat, area: form.elements.area };
  const status = document.getElementById("location-status");
  const container = document.getElementById("picker-map");
  document.getElementById("location-tools").hidden = false;
  const map = createMap(container, config, (text) => {
    document.getElementById("picker-notice").textContent = text;
  });
  container.append(el("div", { class: "picker-cross", "aria-hidden": "true" }));
  outlines(map);

  let marker = null;
  let lookup = null;

  async function describe(latlng) {
    lookup?.abort();
    lookup = new AbortController();
    const url = new URL(config.urls.lookup, window.location.origin);
    url.searchParams.set("lon", latlng.lng.toFixed(6));
    url.searchParams.set("lat", latlng.lat.toFixed(6));
    try {
      const response = await fetch(url, { signal: lookup.signal });
      const place = await response.json();
      if (!response.ok) throw new Error(place.error);
      if (!place.inside) {
        return gettext("This place lies outside the municipality. Choose a place inside it.");
      }
      if (!place.neighbourhood) return gettext("Chosen place: here.");
      const name = place.district
        ? interpolate(gettext("%(neighbourhood)s in %(district)s"), place)
        : place.neighbourhood;
      return interpolate(gettext("Chosen place: %(place)s."), { place: name });
    } catch (error) {
      if (error.name === "AbortError") return null;
      return gettext("Chosen place: here.");
    }
  }

  function put(latlng) {
    if (!marker) {
      marker = L.marker(latlng, { icon: placeIcon(), draggable: true, keyboard: true });
      marker.on("dragend", () => choose(marker.getLatLng()));
      marker.addTo(map);
      nameMarker(marker, gettext("The chosen place. Drag it to move it."));
    } else {
      marker.setLatLng(latlng);
    }
  }

  async function choose(latlng, { pan = false } = {}) {
    inputs.lon.value = latlng.lng.toFixed(6);
    inputs.lat.value = latlng.lat.toFixed(6);
    put(latlng);
    if (pan) map.setView(latlng, Math.max(map.getZoom(), PLACE_ZOOM));
    const text = await describe(latlng);
    if (text) status.textContent = text;
    container.dataset.placed = "true";
  }

  let drawingArea = false;
  map.on("pm:drawstart", () => {
    drawingArea = true;
  });
  map.on("pm:drawend", () => {
    drawingArea = false;
  });
  map.on("click", (event) => {
    if (!drawingArea) choose(event.latlng);
  });
  container.addEventListener("keydown", (event) => {
    if (event.target !== container) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      choose(map.getCenter());
    }
  });

  // The place already given (a draft, an idea pin, or the form shown again).
  if (inputs.lon.value && inputs.lat.value) {
    put(L.latLng(Number(inputs.lat.value), Number(inputs.lon.value)));
    container.dataset.placed = "true";
  }

  const drawing = areaDrawing(map, {
    draw: document.getElementById("area-draw"),
    clear: document.getElementById("area-clear"),
    hint: document.getElementById("area-hint"),
    onChange(param) {
      inputs.area.value = param;
      if (param && !inputs.lon.value) {
        // No spot yet: the middle of the area.
        const shape = L.polygon(parsePolygon(param));
        choose(shape.getBounds().getCenter());
      }
    },
  });
  drawing.set(inputs.area.value);

  placeSearch({
    url: config.urls.search,
    choose,
    container,
    failed: gettext("Searching did not work. Click the map instead."),
  });
  container.dataset.loaded = "true";
}

const form = document.getElementById("initiative-form");
if (form) proposalForm(form);
const shown = document.getElementById("initiative-map");
if (shown) showInitiative(shown);
