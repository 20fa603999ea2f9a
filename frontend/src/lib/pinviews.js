// Pins as DOM: the popup on the map and an item of the list beside it. Built from elements,
// never HTML strings, so titles from residents can never inject markup.
import { definitionList, el } from "./dom.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";

// The same symbol as on the map and in the legend: a circle for an idea, a triangle for a
// complaint.
export function kindSymbol(kind) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", `pin-symbol pin-symbol--${kind}`);
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("width", "18");
  svg.setAttribute("height", "18");
  svg.setAttribute("aria-hidden", "true");
  const shape = document.createElementNS(SVG, kind === "complaint" ? "path" : "circle");
  if (kind === "complaint") shape.setAttribute("d", "M10 2 18.5 17H1.5z");
  else for (const [k, v] of Object.entries({ cx: 10, cy: 10, r: 7.5 })) shape.setAttribute(k, v);
  svg.append(shape);
  return svg;
}

function kindLabel(props, pins) {
  return el(
    "span",
    { class: `pin-kind pin-kind--${props.kind}` },
    kindSymbol(props.kind),
    props.kind_label || pins.kinds[props.kind] || props.kind,
  );
}

function statusLabel(props, pins) {
  const label = props.status_label || pins.statuses[props.status] || props.status;
  return el("span", { class: `status status--${props.status}` }, label);
}

function categoryName(props, pins) {
  return props.category_name || pins.categories[props.category] || props.category;
}

export function supportCount(count) {
  return interpolate(ngettext("%(count)s support", "%(count)s supports", count), { count });
}

function counts(props) {
  const comments = props.comment_count ?? 0;
  return [
    supportCount(props.support_count ?? 0),
    interpolate(ngettext("%(count)s comment", "%(count)s comments", comments), {
      count: comments,
    }),
  ].join(" · ");
}

export function pinUrl(pins, id) {
  return pins.pinUrl.replace("__id__", encodeURIComponent(id));
}

export function pinPopup(props, id, pins) {
  return el(
    "div",
    { class: "pin-popup" },
    el("p", { class: "pin-popup__kind" }, kindLabel(props, pins)),
    el("h2", { class: "popup-title" }, props.title),
    definitionList([
      [gettext("Category"), categoryName(props, pins)],
      [gettext("Status"), statusLabel(props, pins)],
    ]),
    el("p", { class: "popup-text" }, counts(props)),
    el("p", {}, el("a", { href: pinUrl(pins, id) }, gettext("View report"))),
  );
}

export function pinListItem(feature, pins, onShow) {
  const props = feature.properties;
  const show = el(
    "button",
    { type: "button", class: "link-button" },
    gettext("Show on the map"),
    el("span", { class: "visually-hidden" }, `: ${props.title}`),
  );
  show.addEventListener("click", () => onShow(feature, show));
  return el(
    "li",
    { class: `pin-item pin-item--${props.status}` },
    el("h3", { class: "pin-item__title" }, el("a", { href: pinUrl(pins, feature.id) }, props.title)),
    el(
      "p",
      { class: "pin-item__meta" },
      kindLabel(props, pins),
      el("span", { "aria-hidden": "true" }, " · "),
      categoryName(props, pins),
      el("span", { "aria-hidden": "true" }, " · "),
      statusLabel(props, pins),
    ),
    el("p", { class: "pin-item__counts" }, counts(props)),
    show,
  );
}
