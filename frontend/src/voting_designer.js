// The designers' pages (/ontwerpen/): draw the street or square and the eligible area
// (leaflet-geoman), place the design drawing on the street by dragging its corners
// (leaflet-distortableimage), draw the design features with their kind, and preview the
// options on the map. Every drawing is written as GeoJSON into a form field that also
// works without this script (and by keyboard): the map is the quicker way, not the only.
import { createMap, L } from "./lib/basemap.js";
import { fixedDrawing, placeDrawing, setOpacity, toLatLngs } from "./lib/distortable.js";
import { escapeHtml, readJson } from "./lib/dom.js";
import { gettext, interpolate } from "./lib/i18n.js";
import "./lib/leafletplugins.js";
import { areaOutlines } from "./lib/vectortiles.js";

const config = readJson("designer-map-config");
const PRECISION = 7;
const METRES_PER_DEGREE = 111320;
const STREET_STYLE = { className: "street-line", interactive: false };
const SHAPE_STYLE = { className: "drawn-eligible", interactive: false };
const FEATURE_STYLE = { className: "design-feature" };

function mapOn(id) {
  const container = document.getElementById(id);
  if (!container || !config) return null;
  container.hidden = false;
  const status = document.getElementById(`${id}-status`);
  const map = createMap(container, config, (text) => {
    if (status) status.textContent = text;
  });
  const lang = (document.documentElement.lang || "en").startsWith("nl") ? "nl" : "en";
  map.pm.setLang(lang);
  return map;
}

function parseJson(text) {
  if (!text || !text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function round(value) {
  return Number(value.toFixed(PRECISION));
}

// Leaflet layer → GeoJSON geometry with coordinates rounded to about a centimetre.
function geometryOf(layer) {
  const geometry = layer.toGeoJSON(PRECISION).geometry;
  return geometry;
}

function streetLayer(geometry, style = STREET_STYLE) {
  return geometry ? L.geoJSON(geometry, { style: () => style }) : null;
}

function fitTo(map, layers) {
  const group = L.featureGroup(layers.filter(Boolean));
  const bounds = group.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 19 });
}

// Context for drawing: the neighbourhood outlines (vector tiles), not clickable.
function drawNeighbourhoods(map) {
  areaOutlines(config, "neighbourhood", config.municipality).addTo(map);
}

// A button that starts drawing a shape with geoman, and stops it when pressed again.
// `onDrawn(layer)` gets the finished layer; the Finish button ends a line or area.
function drawButton(map, button, shape, { onDrawn, finish, options = {} }) {
  const label = button.textContent;
  let active = false;
  function stop() {
    if (!active) return;
    active = false;
    map.getContainer().classList.remove("is-drawing");
    map.pm.disableDraw();
    button.textContent = label;
    button.setAttribute("aria-pressed", "false");
    if (finish) finish.hidden = true;
    map.off("pm:create", created);
  }
  function created({ layer }) {
    stop();
    onDrawn(layer);
  }
  button.addEventListener("click", () => {
    if (active) return stop();
    map.pm.disableDraw();
    active = true;
    button.textContent = gettext("Stop drawing");
    button.setAttribute("aria-pressed", "true");
    if (finish && shape !== "Marker") {
      finish.hidden = false;
      finish.onclick = () => map.pm.Draw[shape]?._finishShape?.();
    }
    map.on("pm:create", created);
    // Clicks go to the drawing tool, not to the design drawing lying on the street.
    map.getContainer().classList.add("is-drawing");
    const extra = typeof options === "function" ? options() : options;
    map.pm.enableDraw(shape, { snappable: false, allowSelfIntersection: false, ...extra });
    return undefined;
  });
  return { stop };
}

// --- the project form: street or square, and the eligible area -------------------------

function projectForm() {
  const map = mapOn("project-map");
  if (!map) return;
  drawNeighbourhoods(map);
  const form = document.getElementById("project-form");
  const geomInput = form.elements.geom;
  const shapeInput = form.elements.eligible_shape;
  const finish = document.getElementById("draw-finish");
  const clearStreet = document.getElementById("clear-street");
  const clearShape = document.getElementById("clear-shape");
  document.getElementById("street-tools").hidden = false;
  document.getElementById("shape-tools").hidden = false;
  const status = document.getElementById("project-map-status");
  let street = null;
  let shape = null;

  function showStreet(geometry, { fit = false } = {}) {
    street?.remove();
    street = streetLayer(geometry);
    street?.addTo(map);
    clearStreet.hidden = !street;
    if (fit && street) fitTo(map, [street, shape]);
  }
  function showShape(geometry) {
    shape?.remove();
    shape = streetLayer(geometry, SHAPE_STYLE);
    shape?.addTo(map);
    clearShape.hidden = !shape;
  }
  function fromInput(input) {
    const data = parseJson(input.value);
    if (!data) return null;
    if (data.type === "Feature") return data.geometry;
    if (data.type === "FeatureCollection") return data;
    return data;
  }

  showShape(fromInput(shapeInput));
  showStreet(fromInput(geomInput) ?? config.street, { fit: true });
  map.getContainer().dataset.loaded = "true";

  drawButton(map, document.getElementById("draw-street-line"), "Line", {
    finish,
    onDrawn(layer) {
      layer.remove();
      geomInput.value = JSON.stringify(geometryOf(layer));
      showStreet(geometryOf(layer));
      status.textContent = gettext("The street is drawn. Save the form to keep it.");
    },
  });
  drawButton(map, document.getElementById("draw-street-area"), "Polygon", {
    finish,
    onDrawn(layer) {
      layer.remove();
      geomInput.value = JSON.stringify(geometryOf(layer));
      showStreet(geometryOf(layer));
      status.textContent = gettext("The square is drawn. Save the form to keep it.");
    },
  });
  const drawShape = document.getElementById("draw-shape");
  drawButton(map, drawShape, "Polygon", {
    finish,
    onDrawn(layer) {
      layer.remove();
      shapeInput.value = JSON.stringify(geometryOf(layer));
      showShape(geometryOf(layer));
      status.textContent = gettext("The eligible area is drawn.");
    },
  });
  clearStreet.addEventListener("click", () => {
    geomInput.value = "";
    showStreet(null);
    status.textContent = gettext("The street is removed.");
    document.getElementById("draw-street-line").focus();
  });
  clearShape.addEventListener("click", () => {
    shapeInput.value = "";
    showShape(null);
    status.textContent = gettext("The drawn area is removed.");
    drawShape.focus();
  });
  // Typed or pasted GeoJSON shows on the map too.
  geomInput.addEventListener("change", () => showStreet(fromInput(geomInput), { fit: true }));
  shapeInput.addEventListener("change", () => showShape(fromInput(shapeInput)));
}

// --- the option form: the drawing on the street, and the design features ---------------

// Corners that lay an image of width × height over the street's bounding box, keeping its
// proportions (as the server does when no corners are given).
function fitCorners(geometry, width, height) {
  const bounds = L.geoJSON(geometry).getBounds();
  const lat = bounds.getCenter().lat;
  const lon = bounds.getCenter().lng;
  const xScale = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  let boxW = Math.max((bounds.getEast() - bounds.getWest()) * xScale, 10);
  let boxH = Math.max((bounds.getNorth() - bounds.getSouth()) * METRES_PER_DEGREE, 10);
  const aspect = width / height;
  if (boxW / boxH > aspect) boxH = boxW / aspect;
  else boxW = boxH * aspect;
  const dLon = boxW / 2 / xScale;
  const dLat = boxH / 2 / METRES_PER_DEGREE;
  const [w, e, s, n] = [lon - dLon, lon + dLon, lat - dLat, lat + dLat].map(round);
  return [
    [w, n],
    [e, n],
    [w, s],
    [e, s],
  ];
}

function kindIcon(kind, label) {
  return L.divIcon({
    className: `design-marker-wrap design-marker-wrap--${kind}`,
    html: `<span class="design-marker design-marker--${escapeHtml(kind)}" aria-hidden="true">${escapeHtml(label.charAt(0))}</span>`,
    iconSize: [26, 26],
    iconAnchor: [13, 13],
  });
}

function featureLayer(feature, kinds) {
  const kind = feature.properties?.kind || "other";
  const label = kinds[kind] ?? kind;
  return L.geoJSON(feature, {
    style: () => FEATURE_STYLE,
    pointToLayer: (_f, latlng) => L.marker(latlng, { icon: kindIcon(kind, label), keyboard: false }),
  });
}

function drawingEditor(map, street) {
  const form = document.getElementById("option-form");
  const fileInput = form.elements.overlay;
  const cornersInput = form.elements.overlay_corners;
  const opacityInput = document.getElementById("drawing-opacity");
  const tools = document.getElementById("drawing-tools");
  const help = document.getElementById("drawing-help");
  const status = document.getElementById("option-map-status");
  let overlay = null;
  let objectUrl = null;
  const opacity = () => Number(opacityInput.value) / 100;

  function show(url, corners) {
    overlay?.remove();
    tools.hidden = false;
    help.hidden = false;
    overlay = placeDrawing(map, url, {
      corners,
      opacity: opacity(),
      cornerNames: [
        gettext("Top-left corner of the drawing"),
        gettext("Top-right corner of the drawing"),
        gettext("Bottom-left corner of the drawing"),
        gettext("Bottom-right corner of the drawing"),
      ],
      onChange(next) {
        cornersInput.value = JSON.stringify(next);
        map.getContainer().dataset.drawing = "placed";
      },
    });
    if (!corners) {
      // No place yet: over the street, once the image's size is known.
      overlay.getElement().addEventListener("load", () => fit(), { once: true });
    }
  }

  function fit() {
    const image = overlay?.getElement();
    if (!image || !street || !image.naturalWidth) return;
    const corners = fitCorners(config.street, image.naturalWidth, image.naturalHeight);
    overlay.setCorners(toLatLngs(corners));
    cornersInput.value = JSON.stringify(corners);
    status.textContent = gettext("The drawing lies over the street. Drag its corners to fit it.");
  }

  fileInput.addEventListener("change", () => {
    const file = fileInput.files[0];
    if (!file) return;
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(file);
    cornersInput.value = "";
    show(objectUrl, null);
    status.textContent = gettext("The drawing is on the map. Drag its corners to fit it to the street.");
  });
  document.getElementById("fit-drawing").addEventListener("click", fit);
  opacityInput.addEventListener("input", () => overlay && setOpacity(overlay, opacity()));

  const corners = parseJson(cornersInput.value);
  if (config.drawing) show(config.drawing, Array.isArray(corners) ? corners : null);
}

function featureEditor(map, kinds) {
  const form = document.getElementById("option-form");
  const input = form.elements.features;
  const list = document.getElementById("feature-list");
  const empty = document.getElementById("feature-list-empty");
  const kindSelect = document.getElementById("feature-kind");
  const status = document.getElementById("option-map-status");
  document.getElementById("feature-tools").hidden = false;
  document.getElementById("feature-list-wrap").hidden = false;
  const items = []; // { feature, layer }

  function write() {
    input.value = items.length
      ? JSON.stringify({ type: "FeatureCollection", features: items.map((i) => i.feature) })
      : "";
    render();
  }

  function typeLabel(geometry) {
    if (geometry.type.endsWith("Point")) return gettext("point");
    if (geometry.type.endsWith("LineString")) return gettext("line");
    return gettext("area");
  }

  function render() {
    empty.hidden = items.length > 0;
    list.replaceChildren(
      ...items.map((item, index) => {
        const li = document.createElement("li");
        const id = `feature-kind-${index}`;
        const label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = interpolate(gettext("Feature %(n)s (%(type)s)"), {
          n: index + 1,
          type: typeLabel(item.feature.geometry),
        });
        const select = document.createElement("select");
        select.id = id;
        for (const [key, text] of Object.entries(kinds)) {
          const option = new Option(text, key, false, key === item.feature.properties.kind);
          select.append(option);
        }
        select.addEventListener("change", () => {
          item.feature.properties.kind = select.value;
          redraw(item);
          write();
        });
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-button";
        remove.textContent = interpolate(gettext("Remove feature %(n)s"), { n: index + 1 });
        remove.addEventListener("click", () => {
          item.layer.remove();
          items.splice(items.indexOf(item), 1);
          write();
          status.textContent = gettext("The feature is removed.");
          (list.querySelector("button") ?? kindSelect).focus();
        });
        li.append(label, " ", select, " ", remove);
        return li;
      }),
    );
  }

  function redraw(item) {
    item.layer?.remove();
    item.layer = featureLayer(item.feature, kinds).addTo(map);
  }

  function add(feature) {
    const item = { feature, layer: null };
    redraw(item);
    items.push(item);
  }

  const existing = parseJson(input.value);
  for (const feature of existing?.features ?? []) {
    feature.properties = { kind: feature.properties?.kind || "other" };
    add(feature);
  }
  render();

  for (const button of document.querySelectorAll("#feature-tools [data-draw]")) {
    drawButton(map, button, button.dataset.draw, {
      // The marker that follows the pointer: the kind's symbol, and never in the way of
      // the click that places it.
      options: () => ({
        markerStyle: {
          icon: kindIcon(kindSelect.value, kinds[kindSelect.value] ?? ""),
          interactive: false,
        },
        pathOptions: FEATURE_STYLE,
        templineStyle: FEATURE_STYLE,
      }),
      onDrawn(layer) {
        layer.remove();
        const kind = kindSelect.value;
        add({ type: "Feature", geometry: geometryOf(layer), properties: { kind } });
        write();
        status.textContent = interpolate(gettext("Added: %(kind)s."), { kind: kinds[kind] });
      },
    });
  }
}

function optionForm() {
  const map = mapOn("option-map");
  if (!map) return;
  const street = streetLayer(config.street)?.addTo(map);
  if (street) fitTo(map, [street]);
  drawingEditor(map, street);
  featureEditor(map, config.kinds ?? {});
  map.getContainer().dataset.loaded = "true";
}

// --- the preview: the options over the same street --------------------------------------

function preview() {
  const map = mapOn("preview-map");
  if (!map) return;
  const street = streetLayer(config.street)?.addTo(map);
  if (street) fitTo(map, [street]);
  const kinds = config.kinds ?? {};
  const layers = new Map();
  for (const option of config.options ?? []) {
    const group = L.layerGroup();
    const overlay = option.properties.overlay;
    if (overlay) {
      group.addLayer(fixedDrawing(overlay.url, overlay.corners));
    }
    if (option.geometry) {
      const features = (option.geometry.geometries ?? []).map((geometry, i) => ({
        type: "Feature",
        geometry,
        properties: { kind: option.properties.feature_kinds?.[i] ?? "other" },
      }));
      for (const feature of features) group.addLayer(featureLayer(feature, kinds));
    }
    layers.set(String(option.id), group);
  }
  const switcher = document.getElementById("preview-switch");
  const status = document.getElementById("preview-map-status");
  function showOption(id) {
    for (const [key, group] of layers) {
      if (key === id) group.addTo(map);
      else group.remove();
    }
    const title = (config.options ?? []).find((o) => String(o.id) === id)?.properties.title;
    if (title) status.textContent = interpolate(gettext("Shown: %(title)s."), { title });
  }
  if (layers.size) {
    switcher.hidden = false;
    switcher.addEventListener("change", (event) => showOption(event.target.value));
    showOption(switcher.querySelector("input:checked")?.value ?? layers.keys().next().value);
  }
  map.getContainer().dataset.loaded = "true";
}

projectForm();
optionForm();
preview();
