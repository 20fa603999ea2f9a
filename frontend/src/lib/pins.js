// Residents' pins on the map page: the vector-tile layer, its popups, the filters (kept in
// the address), and the list of the pins in view (the map's accessible twin and its
// keyboard route: headings, links, counts, status, "show on the map").
import { L } from "./basemap.js";
import { gettext, interpolate, language, ngettext } from "./i18n.js";
import { apiQuery, formParams, setForm } from "./pinfilters.js";
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

function listStatus(count, limit) {
  if (count === 0) return gettext("No reports in view. Zoom out, move the map or change the filters.");
  if (count >= limit) {
    const text = gettext("The %(count)s newest reports in view. Zoom in or filter to see the others.");
    return interpolate(text, { count });
  }
  return interpolate(ngettext("%(count)s report in view", "%(count)s reports in view", count), {
    count,
  });
}

// `onArea(code)` hears which area the filters chose (at the start, and on every change).
export function startPins(map, config, { filters, list, status, onError, onArea }) {
  const pins = config.pins;
  map.createPane("pins");
  const layer = new PinTileLayer(pins.tiles, { lang: language() });
  layer.on("pinsdrawn", markFirstDraw);
  let tileErrorShown = false;
  layer.on("tileerror", () => {
    if (tileErrorShown) return;
    tileErrorShown = true;
    const text = gettext(
      "The layer “%(layer)s” could not be loaded. The rest of the map still works; please try again later.",
    );
    onError(interpolate(text, { layer: gettext("Ideas and complaints") }));
  });
  window.participatieMap = Object.assign(window.participatieMap || {}, { map, pins: layer });

  const openPin = (props, id, latlng) =>
    L.popup({ maxWidth: 280 }).setLatLng(latlng).setContent(pinPopup(props, id, pins)).openOn(map);

  onPinClick(map, layer, (hit) => {
    if (hit.cluster) {
      const zoom = map.getZoom();
      map.setView(hit.latlng, zoom >= PIN_ZOOM - 2 ? Math.max(PIN_ZOOM, zoom + 1) : zoom + 2);
    } else {
      openPin(hit.props, hit.id, hit.latlng);
    }
  });

  // --- the list of pins in view -------------------------------------------------------
  let params = new URLSearchParams(); // the filters, as in the address
  let query = new URLSearchParams(); // the same for the API and the tiles
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
      const node = items.get(key) ?? pinListItem(f, pins, showOnMap);
      next.set(key, node);
      return node;
    });
    items = next;
    const unchanged =
      nodes.length === list.children.length && nodes.every((n, i) => list.children[i] === n);
    if (!unchanged) list.replaceChildren(...nodes);
    status.textContent = listStatus(features.length, pins.listLimit);
  }

  async function refreshList() {
    request?.abort();
    request = new AbortController();
    const url = new URL(pins.list, window.location.origin);
    url.search = query.toString();
    url.searchParams.set("bbox", bboxOf(map));
    url.searchParams.set("limit", pins.listLimit);
    list.setAttribute("aria-busy", "true");
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
      status.textContent = gettext("The list of reports could not be loaded. Please try again later.");
    }
    list.removeAttribute("aria-busy");
  }

  function scheduleList() {
    clearTimeout(timer);
    list.setAttribute("aria-busy", "true");
    timer = setTimeout(refreshList, LIST_DELAY_MS);
  }

  map.on("moveend", scheduleList);

  // --- filters, kept in the address ---------------------------------------------------
  const addressOf = (p) => {
    const search = p.toString();
    return `${window.location.pathname}${search ? `?${search}` : ""}${window.location.hash}`;
  };

  // Tiles, list and area outline follow `params`; with zoomToArea the map goes there too.
  function apply({ zoomToArea = false } = {}) {
    query = apiQuery(params, pins.openStatuses);
    layer.setQuery(query.toString());
    const area = params.get("area") ?? "";
    onArea?.(area);
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

  // The form changed: a new history entry, so Back returns to the filters before.
  function chosen({ zoomToArea }) {
    const next = formParams(filters, params);
    const changed = next.toString() !== params.toString();
    if (changed) {
      params = next;
      window.history.pushState(window.history.state, "", addressOf(params));
    }
    if (changed || zoomToArea) apply({ zoomToArea });
  }

  // The address says which filters (opening or reloading the page, Back and Forward).
  function fromAddress() {
    const address = new URLSearchParams(window.location.search);
    setForm(filters, address);
    params = formParams(filters, address);
    // What the form could not take (an unknown category…) leaves the address too.
    if (params.toString() !== address.toString()) {
      window.history.replaceState(window.history.state, "", addressOf(params));
    }
  }

  if (filters) {
    fromAddress();
    filters.addEventListener("change", (event) =>
      chosen({ zoomToArea: event.target.name === "area" }),
    );
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      chosen({ zoomToArea: true });
      document.getElementById("pin-list-title")?.focus();
    });
    // The view (#zoom/lat/lon) comes back with the address's hash (hash.js).
    window.addEventListener("popstate", () => {
      fromAddress();
      apply();
    });
  }
  query = apiQuery(params, pins.openStatuses);
  layer.setQuery(query.toString());
  onArea?.(params.get("area") ?? "");
  // After the page script has asked for the pin tiles: the map's pins come first.
  setTimeout(refreshList, 0);

  return {
    layer,
    show(visible) {
      if (visible) layer.addTo(map);
      else layer.remove();
    },
  };
}
