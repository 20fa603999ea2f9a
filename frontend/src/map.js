// The map page: areas, public-space layers from the public API, layer toggles in the page,
// and residents' pins from vector tiles with filters and a list of the pins in view.
import { createMap, L } from "./lib/basemap.js";
import { el, readJson, textLabel } from "./lib/dom.js";
import { labelPoint } from "./lib/geometry.js";
import { keepViewInHash, readHash } from "./lib/hash.js";
import { gettext, interpolate } from "./lib/i18n.js";
import { declutterLabels } from "./lib/labels.js";
import { startPins } from "./lib/pins.js";
import {
  areaPopup,
  centrePopup,
  greeneryPopup,
  playgroundPopup,
  plannedWorkPopup,
} from "./lib/popups.js";
import { redesignLayer, withRedesign } from "./lib/redesigns.js";

const config = readJson("map-config");
const container = document.getElementById("map");
const statusBox = document.getElementById("map-status");

function notice(text, kind = "info") {
  const close = el("button", {
    type: "button",
    class: "notice-close",
    "aria-label": gettext("Close"),
  });
  close.textContent = "×";
  const item = el("p", { class: `notice notice--${kind}` }, el("span", {}, text), close);
  close.addEventListener("click", () => item.remove());
  statusBox.append(item);
  return item;
}

function layerError(name) {
  const text = gettext(
    "The layer “%(layer)s” could not be loaded. The rest of the map still works; please try again later.",
  );
  notice(interpolate(text, { layer: name }), "error");
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
// playgrounds would otherwise hide the map at town scale. Map features are no tab stops
// (hundreds of them stood between the filters and the list): the keyboard route is the
// list beside the map and the list per area; the map itself still pans with the arrows.
function markerFor(kind) {
  const icon = L.icon({
    iconUrl: config.icons[kind],
    iconSize: null,
    popupAnchor: [0, -8],
    className: `marker marker--${kind}`,
  });
  return (feature, latlng) =>
    L.marker(latlng, {
      icon,
      alt: feature.properties.name,
      title: feature.properties.name,
      keyboard: false,
    });
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
      onEachFeature: (f, layer) => layer.bindPopup(() => areaPopup(f.properties, config.areaUrl)),
    },
  },
  playgrounds: {
    load: () => fetchGeoJson("playgrounds"),
    options: {
      pointToLayer: markerFor("playground"),
      onEachFeature: (f, layer) => layer.bindPopup(() => playgroundPopup(f.properties)),
    },
  },
  greenery: {
    load: () => fetchGeoJson("greenery"),
    options: {
      style: () => ({ className: "greenery" }),
      onEachFeature: (f, layer) => layer.bindPopup(() => greeneryPopup(f.properties)),
    },
  },
  planned_works: {
    load: () => fetchGeoJson("planned_works"),
    options: {
      style: (f) => ({
        className: `work work--${f.properties.kind}${isFilled(f) ? " work--area" : ""}`,
      }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 8 }),
      onEachFeature: (f, layer) =>
        layer.bindPopup(() => withRedesign(plannedWorkPopup(f.properties), f.id, config.redesigns)),
    },
  },
  centres: {
    load: () => fetchGeoJson("centres"),
    options: {
      pointToLayer: markerFor("centre"),
      onEachFeature: (f, layer) => layer.bindPopup(() => centrePopup(f.properties)),
    },
  },
  // Registered by the voting app (participatie/voting/maplayer.py) when it is installed.
  ...(config.redesigns ? { redesigns: redesignLayer(config.redesigns) } : {}),
};

const loaded = {};
let districtLayer = null;

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

// Rough size of a district, to label the big ones first when labels would overlap.
function extent(layer) {
  const b = layer.getBounds();
  return (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
}

async function drawDistricts() {
  const data = await fetchGeoJson("areas", { level: "district" });
  const layer = (districtLayer = L.geoJSON(data, {
    style: (f) => ({
      className: `area area--district${f.properties.is_priority ? " area--priority" : ""}`,
    }),
    onEachFeature: (f, l) => l.bindPopup(() => areaPopup(f.properties, config.areaUrl)),
  }).addTo(map));
  layer.bringToBack();
  const labelled = [];
  layer.eachLayer((l) => {
    const at = labelPoint(l.feature.geometry);
    if (!at) return;
    const options = { permanent: true, direction: "center", className: "area-label" };
    const name = textLabel(l.feature.properties.name);
    const tooltip = L.tooltip(options).setLatLng(at).setContent(name);
    labelled.push({ tooltip, priority: l.feature.properties.is_priority, size: extent(l) });
  });
  labelled.sort((a, b) => b.priority - a.priority || b.size - a.size);
  for (const { tooltip } of labelled) tooltip.addTo(map);
  declutterLabels(map, labelled.map((l) => l.tooltip));
}

// Opened on an area (?area=<CBS code>, e.g. from an area page): its outline, shown while
// the filters keep that area. Zoomed to without animation: vector layers added while
// Leaflet animates a zoom end up drawn in a stale, clipped frame.
const focus = config.focus
  ? L.geoJSON(config.focus.outline, {
      interactive: false,
      style: { className: "area area--focus" },
    })
  : null;
const focusNote = document.querySelector(".map-focus");
if (focus && !hashView) map.fitBounds(focus.getBounds(), { padding: [24, 24], animate: false });

function showFocus(area) {
  if (!focus) return;
  const shown = area === config.focus.code;
  if (shown) focus.addTo(map).bringToFront(); // not clickable, so it can lie on top
  else focus.remove();
  if (focusNote) focusNote.hidden = !shown;
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
    layerError(label);
  });
}

// The legend takes much room on a phone: start it folded there.
const legend = document.querySelector("details.legend");
if (legend && window.matchMedia("(max-width: 47.99rem)").matches) legend.open = false;

async function start() {
  const inputs = [...document.querySelectorAll("#map-layers input[name=layer]")];
  for (const input of inputs) input.addEventListener("change", () => toggle(input));
  const loading = notice(gettext("Loading map layers…"));
  pins = startPins(map, config, {
    filters: document.getElementById("pin-filters"),
    list: document.getElementById("pin-list"),
    status: document.getElementById("pin-list-status"),
    onError: (text) => notice(text, "error"),
    onArea: showFocus,
  });
  await Promise.all([
    drawDistricts().catch((error) => {
      console.error(error);
      layerError(gettext("Districts"));
    }),
    ...inputs.filter((i) => i.checked).map(toggle),
  ]);
  if (focus && map.hasLayer(focus)) focus.bringToFront();
  loading.remove();
  container.dataset.loaded = "true";
}

start();
