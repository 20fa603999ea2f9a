// A point inside a (multi)polygon for its label. Leaflet's getCenter() is the centroid,
// which lies outside ring-shaped areas (a rural district around the town): take the middle
// of the widest stretch of a horizontal line through the middle of the shape instead.
export function labelPoint(geometry) {
  const polygons = { Polygon: [geometry.coordinates], MultiPolygon: geometry.coordinates }[
    geometry.type
  ];
  if (!polygons) return null;
  const rings = polygons.flat();
  if (!rings.length) return null;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const [, y] of ring) {
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  let best = null;
  // A few scan lines around the middle; the widest inside segment wins.
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    const y = minY + (maxY - minY) * f;
    const xs = [];
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[j];
        if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const width = xs[k + 1] - xs[k];
      // Prefer the middle line unless another is clearly wider.
      if (!best || width > best.width * 1.5) {
        best = { width, lat: y, lng: (xs[k] + xs[k + 1]) / 2 };
      }
    }
  }
  return best && [best.lat, best.lng];
}
