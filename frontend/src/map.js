// The map page: areas, public-space layers from the public API, layer toggles in the page,
// and residents' pins from vector tiles with filters and a list of the pins in view.
import { createMap, L } from "./lib/basemap.js";
import { el, readJson } from "./lib/dom.js";
import { keepViewInHash, readHash } from "./lib/hash.js";
import { gettext, interpolate } from "./lib/i18n.js";
import { initiativeTileOptions } from "./lib/initiatives.js";
import { startPins } from "./lib/pins.js";
import {
  areaPopup,
  centrePopup,
  greeneryPopup,
  playgroundPopup,
  plannedWorkPopup,
} from "./lib/popups.js";
import { redesignLayer, withRedesign } from "./lib/redesigns.js";
import { districtNames, VectorTileLayer } from "./lib/vectortiles.js";

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

// The context layers come as vector tiles of the municipality (vectortiles.js): only what
// is in view, simplified to the zoom, so a page never waits for a whole layer.
const inMunicipality = (extra = {}) => {
  const query = new URLSearchParams(extra);
  if (config.areaFilter) query.set("area", config.areaFilter);
  return query.toString();
};

// Areas under the other layers (districts at the very back), pins above both (pins.css).
for (const [pane, zIndex] of [
  ["areas", 380],
  ["features", 390],
]) {
  map.createPane(pane).style.zIndex = zIndex;
}

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
  return (props, latlng) =>
    L.marker(latlng, { icon, alt: props.name, title: props.name, keyboard: false });
}

function markZoom() {
  const zoom = map.getZoom();
  container.classList.toggle("zoom-far", zoom < 14);
  container.classList.toggle("zoom-near", zoom >= 16);
}
map.on("zoomend", markZoom);
markZoom();

const areaClass = (props) =>
  `area area--${props.level}${props.is_priority ? " area--priority" : ""}`;
const areaPopupOf = (props) => areaPopup(props, config.areaUrl);

function tiles(layer, options) {
  return new VectorTileLayer(config.tiles, layer, options);
}

// What each toggleable layer looks like. Colours and dash patterns live in site.css
// (classes shared with the legend), so the legend can never disagree with the map.
const LAYERS = {
  neighbourhoods: () =>
    tiles("areas", {
      pane: "areas",
      zIndex: 2,
      query: inMunicipality({ level: "neighbourhood" }),
      className: areaClass,
      popup: areaPopupOf,
    }),
  playgrounds: () =>
    tiles("playgrounds", {
      query: inMunicipality(),
      pointToLayer: markerFor("playground"),
      popup: (props) => playgroundPopup(props),
    }),
  greenery: () =>
    tiles("greenery", {
      pane: "features",
      zIndex: 1,
      query: inMunicipality(),
      className: () => "greenery",
      popup: (props) => greeneryPopup(props),
    }),
  planned_works: () =>
    tiles("planned-works", {
      pane: "features",
      zIndex: 2,
      query: inMunicipality(),
      className: (props, type) =>
        `work work--${props.kind}${type === 3 ? " work--area" : ""}`,
      pointToLayer: (props, latlng) =>
        L.circleMarker(latlng, { radius: 8, className: `work work--${props.kind} work--area` }),
      popup: (props, id) => withRedesign(plannedWorkPopup(props), id, config.redesigns),
    }),
  centres: () =>
    tiles("centres", {
      query: inMunicipality(),
      pointToLayer: markerFor("centre"),
      popup: (props) => centrePopup(props),
    }),
  // Registered by the initiatives app (participatie/initiatives/maplayer.py).
  initiatives: () =>
    tiles(config.initiatives.layer, initiativeTileOptions(config.initiatives, inMunicipality())),
};

const loaded = {};
// Registered by the voting app (participatie/voting/maplayer.py) when it is installed:
// the project outlines around the view, loaded again when the map moves away.
const REDESIGNS = config.redesigns ? redesignLayer(config.redesigns) : null;

// `wanted` is asked again once the data is in: the box may have been unticked meanwhile.
async function showLayer(name, wanted) {
  if (name === "redesigns" && REDESIGNS) {
    if (!loaded[name]) {
      loaded[name] = REDESIGNS(map);
      loaded[name].catch(() => delete loaded[name]); // allow a retry
    }
    const layer = await loaded[name];
    if (wanted()) layer.addTo(map);
    return layer;
  }
  const layer = (loaded[name] ??= LAYERS[name]());
  if (!wanted()) return layer;
  layer.addTo(map);
  // The first tiles, or the first error: a layer whose tiles all fail says so once.
  return new Promise((resolve, reject) => {
    layer.once("load", () => resolve(layer));
    layer.once("tileerror", (event) => {
      layer.remove();
      delete loaded[name];
      reject(event.error ?? new Error(`${name}: tile error`));
    });
  });
}

async function hideLayer(name) {
  if (loaded[name]) map.removeLayer(await loaded[name]);
}

// District outlines from the tiles; their names (placed by the server, one per district,
// where a tile holds only a piece of it) as labels that make room for each other.
function drawDistricts() {
  const layer = tiles("areas", {
    pane: "areas",
    zIndex: 1,
    query: inMunicipality({ level: "district" }),
    className: areaClass,
    popup: areaPopupOf,
  }).addTo(map);
  districtNames(map, config.districtLabels);
  return new Promise((resolve, reject) => {
    layer.once("load", resolve);
    layer.once("tileerror", (event) => reject(event.error ?? new Error("districts: tile error")));
  });
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

// Pins first: their tiles are asked for before anything else, and the other layers wait
// for the first pins tile (or a short while, when there are no pins to wait for).
function afterFirstPins(layer) {
  return new Promise((resolve) => {
    if (!layer || !map.hasLayer(layer)) return resolve();
    const timer = setTimeout(resolve, 600);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    layer.once("tileload tileerror load", done);
  });
}

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
  const pinsInput = inputs.find((i) => i.value === "pins");
  if (pinsInput) toggle(pinsInput);
  await afterFirstPins(pins.layer);
  await Promise.all([
    drawDistricts().catch((error) => {
      console.error(error);
      layerError(gettext("Districts"));
    }),
    ...inputs.filter((i) => i.checked && i !== pinsInput).map(toggle),
  ]);
  if (focus && map.hasLayer(focus)) focus.bringToFront();
  loading.remove();
  container.dataset.loaded = "true";
}

start();
