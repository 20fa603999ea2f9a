// The layers of one design option on the project page: its drawing at its four corners and
// its features (trees, benches, parking, paths…) with a symbol per kind. Each option lives
// in a map pane of its own, with its own SVG renderer, so that the side-by-side view can
// clip one option to the left of the divider and another to the right.
import { L } from "./basemap.js";
import { CornerImage } from "./cornerimage.js";

const KINDS = new Set(["tree", "bench", "parking", "path", "play", "other"]);
const kindOf = (feature) =>
  KINDS.has(feature.properties?.kind) ? feature.properties.kind : "other";

function kindIcon(kind) {
  return L.divIcon({
    className: `design-symbol design-icon design-icon--${kind}`,
    html: "",
    iconSize: [18, 18],
    iconAnchor: [9, 9],
  });
}

export function optionLayer(map, option, kindLabels) {
  const pane = `design-${option.id}`;
  const element = map.createPane(pane);
  element.classList.add("design-pane");
  const renderer = L.svg({ pane, padding: 0.5 }).addTo(map);
  const group = L.layerGroup();
  if (option.overlay) {
    group.addLayer(new CornerImage(option.overlay.url, option.overlay.corners, { pane }));
  }
  const features = L.geoJSON(option.features, {
    pane,
    renderer,
    interactive: false,
    style: (f) => ({ className: `design-feature design-feature--${kindOf(f)}` }),
    pointToLayer: (f, latlng) => {
      const kind = kindOf(f);
      const label = kindLabels[kind] ?? kind;
      return L.marker(latlng, {
        pane,
        icon: kindIcon(kind),
        keyboard: false,
        interactive: false,
        alt: label,
        title: label,
      });
    },
  });
  group.addLayer(features);
  // What leaflet-side-by-side clips: the option's own pane.
  group.getContainer = () => element;
  group.bounds = () => {
    const bounds = L.latLngBounds([]);
    group.eachLayer((layer) => {
      const b = layer.getBounds?.();
      if (b?.isValid()) bounds.extend(b);
    });
    return bounds;
  };
  return group;
}
