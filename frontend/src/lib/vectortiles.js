// The map's context layers (areas, greenery, planned works, playgrounds, centres) from the
// vector tiles (/tiles/<layer>/{z}/{x}/{y}.pbf), so that a page never downloads a whole
// layer: only the tiles in view, each simplified to its zoom by the server.
//
// Lines and polygons are drawn per tile as SVG paths that keep the CSS classes of site.css
// (the legend shares them), clipped to their tile: a shape crossing tiles is drawn in
// pieces, and the server's buffer keeps their outlines continuous. Points become ordinary
// Leaflet markers, one per feature however many tiles carry it. The small 512-pixel tiles
// of the zoom above (zoomOffset -1) keep the number of requests down.
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { L } from "./basemap.js";
import { textLabel } from "./dom.js";
import { declutterLabels } from "./labels.js";

const SVG = "http://www.w3.org/2000/svg";
const TILE_SIZE = 512;

function pathData(rings, scale) {
  let d = "";
  for (const ring of rings) {
    ring.forEach((p, i) => {
      d += `${i ? "L" : "M"}${Math.round(p.x * scale * 10) / 10} ${Math.round(p.y * scale * 10) / 10}`;
    });
  }
  return d;
}

export const VectorTileLayer = L.GridLayer.extend({
  options: {
    tileSize: TILE_SIZE,
    zoomOffset: -1,
    updateWhenZooming: false,
    keepBuffer: 1,
    // (props, type) → the path's class (site.css); type 2 is a line, 3 a polygon.
    className: () => "",
    // (props) → a number: lower ones are drawn first (under the others).
    order: null,
    // Which features to draw (e.g. only districts from the areas layer).
    filter: null,
    // (props, id) → popup content; without it the features are not clickable.
    popup: null,
    // (props, id) → hover text (a sticky tooltip).
    tooltip: null,
    // (props, latlng) → a Leaflet layer for a point feature.
    pointToLayer: null,
  },

  // `layer`: the layer's name on the tile server; `query`: its filters, as in the API.
  initialize(template, layer, options = {}) {
    L.setOptions(this, options);
    this._template = template;
    this._layerName = layer;
    this._query = options.query ?? "";
    this._points = new Map(); // feature id → { layer, refs }
    this._pointGroup = L.layerGroup();
    this.on("tileunload", (e) => this._unloadTile(e.tile));
  },

  onAdd(map) {
    L.GridLayer.prototype.onAdd.call(this, map);
    this._pointGroup.addTo(map);
  },

  onRemove(map) {
    L.GridLayer.prototype.onRemove.call(this, map);
    this._pointGroup.remove();
    this._points.clear();
    this._pointGroup.clearLayers();
  },

  setQuery(query) {
    if (query === this._query) return;
    this._query = query;
    if (this._map) this.redraw();
  },

  tileUrl({ x, y, z }) {
    const path = this._template
      .replace("{layer}", this._layerName)
      .replace("{z}", z)
      .replace("{x}", x)
      .replace("{y}", y);
    return this._query ? `${path}?${this._query}` : path;
  },

  createTile(coords, done) {
    const size = this.getTileSize();
    const tile = document.createElementNS(SVG, "svg");
    tile.setAttribute("width", size.x);
    tile.setAttribute("height", size.y);
    tile.setAttribute("class", "vector-tile");
    tile.setAttribute("aria-hidden", "true");
    tile._features = [];
    tile._points = [];
    const controller = (tile._controller = new AbortController());
    const server = { x: coords.x, y: coords.y, z: coords.z + this.options.zoomOffset };
    fetch(this.tileUrl(server), { signal: controller.signal })
      .then((response) => {
        if (!response.ok) throw new Error(`${this._layerName} tile: HTTP ${response.status}`);
        return response.arrayBuffer();
      })
      .then((buffer) => {
        if (tile._unloaded) return;
        this._draw(tile, buffer, coords, size.x);
        done(null, tile);
      })
      .catch((error) => {
        if (error.name !== "AbortError") done(error, tile);
      });
    return tile;
  },

  _draw(tile, buffer, coords, size) {
    const layer = buffer.byteLength
      ? new VectorTile(new PbfReader(buffer)).layers[this._layerName]
      : null;
    if (!layer) return;
    const scale = size / layer.extent;
    const { filter, order, popup, pointToLayer } = this.options;
    const features = [];
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      if (!filter || filter(feature.properties)) features.push(feature);
    }
    if (order) features.sort((a, b) => order(a.properties) - order(b.properties));
    for (const feature of features) {
      const props = feature.properties;
      const type = feature.type; // 1 point, 2 line, 3 polygon
      const geometry = feature.loadGeometry();
      if (type === 1) {
        if (pointToLayer) this._addPoint(tile, feature, geometry, coords, size, scale);
        continue;
      }
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", pathData(geometry, scale) + (type === 3 ? "Z" : ""));
      if (type === 3) path.setAttribute("fill-rule", "evenodd");
      else path.setAttribute("fill", "none");
      path._feature = { props, id: feature.id, type };
      if (feature.id !== undefined) path.setAttribute("data-id", feature.id);
      this._classify(path);
      tile.append(path);
      tile._features.push(path);
    }
    if (popup) this._listen(tile);
    if (this.options.tooltip) this._hover(tile);
    this.fire("featuresdrawn", { count: tile._features.length + tile._points.length });
  },

  // A point that sits in a tile's buffer comes with both tiles: one marker, counted twice.
  _addPoint(tile, feature, geometry, coords, size, scale) {
    const point = geometry[0]?.[0];
    if (!point) return;
    const key = feature.id ?? `${coords.x}:${coords.y}:${point.x}:${point.y}`;
    tile._points.push(key);
    const known = this._points.get(key);
    if (known) {
      known.refs += 1;
      return;
    }
    const at = L.point(coords.x * size + point.x * scale, coords.y * size + point.y * scale);
    const latlng = this._map.unproject(at, coords.z);
    const marker = this.options.pointToLayer(feature.properties, latlng);
    if (this.options.popup) {
      marker.bindPopup(() => this.options.popup(feature.properties, feature.id));
    }
    this._points.set(key, { layer: marker, refs: 1 });
    this._pointGroup.addLayer(marker);
  },

  _unloadTile(tile) {
    tile._unloaded = true;
    tile._controller?.abort();
    for (const key of tile._points ?? []) {
      const known = this._points.get(key);
      if (!known) continue;
      known.refs -= 1;
      if (known.refs <= 0) {
        this._pointGroup.removeLayer(known.layer);
        this._points.delete(key);
      }
    }
    tile._points = [];
  },

  // A click on a drawn shape opens its popup where it was clicked. The click goes no
  // further: Leaflet would close the popup again on its way through the map.
  _listen(tile) {
    tile.addEventListener("click", (event) => {
      const feature = event.target._feature;
      const map = this._map;
      if (!feature || !map || map.dragging?._draggable?._moved) return;
      event.stopPropagation();
      L.popup()
        .setLatLng(map.mouseEventToLatLng(event))
        .setContent(() => this.options.popup(feature.props, feature.id))
        .openOn(map);
    });
  },

  // A sticky tooltip that follows the pointer over a shape.
  _hover(tile) {
    const show = (event) => {
      const feature = event.target._feature;
      const map = this._map;
      if (!feature || !map) return;
      this._tip ??= L.tooltip({ sticky: true, direction: "auto" });
      this._tip
        .setLatLng(map.mouseEventToLatLng(event))
        .setContent(this.options.tooltip(feature.props, feature.id));
      if (!map.hasLayer(this._tip)) this._tip.addTo(map);
    };
    tile.addEventListener("mouseover", show);
    tile.addEventListener("mousemove", show);
    tile.addEventListener("mouseleave", () => this._tip?.remove());
    tile.addEventListener("mouseout", (event) => {
      if (!event.relatedTarget?._feature) this._tip?.remove();
    });
  },

  _classify(path) {
    const { props, type } = path._feature;
    const interactive = this.options.popup || this.options.tooltip ? " leaflet-interactive" : "";
    path.setAttribute("class", `${this.options.className(props, type)}${interactive}`);
  },

  // The classes again (after the data behind `className` changed), without new requests.
  restyle() {
    for (const { el } of Object.values(this._tiles)) {
      for (const path of el._features ?? []) this._classify(path);
    }
  },
});

// Outlines of the districts or neighbourhoods of `area` (a CBS code), not clickable: the
// context for choosing or drawing a place.
export function areaOutlines(config, level, area, options = {}) {
  const query = new URLSearchParams({ level });
  if (area) query.set("area", area);
  return new VectorTileLayer(config.tiles, "areas", {
    query: query.toString(),
    className: () => `area area--${level}`,
    ...options,
  });
}

// District names at the points the server chose (one per district: the tiles hold only
// pieces of a district), as labels that make room for each other, the first ones first.
export function districtNames(map, labels = []) {
  const tooltips = labels.map((district) =>
    L.tooltip({ permanent: true, direction: "center", className: "area-label" })
      .setLatLng(district.at)
      .setContent(textLabel(district.name))
      .addTo(map),
  );
  declutterLabels(map, tooltips);
  return tooltips;
}
