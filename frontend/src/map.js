// The map page: areas, public-space layers from the public API, layer toggles in the page,
// and residents' pins from vector tiles with filters and a list of the pins in view.
import { createMap, L, makeFocusable } from "./lib/basemap.js";
import { el, readJson } from "./lib/dom.js";
import { labelPoint } from "./lib/geometry.js";
import { keepViewInHash, readHash } from "./lib/hash.js";
import { startPins } from "./lib/pins.js";
import {
  areaPopup,
  centrePopup,
  greeneryPopup,
  playgroundPopup,
  plannedWorkPopup,
} from "./lib/popups.js";

const config = readJson("map-config");
const s = config.strings;
const container = document.getElementById("map");
const statusBox = document.getElementById("map-status");

function notice(text, kind = "info") {
  const close = el("button", { type: "button", class: "notice-close", "aria-label": s.close });
  close.textContent = "×";
  const item = el("p", { class: `notice notice--${kind}` }, el("span", {}, text), close);
  close.addEventListener("click", () => item.remove());
  statusBox.append(item);
  return item;
}

// A view in the address (#zoom/lat/lon) wins over the default and over an area's outline.
const hashView = readHash();
if (hashView) Object.assign(config, hashView);
const map = createMap(container, config, (text) => notice(text));
keepViewInHash(map);

async function fetchGeoJson(layer, params = {}) {
  const url = new URL(config.api[layer], window.location.origin);
  if (config.areaFilter) url.searchParams.set("area", config.areaFilter);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, {
    headers: { Accept: "application/geo+json, application/json" },
  });
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.json();
}

// Polygons and points get a fill; lines only a stroke.
const isFilled = (f) => !/LineString$/.test(f.geometry?.type ?? "");

// Marker size follows the zoom level (site.css, .zoom-far/.zoom-near): hundreds of
// playgrounds would otherwise hide the map at town scale.
function markerFor(kind) {
  const icon = L.icon({
    iconUrl: config.icons[kind],
    iconSize: null,
    popupAnchor: [0, -8],
    className: `marker marker--${kind}`,
  });
  return (feature, latlng) =>
    L.marker(latlng, { icon, alt: feature.properties.name, title: feature.properties.name });
}

function markZoom() {
  const zoom = map.getZoom();
  container.classList.toggle("zoom-far", zoom < 14);
  container.classList.toggle("zoom-near", zoom >= 16);
}
map.on("zoomend", markZoom);
markZoom();

// What each toggleable layer looks like. Colours and dash patterns live in site.css
// (classes shared with the legend), so the legend can never disagree with the map.
const LAYERS = {
  neighbourhoods: {
    load: () => fetchGeoJson("areas", { level: "neighbourhood" }),
    options: {
      style: () => ({ className: "area area--neighbourhood" }),
      onEachFeature: (f, layer) =>
        layer.bindPopup(() => areaPopup(f.properties, s, config.areaUrl)),
    },
  },
  playgrounds: {
    load: () => fetchGeoJson("playgrounds"),
    options: {
      pointToLayer: markerFor("playground"),
      onEachFeature: (f, layer) => layer.bindPopup(() => playgroundPopup(f.properties, s)),
    },
  },
  greenery: {
    load: () => fetchGeoJson("greenery"),
    focusable: true,
    options: {
      style: () => ({ className: "greenery" }),
      onEachFeature: (f, layer) => layer.bindPopup(() => greeneryPopup(f.properties, s)),
    },
  },
  planned_works: {
    load: () => fetchGeoJson("planned_works"),
    focusable: true,
    options: {
      style: (f) => ({
        className: `work work--${f.properties.kind}${isFilled(f) ? " work--area" : ""}`,
      }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 8 }),
      onEachFeature: (f, layer) =>
        layer.bindPopup(() => plannedWorkPopup(f.properties, s, config.lang)),
    },
  },
  centres: {
    load: () => fetchGeoJson("centres"),
    options: {
      pointToLayer: markerFor("centre"),
      onEachFeature: (f, layer) => layer.bindPopup(() => centrePopup(f.properties, s)),
    },
  },
};

const loaded = {};
let districtLayer = null;
let focusLayer = null;

// `wanted` is asked again once the data is in: the box may have been unticked meanwhile.
async function showLayer(name, wanted) {
  const spec = LAYERS[name];
  if (!loaded[name]) {
    loaded[name] = spec.load().then((data) => L.geoJSON(data, spec.options));
    loaded[name].catch(() => delete loaded[name]); // allow a retry
  }
  const layer = await loaded[name];
  if (!wanted()) return layer;
  layer.addTo(map);
  if (spec.focusable) {
    layer.eachLayer((l) => makeFocusable(l, l.feature.properties.name));
  }
  // Areas below everything else, so features stay clickable; districts at the very back.
  if (name === "neighbourhoods") {
    layer.bringToBack();
    districtLayer?.bringToBack();
  }
  return layer;
}

async function hideLayer(name) {
  if (loaded[name]) map.removeLayer(await loaded[name]);
}

async function drawDistricts() {
  const data = await fetchGeoJson("areas", { level: "district" });
  const layer = (districtLayer = L.geoJSON(data, {
    style: (f) => ({
      className: `area area--district${f.properties.is_priority ? " area--priority" : ""}`,
    }),
    onEachFeature: (f, l) => l.bindPopup(() => areaPopup(f.properties, s, config.areaUrl)),
  }).addTo(map));
  layer.bringToBack();
  layer.eachLayer((l) => {
    const p = l.feature.properties;
    makeFocusable(l, p.is_priority ? `${p.name} (${s.priority})` : p.name);
    const at = labelPoint(l.feature.geometry);
    if (at) {
      const options = { permanent: true, direction: "center", className: "area-label" };
      L.tooltip(options)
        .setLatLng(at)
        .setContent(p.name)
        .addTo(map);
    }
  });
}

// Opened from an area page: outline that area and zoom to it. Without animation: vector
// layers added while Leaflet animates a zoom end up drawn in a stale, clipped frame.
function showFocus() {
  if (!config.focus) return;
  const outline = (focusLayer = L.geoJSON(config.focus.outline, {
    interactive: false,
    style: { className: "area area--focus" },
  }));
  if (!hashView) map.fitBounds(outline.getBounds(), { padding: [24, 24], animate: false });
  outline.addTo(map);
}

let pins = null;

function toggle(input) {
  const name = input.value;
  const label = input.labels[0]?.textContent.trim() ?? name;
  if (name === "pins") return pins?.show(input.checked);
  if (!input.checked) return hideLayer(name);
  return showLayer(name, () => input.checked).catch((error) => {
    console.error(error);
    input.checked = false;
    notice(s.layerError.replace("%(layer)s", label), "error");
  });
}

// The legend takes much room on a phone: start it folded there.
const legend = document.querySelector("details.legend");
if (legend && window.matchMedia("(max-width: 47.99rem)").matches) legend.open = false;

async function start() {
  const inputs = [...document.querySelectorAll("#map-layers input[name=layer]")];
  for (const input of inputs) input.addEventListener("change", () => toggle(input));
  const loading = notice(s.loading);
  showFocus();
  pins = startPins(map, config, {
    filters: document.getElementById("pin-filters"),
    list: document.getElementById("pin-list"),
    status: document.getElementById("pin-list-status"),
    onError: (text) => notice(text, "error"),
  });
  await Promise.all([
    drawDistricts().catch((error) => {
      console.error(error);
      notice(s.layerError.replace("%(layer)s", s.districts), "error");
    }),
    ...inputs.filter((i) => i.checked).map(toggle),
  ]);
  focusLayer?.bringToFront(); // not clickable, so it can lie on top
  loading.remove();
  container.dataset.loaded = "true";
}

start();
