// Permanent labels on the map (district names) that would overlap one placed before them
// are hidden until zooming in makes room; the first in `tooltips` are placed first.
const GAP = 2; // pixels kept between two labels

function overlaps(a, b) {
  const apart =
    a.right + GAP <= b.left ||
    b.right + GAP <= a.left ||
    a.bottom + GAP <= b.top ||
    b.bottom + GAP <= a.top;
  return !apart;
}

export function declutterLabels(map, tooltips) {
  function update() {
    // Measure everything first, then hide: one layout pass, not one per label.
    const boxes = tooltips.map((t) => t.getElement()?.getBoundingClientRect());
    const placed = [];
    tooltips.forEach((tooltip, i) => {
      const box = boxes[i];
      if (!box) return;
      const clash = placed.some((other) => overlaps(box, other));
      tooltip.getElement().classList.toggle("area-label--hidden", clash);
      if (!clash) placed.push(box);
    });
  }
  map.on("zoomend", update);
  update();
}
