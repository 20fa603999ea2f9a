// Neighbourhood initiatives on the main map, from the `initiatives` vector tiles: one
// symbol per state (a shape each, so colour is not needed to tell them apart; the legend
// draws the same shapes) and a popup with the title, the state and a link to its page.
// Registered by participatie/initiatives/maplayer.py (config.initiatives).
import "./initiatives.css";
import { L } from "./basemap.js";
import { el } from "./dom.js";
import { gettext, interpolate } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
// A square badge says "initiative" (pins are circles and triangles); the shape inside says
// its state. The same as participatie/initiatives/templates/initiatives/map/symbol.html.
const SHAPES = {
  proposal: ["circle", { cx: 14, cy: 14, r: 6.5 }],
  backing: ["path", { d: "M14 6 L22 21 L6 21 Z" }],
  granted: ["path", { d: "M14 5 L23 14 L14 23 L5 14 Z" }],
  realised: ["path", { d: "M14 5 L16.4 11.3 L23 11.6 L17.8 15.7 L19.6 22.2 L14 18.5 L8.4 22.2 L10.2 15.7 L5 11.6 L11.6 11.3 Z" }],
};

function svgElement(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

export function initiativeSymbol(state) {
  const [tag, attrs] = SHAPES[state] ?? SHAPES.proposal;
  const svg = svgElement("svg", {
    viewBox: "0 0 28 28",
    class: `initiative-symbol initiative-symbol--${state}`,
    "aria-hidden": "true",
  });
  svg.append(
    svgElement("rect", { class: "initiative-badge", x: 1, y: 1, width: 26, height: 26, rx: 6 }),
    svgElement(tag, { class: "initiative-shape", ...attrs }),
  );
  return svg;
}

export function initiativePopup(props, config) {
  const url = config.pageUrl.replace("__id__", encodeURIComponent(props.id));
  return el(
    "div",
    { class: "initiative-popup" },
    el("h2", { class: "popup-title" }, props.title),
    el(
      "p",
      {},
      el("strong", {}, config.states[props.map_status] ?? props.status_label),
      props.map_status && props.status_label && config.states[props.map_status] !== props.status_label
        ? ` (${props.status_label})`
        : null,
      props.year ? ` · ${props.year}` : null,
    ),
    el("p", {}, el("a", { href: url }, gettext("View the initiative"))),
  );
}

// The options of a VectorTileLayer (vectortiles.js) for the initiatives' tiles.
export function initiativeTileOptions(config, query) {
  return {
    query,
    pointToLayer: (props, latlng) => {
      const label = interpolate(gettext("Initiative: %(title)s"), { title: props.title });
      const icon = L.divIcon({
        html: initiativeSymbol(props.map_status),
        className: `initiative-marker initiative-marker--${props.map_status}`,
        iconSize: [28, 28],
        iconAnchor: [14, 14],
        popupAnchor: [0, -10],
      });
      return L.marker(latlng, { icon, title: label, alt: label, keyboard: false });
    },
    popup: (props) => initiativePopup(props, config),
  };
}
