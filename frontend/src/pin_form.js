// The pin form: choose the place the ways people expect (click or tap the map and drag the
// pin, use my location, search by name or address, or keyboard only: move the map with the
// arrow keys and press Enter at the cross), and see similar reports nearby before posting.
// Without this script the form still works: a neighbourhood list replaces the map.
import { createMap, L } from "./lib/basemap.js";
import { el, readJson } from "./lib/dom.js";
import { gettext, interpolate, ngettext } from "./lib/i18n.js";
import { nameMarker, placeIcon } from "./lib/markers.js";
import { placeSearch } from "./lib/placesearch.js";
import { kindSymbol, supportCount } from "./lib/pinviews.js";
import { areaOutlines, districtNames } from "./lib/vectortiles.js";

const config = readJson("pin-form-config");
const form = document.getElementById("pin-form");
const inputs = { lon: form.elements.lon, lat: form.elements.lat };
const status = document.getElementById("location-status");
const container = document.getElementById("picker-map");
const PLACE_ZOOM = 17;

document.getElementById("location-tools").hidden = false;
const map = createMap(container, config, (text) => {
  document.getElementById("picker-notice").textContent = text;
});
// The cross in the middle of the map shows where Enter puts the pin.
container.append(el("div", { class: "picker-cross", "aria-hidden": "true" }));

// District and neighbourhood outlines (vector tiles of the municipality) with the district
// names: the map stays usable for choosing a place when the background map does not load.
// Not clickable: a click places the pin.
areaOutlines(config, "neighbourhood", config.municipality).addTo(map);
areaOutlines(config, "district", config.municipality).addTo(map);
districtNames(map, config.districtLabels);

// --- the chosen place ---------------------------------------------------------------
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

async function choose(latlng, { pan = false } = {}) {
  inputs.lon.value = latlng.lng.toFixed(6);
  inputs.lat.value = latlng.lat.toFixed(6);
  if (!marker) {
    marker = L.marker(latlng, { icon: placeIcon(), draggable: true, keyboard: true });
    marker.on("dragend", () => choose(marker.getLatLng()));
    marker.addTo(map);
    nameMarker(marker, gettext("The chosen place. Drag it to move it."));
  } else {
    marker.setLatLng(latlng);
  }
  if (pan) map.setView(latlng, Math.max(map.getZoom(), PLACE_ZOOM));
  const text = await describe(latlng);
  if (text) status.textContent = text;
  container.dataset.placed = "true";
  similar();
}

map.on("click", (event) => choose(event.latlng));

// Keyboard: Leaflet moves the map with the arrow keys and zooms with +/-; Enter or Space
// while the map itself has focus puts the pin at the cross.
container.addEventListener("keydown", (event) => {
  if (event.target !== container) return;
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    choose(map.getCenter());
  }
});

const locationError = () =>
  gettext(
    "Your location could not be found. Allow it in your browser, or choose the place on the map.",
  );

document.getElementById("use-my-location").addEventListener("click", () => {
  if (!navigator.geolocation) {
    status.textContent = locationError();
    return;
  }
  status.textContent = gettext("Finding your location…");
  navigator.geolocation.getCurrentPosition(
    (position) =>
      choose(L.latLng(position.coords.latitude, position.coords.longitude), { pan: true }),
    () => {
      status.textContent = locationError();
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
});

// --- search by name or address --------------------------------------------------------
placeSearch({
  url: config.urls.search,
  choose,
  container,
  failed: gettext("Searching did not work. Click the map or use your location."),
});

// --- kind and category ----------------------------------------------------------------
const category = form.elements.category;
const privateNote = document.getElementById("category-private");

function fitCategories() {
  const kind = form.querySelector("input[name=kind]:checked")?.value;
  for (const option of category.options) {
    const kinds = option.dataset.kinds;
    option.disabled = Boolean(kind && kinds && kinds !== "both" && kinds !== kind);
  }
  if (category.selectedOptions[0]?.disabled) category.value = "";
  privateNote.hidden = category.selectedOptions[0]?.dataset.private !== "true";
}

form.addEventListener("change", (event) => {
  if (event.target.name === "kind" || event.target.name === "category") {
    fitCategories();
    similar();
  }
});
fitCategories();

// --- similar reports nearby: support one of those instead -----------------------------
const similarBox = document.getElementById("similar");
const similarList = document.getElementById("similar-list");
const similarStatus = document.getElementById("similar-status");
let similarRequest = null;

async function supportInstead(id, button, item) {
  const body = new FormData();
  body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
  body.append("action", "add");
  try {
    const response = await fetch(config.urls.support.replace("__id__", id), {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error);
    const done = el(
      "p",
      { class: "similar__done", role: "status" },
      gettext("You support this one now. You do not need to post yours."),
    );
    button.replaceWith(done);
    item.classList.add("similar__item--supported");
  } catch (error) {
    similarStatus.textContent = error.message || gettext("That did not work. Please try again.");
  }
}

function similarItem(feature) {
  const p = feature.properties;
  const href = config.urls.pin.replace("__id__", feature.id);
  const button = el(
    "button",
    { type: "button", class: "button-secondary" },
    gettext("Support this one instead"),
  );
  const item = el(
    "li",
    { class: "similar__item" },
    el("p", { class: "similar__title" }, kindSymbol(p.kind), " ", el("a", { href }, p.title)),
    el(
      "p",
      { class: "similar__meta" },
      `${p.kind_label} · ${p.category_name} · ${p.status_label} · `,
      supportCount(p.support_count),
    ),
    button,
  );
  button.addEventListener("click", () => supportInstead(feature.id, button, item));
  return item;
}

async function similar() {
  const slug = category.value;
  if (!slug || !inputs.lon.value) return;
  similarRequest?.abort();
  similarRequest = new AbortController();
  const url = new URL(config.urls.similar, window.location.origin);
  url.searchParams.set("category", slug);
  url.searchParams.set("lon", inputs.lon.value);
  url.searchParams.set("lat", inputs.lat.value);
  try {
    const response = await fetch(url, { signal: similarRequest.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const features = (await response.json()).features ?? [];
    similarBox.hidden = features.length === 0;
    similarList.replaceChildren(...features.map(similarItem));
    const count = features.length;
    similarStatus.textContent = count
      ? interpolate(
          ngettext("%(count)s similar report nearby", "%(count)s similar reports nearby", count),
          { count },
        )
      : "";
  } catch (error) {
    if (error.name !== "AbortError") similarBox.hidden = true;
  }
}

// --- back on the page after an error, or changing a pin: show the chosen place ----------
const start = inputs.lon.value && inputs.lat.value
  ? L.latLng(Number(inputs.lat.value), Number(inputs.lon.value))
  : config.marker && L.latLng(config.marker);
if (start) {
  map.setView(start, Math.max(map.getZoom(), PLACE_ZOOM), { animate: false });
  choose(start);
}
container.dataset.loaded = "true";
