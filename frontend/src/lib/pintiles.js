// The pins layer: vector tiles (/tiles/pins/{z}/{x}/{y}.pbf) drawn on canvas tiles.
//
// Leaflet.VectorGrid was the first choice, but 1.3.0 does not work with Leaflet 1.9 (its
// canvas renderer calls L.DomEvent.fakeStop, which Leaflet 1.8 removed, so every click
// throws; it also needs a global `L`), and it cannot draw text or shapes other than circles.
// This GridLayer is small: fetch, decode with @mapbox/vector-tile, draw, and hit-test.
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { L } from "./basemap.js";
import { clusterRadius, drawCluster, drawPin, PIN_RADIUS } from "./pinsymbols.js";

const LAYER = "pins";
// Extra pixels around a symbol that still count as a hit: fingers are not mouse pointers.
const HIT_SLOP = 6;
// Open pins above faded ones, clusters above everything.
const rank = (item) => (item.cluster ? 2 : ["done", "declined"].includes(item.props.status) ? 0 : 1);

export const PinTileLayer = L.GridLayer.extend({
  options: { pane: "pins", updateWhenZooming: false, keepBuffer: 1 },

  initialize(template, options = {}) {
    L.setOptions(this, options);
    this._template = template;
    this._query = "";
    const format = new Intl.NumberFormat(options.lang, {
      notation: "compact",
      maximumFractionDigits: 1,
    });
    this._countLabel = (n) => format.format(n);
    this.on("tileunload", (e) => e.tile._controller?.abort());
  },

  // Filters as a query string (kind=idea&status=new…): the tiles take the API's filters.
  setQuery(query) {
    if (query === this._query) return;
    this._query = query;
    if (this._map) this.redraw();
  },

  tileUrl({ x, y, z }) {
    const path = this._template.replace("{z}", z).replace("{x}", x).replace("{y}", y);
    return this._query ? `${path}?${this._query}` : path;
  },

  createTile(coords, done) {
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    const tile = document.createElement("canvas");
    tile.width = size.x * ratio;
    tile.height = size.y * ratio;
    tile._hits = [];
    const controller = (tile._controller = new AbortController());
    // Default cache mode: the browser revalidates with the tile's ETag (max-age=0).
    fetch(this.tileUrl(coords), { signal: controller.signal })
      .then((response) => {
        if (!response.ok) throw new Error(`pins tile: HTTP ${response.status}`);
        return response.arrayBuffer();
      })
      .then((buffer) => {
        this._draw(tile, buffer, ratio, size.x);
        done(null, tile);
      })
      .catch((error) => {
        if (error.name !== "AbortError") done(error, tile);
      });
    return tile;
  },

  _draw(tile, buffer, ratio, size) {
    const layer = buffer.byteLength ? new VectorTile(new PbfReader(buffer)).layers[LAYER] : null;
    if (!layer || !layer.length) return;
    const scale = size / layer.extent;
    const items = [];
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      const point = feature.loadGeometry()[0]?.[0];
      if (!point) continue;
      const props = feature.properties;
      const cluster = props.cluster === true || props.cluster === "true";
      items.push({
        x: point.x * scale,
        y: point.y * scale,
        props,
        cluster,
        id: cluster ? undefined : props.id,
        r: cluster ? clusterRadius(props.count) : PIN_RADIUS * 1.35,
      });
    }
    items.sort((a, b) => rank(a) - rank(b));
    const ctx = tile.getContext("2d");
    ctx.scale(ratio, ratio);
    for (const item of items) {
      if (item.cluster) {
        drawCluster(ctx, item.x, item.y, item.props.count, this._countLabel(item.props.count));
      } else {
        drawPin(ctx, item.x, item.y, item.props);
      }
    }
    tile._hits = items.reverse(); // top-most first
    if (items.length) this.fire("pinsdrawn", { count: items.length });
  },

  // The pin or cluster drawn at `latlng` (nearest one within reach), or null.
  featureAt(latlng) {
    const map = this._map;
    const z = this._tileZoom;
    if (!map || z === undefined) return null;
    const size = this.getTileSize();
    const p = map.project(latlng, z);
    const coords = L.point(Math.floor(p.x / size.x), Math.floor(p.y / size.y));
    coords.z = z;
    const tile = this._tiles[this._tileCoordsToKey(coords)];
    if (!tile?.current || !tile.el._hits) return null;
    const x = p.x - coords.x * size.x;
    const y = p.y - coords.y * size.y;
    let best = null;
    let bestDistance = Infinity;
    for (const item of tile.el._hits) {
      const distance = Math.hypot(item.x - x, item.y - y);
      if (distance <= item.r + HIT_SLOP && distance < bestDistance) {
        best = item;
        bestDistance = distance;
      }
    }
    if (!best) return null;
    const at = L.point(coords.x * size.x + best.x, coords.y * size.y + best.y);
    return { ...best, latlng: map.unproject(at, z) };
  },
});

// Clicks on drawn pins. The canvas lies under the area outlines (which are clickable SVG),
// so clicks are looked at before Leaflet sees them: on a pin they open the pin, anywhere
// else they go on to the areas and the map as usual. Markers and popups keep their clicks.
export function onPinClick(map, layer, handler) {
  const container = map.getContainer();
  const skip = (target) =>
    target.closest(
      ".leaflet-marker-pane, .leaflet-popup-pane, .leaflet-tooltip-pane, .leaflet-control-container",
    );
  // After dragging the map the browser still sends a click; Leaflet ignores it, so do we.
  const dragged = () => Boolean(map.dragging?._draggable?._moved);
  const hitAt = (event) =>
    map.hasLayer(layer) && !skip(event.target)
      ? layer.featureAt(map.mouseEventToLatLng(event))
      : null;

  container.addEventListener(
    "click",
    (event) => {
      if (dragged()) return;
      const hit = hitAt(event);
      if (!hit) return;
      event.stopPropagation();
      handler(hit);
    },
    true,
  );
  container.addEventListener(
    "mousemove",
    (event) => container.classList.toggle("pin-hover", Boolean(hitAt(event))),
    { passive: true },
  );
}
