// Colours for counts per area (a choropleth) and the legend that explains them. Classes
// are equal steps up to the largest count, so the same colour means the same range on
// every page; five blues, light to dark, readable on the base map.
import { el } from "./dom.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

const CLASSES = 5;

// [{from, to, className}] for counts 1..max (no class for 0: such areas stay clear).
export function classes(max) {
  if (!max) return [];
  const steps = Math.min(CLASSES, max);
  const size = max / steps;
  const result = [];
  let from = 1;
  for (let i = 1; i <= steps; i += 1) {
    const to = i === steps ? max : Math.max(from, Math.round(size * i));
    result.push({ from, to, className: `choropleth choropleth--${i + (CLASSES - steps)}` });
    from = to + 1;
    if (from > max) break;
  }
  return result;
}

export function classFor(count, ranges) {
  if (!count) return "choropleth choropleth--0";
  return (ranges.find((r) => count <= r.to) ?? ranges[ranges.length - 1]).className;
}

function swatch(className) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "legend-swatch");
  svg.setAttribute("viewBox", "0 0 24 16");
  svg.setAttribute("aria-hidden", "true");
  const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ x: 2, y: 2, width: 20, height: 12, class: className })) {
    rect.setAttribute(k, v);
  }
  svg.append(rect);
  return svg;
}

export function legend(ranges) {
  const items = ranges.map((r) =>
    el(
      "li",
      {},
      swatch(r.className),
      r.from === r.to
        ? interpolate(ngettext("%(count)s report", "%(count)s reports", r.from), { count: r.from })
        : interpolate(gettext("%(from)s to %(to)s reports"), { from: r.from, to: r.to }),
    ),
  );
  items.unshift(el("li", {}, swatch("choropleth choropleth--0"), gettext("none")));
  return el("ul", { class: "legend-list" }, items);
}
