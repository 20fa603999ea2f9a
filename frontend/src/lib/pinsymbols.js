// How pins and clusters look on a canvas. Kind is told by shape AND colour (an idea is a
// circle, a complaint a triangle), so colour vision is not needed; done and declined pins
// are faded and carry a tick or a cross. The legend (map.html, pins.css) draws the same.

export const COLOURS = {
  idea: "#1d4ed8",
  complaint: "#c2410c",
  cluster: "#1f3a5f",
  outline: "#1a1a1a",
  halo: "#ffffff",
};
const CLOSED = { done: "tick", declined: "cross" };
export const PIN_RADIUS = 8;

function ideaPath(ctx, x, y, r) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
}

function complaintPath(ctx, x, y, r) {
  // An upward triangle with about the same area as the circle.
  const s = r * 1.35;
  ctx.beginPath();
  ctx.moveTo(x, y - s);
  ctx.lineTo(x + s * 1.05, y + s * 0.75);
  ctx.lineTo(x - s * 1.05, y + s * 0.75);
  ctx.closePath();
}

function mark(ctx, x, y, r, kind) {
  const d = r * 0.45;
  ctx.beginPath();
  if (kind === "tick") {
    ctx.moveTo(x - d, y);
    ctx.lineTo(x - d * 0.2, y + d * 0.8);
    ctx.lineTo(x + d, y - d * 0.7);
  } else {
    ctx.moveTo(x - d, y - d);
    ctx.lineTo(x + d, y + d);
    ctx.moveTo(x + d, y - d);
    ctx.lineTo(x - d, y + d);
  }
  ctx.strokeStyle = COLOURS.halo;
  ctx.lineWidth = 2;
  ctx.stroke();
}

export function drawPin(ctx, x, y, props, { highlight = false } = {}) {
  const r = highlight ? PIN_RADIUS + 3 : PIN_RADIUS;
  const closed = CLOSED[props.status];
  ctx.save();
  ctx.globalAlpha = closed ? 0.5 : 1;
  (props.kind === "complaint" ? complaintPath : ideaPath)(ctx, x, y, r);
  ctx.fillStyle = COLOURS[props.kind] ?? COLOURS.idea;
  ctx.fill();
  // A white halo inside a dark edge: visible on the light base map and on dark areas.
  ctx.lineWidth = 3;
  ctx.strokeStyle = COLOURS.halo;
  ctx.stroke();
  ctx.lineWidth = 1;
  ctx.strokeStyle = COLOURS.outline;
  ctx.stroke();
  if (closed) mark(ctx, x, y + (props.kind === "complaint" ? r * 0.2 : 0), r, closed);
  ctx.restore();
}

export function clusterRadius(count) {
  return Math.min(30, 11 + 3.2 * Math.log2(Math.max(1, count)));
}

export function drawCluster(ctx, x, y, count, label) {
  const r = clusterRadius(count);
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = COLOURS.cluster;
  ctx.globalAlpha = 0.9;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2;
  ctx.strokeStyle = COLOURS.halo;
  ctx.stroke();
  ctx.fillStyle = COLOURS.halo;
  ctx.font = `700 ${r > 16 ? 13 : 12}px system-ui, sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(label, x, y + 0.5);
  ctx.restore();
}
