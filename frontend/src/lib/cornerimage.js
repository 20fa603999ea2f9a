// A design drawing placed on the map by its four corners (top-left, top-right, bottom-left,
// bottom-right, each [lon, lat]), as the designer dragged them into place. Leaflet's
// ImageOverlay only stretches an image over a rectangle; a drawing fitted to a street is a
// free quadrilateral, drawn here with a CSS matrix3d (projective) transform recomputed
// after every zoom. Hidden during the zoom animation (leaflet-zoom-hide), like vectors.
import { L } from "./basemap.js";

// Solves A·x = b (8×8) by Gaussian elimination with partial pivoting.
function solve(A, b) {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    }
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col || m[col][col] === 0) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

// The projective transform taking the four `from` points onto the four `to` points, as the
// sixteen numbers of CSS matrix3d (column-major).
export function projective(from, to) {
  const A = [];
  const b = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i];
    const [u, v] = to[i];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solve(A, b);
  return [h[0], h[3], 0, h[6], h[1], h[4], 0, h[7], 0, 0, 1, 0, h[2], h[5], 0, 1];
}

export const CornerImage = L.Layer.extend({
  options: { pane: "overlayPane", className: "" },

  initialize(url, corners, options) {
    this._url = url;
    this._corners = corners;
    L.setOptions(this, options);
  },

  onAdd(map) {
    const img = (this._image = L.DomUtil.create(
      "img",
      `corner-image leaflet-zoom-hide ${this.options.className}`,
    ));
    img.alt = ""; // described in the list of designs beside the map
    img.decoding = "async";
    img.addEventListener("load", () => this._reset());
    img.src = this._url;
    this.getPane().appendChild(img);
    map.on("zoomend viewreset", this._reset, this);
    this._reset();
  },

  onRemove(map) {
    map.off("zoomend viewreset", this._reset, this);
    this._image?.remove();
    this._image = null;
  },

  getElement() {
    return this._image;
  },

  getBounds() {
    return L.latLngBounds(this._corners.map(([lon, lat]) => [lat, lon]));
  },

  _reset() {
    const img = this._image;
    if (!img || !this._map || !img.naturalWidth) return;
    const w = img.naturalWidth;
    const h = img.naturalHeight;
    const to = this._corners.map(([lon, lat]) => {
      const p = this._map.latLngToLayerPoint([lat, lon]);
      return [p.x, p.y];
    });
    const matrix = projective(
      [
        [0, 0],
        [w, 0],
        [0, h],
        [w, h],
      ],
      to,
    );
    img.style.width = `${w}px`;
    img.style.height = `${h}px`;
    img.style.transform = `matrix3d(${matrix.join(",")})`;
    img.dataset.placed = "true";
  },
});
