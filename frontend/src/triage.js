// The workspace: the table of matching reports and a map of the same selection, kept in
// sync. Filters live in the address (Back and Forward restore them); a change fetches the
// table (/werkruimte/resultaten/) and the map data (/werkruimte/kaart/) without a reload.
// Everything works without this script: the filter form, the table, the bulk form.
import { createMap, L } from "./lib/basemap.js";
import { el, readJson } from "./lib/dom.js";
import { areaDrawing } from "./lib/drawarea.js";
import { gettext, interpolate } from "./lib/i18n.js";
import { pinIcon } from "./lib/markers.js";
import {
  choropleth,
  clusterLayer,
  confidentialLayer,
  heatmap,
  legendSection,
} from "./lib/overview.js";
import { formParams, setForm } from "./lib/pinfilters.js";

const config = readJson("workspace-config");
const form = document.getElementById("workspace-filters");
const results = document.getElementById("workspace-results");
const countBox = document.getElementById("results-count");
const container = document.getElementById("workspace-map");
const statusBox = document.getElementById("map-status");
const legendBox = document.getElementById("map-legend");
const tools = document.getElementById("map-tools");
const SHOW_ZOOM = 17;
const MOVE_DELAY_MS = 250;

function notice(text, kind = "info") {
  const item = el("p", { class: `notice notice--${kind}` }, text);
  statusBox.replaceChildren(item);
  return item;
}

container.hidden = false;
tools.hidden = false;
const map = createMap(container, config, (text) => notice(text));
// Below the table's markers: first the colours per neighbourhood, then clusters or heat.
map.createPane("choropleth").style.zIndex = 350;
map.createPane("overview").style.zIndex = 450;
// For the browser tests and the benchmark: the map, to find a place on screen.
window.participatieWorkspace = { map };

// --- the table's page as markers, in step with its rows --------------------------------
const markers = new Map(); // pin id → marker
const rowMarkers = L.layerGroup().addTo(map);

function rowOf(id) {
  return document.getElementById(`row-${id}`);
}

// A row and its marker are highlighted while either is hovered or the row has the focus
// (the mouse leaving the marker does not take the highlight from a focused row).
const hovered = new Set();
let shown = null; // the pin whose popup "show on map" opened

function highlight(id) {
  const row = rowOf(id);
  const on = hovered.has(id) || shown === id || Boolean(row?.contains(document.activeElement));
  const marker = markers.get(id);
  marker?.getElement()?.classList.toggle("is-highlighted", on);
  marker?.setZIndexOffset(on ? 1000 : 0);
  row?.classList.toggle("is-highlighted", on);
}

function hover(id, on) {
  if (on) hovered.add(id);
  else hovered.delete(id);
  highlight(id);
}

function focusRow(id) {
  const row = rowOf(id);
  if (!row) return;
  row.scrollIntoView({ block: "nearest" });
  row.querySelector(".cell-title a")?.focus();
}

function showOnMap(id, button) {
  const marker = markers.get(id);
  if (!marker) return;
  map.setView(marker.getLatLng(), Math.max(map.getZoom(), SHOW_ZOOM), { animate: false });
  const row = rowOf(id);
  const link = row.querySelector(".cell-title a");
  button.focus(); // the popup hands the focus back here when it closes
  L.popup({ maxWidth: 280 })
    .setLatLng(marker.getLatLng())
    .setContent(
      el(
        "div",
        { class: "pin-popup" },
        el("h2", { class: "popup-title" }, link.textContent),
        el("p", {}, el("a", { href: link.getAttribute("href") }, gettext("Handle this report"))),
      ),
    )
    .openOn(map);
  shown = id;
  highlight(id);
}

map.on("popupclose", () => {
  const id = shown;
  shown = null;
  if (id) highlight(id);
});

function drawRowMarkers() {
  rowMarkers.clearLayers();
  markers.clear();
  hovered.clear();
  shown = null;
  for (const row of results.querySelectorAll("tr[data-pin]")) {
    const id = row.dataset.pin;
    const title = row.querySelector(".cell-title a").textContent;
    const marker = L.marker([Number(row.dataset.lat), Number(row.dataset.lon)], {
      icon: pinIcon(row.dataset.kind),
      keyboard: false, // the row is the keyboard's way to this pin
      title,
      riseOnHover: true,
    });
    marker.on("click", () => focusRow(id));
    marker.on("mouseover", () => hover(id, true));
    marker.on("mouseout", () => hover(id, false));
    marker.on("add", () => {
      const element = marker.getElement();
      element?.classList.toggle("is-overdue", row.classList.contains("is-overdue"));
      element?.setAttribute("data-pin", id);
    });
    rowMarkers.addLayer(marker);
    markers.set(id, marker);
    row.addEventListener("mouseenter", () => hover(id, true));
    row.addEventListener("mouseleave", () => hover(id, false));
    row.addEventListener("focusin", () => highlight(id));
    // While focus moves, the element losing it is still the active one: ask afterwards.
    row.addEventListener("focusout", () => setTimeout(() => highlight(id)));
  }
}

// --- the table: select all, bulk action fields, "show on map", pages ------------------
function enhanceTable() {
  const bulk = document.getElementById("bulk-form");
  for (const button of results.querySelectorAll("[data-show-on-map]")) {
    button.hidden = false;
    button.addEventListener("click", () => showOnMap(button.dataset.showOnMap, button));
  }
  const boxes = [...results.querySelectorAll("input[name=pin]")];
  const counter = document.getElementById("selection-count");
  const head = results.querySelector("thead .cell-select");
  if (head && boxes.length) {
    const all = el("input", {
      type: "checkbox",
      id: "select-all",
      "aria-label": gettext("Select all reports on this page"),
    });
    head.replaceChildren(all);
    all.addEventListener("change", () => {
      for (const box of boxes) box.checked = all.checked;
      counted();
    });
  }
  function counted() {
    const n = boxes.filter((b) => b.checked).length;
    if (counter) {
      counter.textContent = n
        ? interpolate(gettext("(%(count)s ticked)"), { count: n })
        : "";
    }
    const all = document.getElementById("select-all");
    if (all) {
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
  }
  for (const box of boxes) box.addEventListener("change", counted);
  counted();
  // Only the fields of the chosen action.
  if (bulk) {
    const groups = [...bulk.querySelectorAll("[data-bulk]")];
    const chosen = () => bulk.querySelector("input[name=action]:checked")?.value;
    const toggle = () => {
      for (const group of groups) group.hidden = group.dataset.bulk !== chosen();
    };
    for (const radio of bulk.querySelectorAll("input[name=action]")) {
      radio.addEventListener("change", toggle);
    }
    toggle();
  }
  for (const link of results.querySelectorAll("a[data-page]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const params = new URL(link.href).searchParams;
      go(params, { push: true });
      document.getElementById("results-title").scrollIntoView();
    });
  }
  drawRowMarkers();
}

// --- map data: clusters or heat, colours per neighbourhood, confidential counts -------
let overview = null;
let confidential = null;
let lastData = { cells: [], neighbourhoods: {}, confidential: {} };
const overviewChoice = () => tools.querySelector("input[name=overview]:checked")?.value;
const choroplethBox = document.getElementById("layer-choropleth");
// Neighbourhood outlines from the vector tiles, coloured by the counts of the last answer.
const shades = choropleth(config, config.municipality);
if (choroplethBox.checked) shades.layer.addTo(map);
const confidentialBox = document.getElementById("layer-confidential");

function drawOverview() {
  overview?.remove();
  overview = null;
  const cells = lastData.cells ?? [];
  if (overviewChoice() === "clusters") overview = clusterLayer(map, cells).addTo(map);
  if (overviewChoice() === "heat" && cells.length) overview = heatmap(cells).addTo(map);
}

// The counts per neighbourhood as a table too: the colours' words, for every reader.
function fillCountsTable() {
  const box = document.getElementById("neighbourhood-counts");
  if (!box) return;
  const names = new Map((config.neighbourhoods ?? []).map((n) => [n.code, n.name]));
  const counts = Object.entries(lastData.neighbourhoods ?? {})
    .map(([code, count]) => ({ name: names.get(code) ?? code, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  box.querySelector("tbody").replaceChildren(
    ...counts.map((row) =>
      el("tr", {}, el("th", { scope: "row" }, row.name), el("td", { class: "num" }, row.count)),
    ),
  );
  box.hidden = counts.length === 0;
}

function drawCounts() {
  fillCountsTable();
  confidential?.remove();
  confidential = null;
  const sections = [];
  const shadesLegend = shades.update(lastData.neighbourhoods ?? {});
  sections.push(legendSection(gettext("Matching reports per neighbourhood"), shadesLegend));
  if (config.confidentialAggregated) {
    confidential = confidentialLayer(config.neighbourhoods, lastData.confidential ?? {});
    if (confidentialBox?.checked) confidential.addTo(map);
  }
  sections.push(
    legendSection(
      gettext("Markers"),
      el(
        "ul",
        { class: "legend-list" },
        el("li", {}, el("span", { class: "legend-marker" }), gettext("a report in the table (this page)")),
        el(
          "li",
          {},
          el("span", { class: "legend-marker legend-marker--overdue" }),
          gettext("overdue"),
        ),
        el("li", {}, el("span", { class: "ws-cluster ws-cluster--legend" }, "12"), gettext("all matching reports near here (click to zoom in)")),
        config.confidentialAggregated
          ? el(
              "li",
              {},
              el("span", { class: "ws-confidential ws-confidential--legend" }, "5"),
              gettext("confidential signals in a neighbourhood (5 or more; the social team handles them)"),
            )
          : null,
      ),
    ),
  );
  legendBox.replaceChildren(...sections);
}

function bboxOf() {
  const b = map.getBounds();
  const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v)).toFixed(5);
  return [
    clamp(b.getWest(), 180),
    clamp(b.getSouth(), 90),
    clamp(b.getEast(), 180),
    clamp(b.getNorth(), 90),
  ].join(",");
}

let mapRequest = null;
async function loadMapData(params, { cellsOnly = false } = {}) {
  mapRequest?.abort();
  const request = (mapRequest = new AbortController());
  const url = new URL(config.urls.mapData, window.location.origin);
  url.search = params.toString();
  url.searchParams.set("view", bboxOf());
  if (cellsOnly) url.searchParams.set("only", "cells");
  container.dataset.state = "loading";
  try {
    const response = await fetch(url, {
      signal: request.signal,
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
    const data = await response.json();
    lastData = cellsOnly ? { ...lastData, cells: data.cells } : data;
    drawOverview();
    if (!cellsOnly) drawCounts();
    statusBox.replaceChildren();
    container.dataset.state = "ready";
    container.dataset.loaded = "true";
  } catch (error) {
    if (error.name === "AbortError") return;
    console.error(error);
    notice(gettext("The map could not be loaded. The table still works; please try again later."), "error");
    container.dataset.state = "error";
  }
}

// --- filters in the address -----------------------------------------------------------
let params = new URLSearchParams(window.location.search);
let resultsRequest = null;

function addressOf(p) {
  const search = p.toString();
  return `${window.location.pathname}${search ? `?${search}` : ""}`;
}

function filtersOnly(p) {
  const copy = new URLSearchParams(p);
  copy.delete("pagina");
  return copy;
}

// Links and forms that carry the current filters: share, save, delete, back.
function keepQueryInPage() {
  const query = filtersOnly(params).toString();
  const share = document.getElementById("share-url");
  if (share) share.value = new URL(addressOf(filtersOnly(params)), window.location.origin).href;
  const save = document.getElementById("save-query");
  if (save) save.value = query;
  for (const input of document.querySelectorAll("[data-current-query]")) input.value = query;
  for (const link of document.querySelectorAll("a[data-export]")) {
    link.href = link.dataset.export + (query ? `?${query}` : "");
  }
  const polygon = form.elements.polygon?.value;
  document.getElementById("drawn-area-note").hidden = !polygon;
}

async function loadResults() {
  resultsRequest?.abort();
  const request = (resultsRequest = new AbortController());
  const url = new URL(config.urls.results, window.location.origin);
  url.search = params.toString();
  results.setAttribute("aria-busy", "true");
  results.dataset.state = "loading";
  try {
    const response = await fetch(url, {
      signal: request.signal,
      headers: { Accept: "text/html" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
    // The server's own, escaped HTML: the same fragment the page was rendered with.
    results.innerHTML = await response.text();
    const inner = document.getElementById("results-inner");
    countBox.textContent = inner?.dataset.countText ?? "";
    enhanceTable();
    results.dataset.state = "ready";
  } catch (error) {
    if (error.name === "AbortError") return;
    console.error(error);
    countBox.textContent = gettext("The reports could not be loaded. Please try again later.");
    results.dataset.state = "error";
  }
  results.removeAttribute("aria-busy");
}

function zoomToFilters(drawnShape) {
  const area = params.get("area");
  const bounds = area && config.areaBounds[area];
  if (drawnShape) {
    map.fitBounds(drawnShape.getBounds(), { padding: [16, 16], animate: false });
  } else if (bounds) {
    map.fitBounds(
      [
        [bounds[1], bounds[0]],
        [bounds[3], bounds[2]],
      ],
      { padding: [16, 16], animate: false },
    );
  }
}

let drawing = null;
let moveTimer = null;
let quietMove = false; // our own zooms: the full load follows anyway

function go(next, { push = true, zoom = false } = {}) {
  const changed = next.toString() !== params.toString();
  const filtersChanged = filtersOnly(next).toString() !== filtersOnly(params).toString();
  params = next;
  if (push && changed) window.history.pushState(null, "", addressOf(params));
  keepQueryInPage();
  const shape = drawing.set(params.get("polygon") ?? "");
  if (zoom) {
    quietMove = true;
    zoomToFilters(shape);
    quietMove = false;
  }
  loadResults();
  // Another page of the same selection: the same clusters and counts.
  if (filtersChanged || zoom) loadMapData(filtersOnly(params));
}

// The form changed: page 1 of the new selection, a new history entry.
function chosen(event) {
  const next = formParams(form);
  go(next, { zoom: ["area", "polygon"].includes(event?.target?.name) });
}

drawing = areaDrawing(map, {
  draw: document.getElementById("draw-area"),
  clear: document.getElementById("clear-area"),
  hint: document.getElementById("draw-hint"),
  onChange: (polygon) => {
    form.elements.polygon.value = polygon;
    chosen({ target: { name: "polygon" } });
  },
});

form.addEventListener("change", (event) => {
  if (event.target.type === "search" || event.target.type === "text") return; // on submit
  chosen(event);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  chosen(event);
});
document.getElementById("drawn-area-remove")?.addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("clear-area").click();
});

window.addEventListener("popstate", () => {
  const address = new URLSearchParams(window.location.search);
  setForm(form, address);
  form.elements.polygon.value = address.get("polygon") ?? "";
  go(address, { push: false, zoom: true });
});

for (const input of tools.querySelectorAll("input[name=overview]")) {
  input.addEventListener("change", drawOverview);
}
choroplethBox.addEventListener("change", () => {
  if (choroplethBox.checked) shades.layer.addTo(map);
  else shades.layer.remove();
});
confidentialBox?.addEventListener("change", () => {
  if (!confidential) return;
  if (confidentialBox.checked) confidential.addTo(map);
  else confidential.remove();
});

map.on("moveend", () => {
  if (quietMove) return;
  clearTimeout(moveTimer);
  moveTimer = setTimeout(() => loadMapData(filtersOnly(params), { cellsOnly: true }), MOVE_DELAY_MS);
});

// Start: the table is already on the page; the form shows the address's filters.
setForm(form, params);
form.elements.polygon.value = params.get("polygon") ?? "";
quietMove = true;
zoomToFilters(drawing.set(params.get("polygon") ?? ""));
quietMove = false;
keepQueryInPage();
enhanceTable();
results.dataset.state = "ready";
loadMapData(filtersOnly(params));
