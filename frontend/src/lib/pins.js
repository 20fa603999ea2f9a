// Residents' pins on the map page: the vector-tile layer, its popups, the filters, and the
// list of the pins in view (the map's accessible twin: headings, links, counts, status).
import { L } from "./basemap.js";
import { interpolate, plural } from "./format.js";
import { filterQuery } from "./pinfilters.js";
import { onPinClick, PinTileLayer } from "./pintiles.js";
import { pinListItem, pinPopup } from "./pinviews.js";

const LIST_DELAY_MS = 300;
// Below this zoom the tiles show clusters; a click on one zooms to at least this level.
const PIN_ZOOM = 12;
const SHOW_ZOOM = 16;

// The benchmark (bench/) waits for this: the first pins tile with something drawn on it.
function markFirstDraw() {
  window.participatieMap = window.participatieMap || {};
  window.participatieMap.pinsDrawnAt ??= performance.now();
}

function bboxOf(map) {
  const b = map.getBounds();
  const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v)).toFixed(5);
  return [
    clamp(b.getWest(), 180),
    clamp(b.getSouth(), 90),
    clamp(b.getEast(), 180),
    clamp(b.getNorth(), 90),
  ].join(",");
}

export function startPins(map, config, { filters, list, status, onError }) {
  const s = config.strings;
  const pins = config.pins;
  map.createPane("pins");
  const layer = new PinTileLayer(pins.tiles, { lang: config.lang });
  layer.on("pinsdrawn", markFirstDraw);
  let tileErrorShown = false;
  layer.on("tileerror", () => {
    if (!tileErrorShown) onError(s.layerError.replace("%(layer)s", s.pins));
    tileErrorShown = true;
  });
  window.participatieMap = Object.assign(window.participatieMap || {}, { map, pins: layer });

  const openPin = (props, id, latlng) =>
    L.popup({ maxWidth: 280 }).setLatLng(latlng).setContent(pinPopup(props, id, s, pins)).openOn(map);

  onPinClick(map, layer, (hit) => {
    if (hit.cluster) {
      const zoom = map.getZoom();
      map.setView(hit.latlng, zoom >= PIN_ZOOM - 2 ? Math.max(PIN_ZOOM, zoom + 1) : zoom + 2);
    } else {
      openPin(hit.props, hit.id, hit.latlng);
    }
  });

  // --- the list of pins in view -------------------------------------------------------
  let query = filters ? filterQuery(filters, pins.openStatuses) : new URLSearchParams();
  let timer = null;
  let request = null;

  function showOnMap(feature, button) {
    const [lon, lat] = feature.geometry.coordinates;
    const latlng = L.latLng(lat, lon);
    map.setView(latlng, Math.max(map.getZoom(), SHOW_ZOOM), { animate: false });
    button.focus(); // the popup hands focus back here when it closes
    openPin(feature.properties, feature.id, latlng);
  }

  // List items are kept while their pin is still in view and unchanged: moving the map
  // then does not pull the focus (or a popup's way back) out from under a keyboard user.
  let items = new Map();
  const keyOf = (f) => {
    const p = f.properties;
    return [f.id, p.title, p.status, p.category, p.support_count, p.comment_count].join("|");
  };

  function render(collection) {
    const features = collection.features ?? [];
    const next = new Map();
    const nodes = features.map((f) => {
      const key = keyOf(f);
      const node = items.get(key) ?? pinListItem(f, s, pins, showOnMap);
      next.set(key, node);
      return node;
    });
    items = next;
    const unchanged =
      nodes.length === list.children.length && nodes.every((n, i) => list.children[i] === n);
    if (!unchanged) list.replaceChildren(...nodes);
    const count = features.length;
    status.textContent =
      count === 0
        ? s.inViewNone
        : count >= pins.listLimit
          ? interpolate(s.inViewLimit, { count })
          : plural(s, "inView", count);
  }

  async function refreshList() {
    request?.abort();
    request = new AbortController();
    const url = new URL(pins.list, window.location.origin);
    url.search = query.toString();
    url.searchParams.set("bbox", bboxOf(map));
    url.searchParams.set("limit", pins.listLimit);
    try {
      const response = await fetch(url, {
        signal: request.signal,
        headers: { Accept: "application/geo+json, application/json" },
      });
      if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
      render(await response.json());
      list.dataset.loaded = "true";
    } catch (error) {
      if (error.name === "AbortError") return;
      console.error(error);
      status.textContent = s.listError;
    }
  }

  function scheduleList() {
    clearTimeout(timer);
    timer = setTimeout(refreshList, LIST_DELAY_MS);
  }

  map.on("moveend", scheduleList);

  // --- filters ------------------------------------------------------------------------
  function applyFilters({ zoomToArea = false } = {}) {
    query = filterQuery(filters, pins.openStatuses);
    layer.setQuery(query.toString());
    const area = query.get("area");
    const bounds = area && pins.areaBounds[area];
    if (zoomToArea && bounds) {
      // fitBounds ends in a moveend, which refreshes the list.
      map.fitBounds(
        [
          [bounds[1], bounds[0]],
          [bounds[3], bounds[2]],
        ],
        { padding: [16, 16] },
      );
    }
    scheduleList();
  }

  if (filters) {
    filters.addEventListener("change", (event) =>
      applyFilters({ zoomToArea: event.target.name === "area" }),
    );
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      applyFilters({ zoomToArea: true });
      document.getElementById("pin-list-title")?.focus();
    });
  }
  layer.setQuery(query.toString());
  refreshList();

  return {
    layer,
    show(visible) {
      if (visible) layer.addTo(map);
      else layer.remove();
    },
  };
}

