// The redesign projects on the main map: the outline of each street or square, its title,
// "Vote now" while voting is open, and a popup with a link to the project page. The
// planned-works popups say when a redesign vote follows the work (config.works: work id →
// project), since the maps app itself knows nothing of votes.
import "./redesigns.css";
import { L } from "./basemap.js";
import { el, textLabel } from "./dom.js";
import { gettext, interpolate, language } from "./i18n.js";

function dateText(iso) {
  const format = new Intl.DateTimeFormat(language(), { dateStyle: "medium" });
  return format.format(new Date(iso));
}

function pageUrl(config, slug) {
  return config.pageUrl.replace("__slug__", encodeURIComponent(slug));
}

function isFilled(feature) {
  return !/LineString$/.test(feature.geometry?.type ?? "");
}

export function redesignPopup(props, config) {
  return el(
    "div",
    {},
    el(
      "h2",
      { class: "popup-title" },
      props.title,
      props.is_demo ? [" ", el("span", { class: "badge badge--demo" }, gettext("demo"))] : null,
    ),
    el(
      "p",
      {},
      el("span", { class: `redesign-phase redesign-phase--${props.phase}` }, phaseText(props)),
      " ",
      props.phase === "voting"
        ? interpolate(gettext("until %(date)s"), { date: dateText(props.voting_closes_at) })
        : null,
    ),
    resultLine(props.result),
    el(
      "p",
      {},
      el(
        "a",
        { href: pageUrl(config, props.slug) },
        props.phase === "voting"
          ? gettext("Compare the designs and vote")
          : props.phase === "result"
            ? gettext("View the result")
            : gettext("View the designs"),
      ),
    ),
  );
}

// The published result in one line: the design with the most votes, or a tie.
function resultLine(result) {
  const leading = result?.leading ?? [];
  if (!leading.length) return null;
  const percent = (share) =>
    new Intl.NumberFormat(language(), { style: "percent", maximumFractionDigits: 1 }).format(share);
  const text =
    leading.length === 1
      ? interpolate(gettext("Most votes: %(title)s (%(share)s of the ballots)."), {
          title: leading[0].title,
          share: percent(leading[0].share),
        })
      : interpolate(gettext("A tie between %(titles)s."), {
          titles: leading.map((o) => o.title).join(", "),
        });
  return el("p", { class: "popup-text" }, el("strong", {}, text));
}

function phaseText(props) {
  return props.phase === "voting" ? gettext("Vote now") : props.phase_label;
}

// The box of the map's view, half a view wider on each side, as the API's `bbox`.
function paddedBox(map) {
  const b = map.getBounds().pad(0.5);
  const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v));
  return L.latLngBounds(
    [clamp(b.getSouth(), 90), clamp(b.getWest(), 180)],
    [clamp(b.getNorth(), 90), clamp(b.getEast(), 180)],
  );
}

function bboxParam(box) {
  return [box.getWest(), box.getSouth(), box.getEast(), box.getNorth()]
    .map((v) => v.toFixed(5))
    .join(",");
}

// The redesign projects around the view on the main map: asked for the padded box of the
// view, and again when the map moves out of the box loaded last. A project still in the
// new answer keeps its shape (an open popup, its label); the others are replaced.
export function redesignLayer(config) {
  const options = {
    style: (f) => ({
      className: `redesign-outline redesign-outline--${f.properties.phase}${isFilled(f) ? " redesign-outline--area" : ""}`,
    }),
    onEachFeature: (f, layer) => {
      layer.bindPopup(() => redesignPopup(f.properties, config));
      const voting = f.properties.phase === "voting";
      const text = voting
        ? interpolate(gettext("Vote now: %(title)s"), { title: f.properties.title })
        : f.properties.title;
      layer.bindTooltip(textLabel(text), {
        permanent: true,
        direction: "top",
        className: `redesign-label${voting ? " redesign-label--voting" : ""}`,
      });
    },
  };

  async function fetchBox(box) {
    const url = new URL(config.list, window.location.origin);
    url.searchParams.set("bbox", bboxParam(box));
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
    const data = await response.json();
    // Designers also get their drafts from the API; the public map shows published ones.
    return data.features.filter((f) => f.properties.phase !== "draft");
  }

  // The shown feature of each project, by id and what it shows (a new phase redraws it).
  function keyOf(feature) {
    return JSON.stringify([feature.id, feature.properties, feature.geometry]);
  }

  // The layer with the projects around the current view of `map`: resolves once the first
  // answer is in (and fails with it); later moves load again while the layer is on the map.
  return async function create(map) {
    const layer = L.geoJSON(null, options);
    const shown = new Map(); // key → Leaflet layer of the feature
    let box = null; // the box of the data shown
    let asked = 0;

    function replace(features) {
      const keys = new Set(features.map(keyOf));
      for (const [key, part] of shown) {
        if (!keys.has(key)) {
          layer.removeLayer(part);
          shown.delete(key);
        }
      }
      for (const feature of features) {
        const key = keyOf(feature);
        if (shown.has(key)) continue;
        const before = new Set(layer.getLayers());
        layer.addData(feature);
        const added = layer.getLayers().find((part) => !before.has(part));
        if (added) shown.set(key, added);
      }
    }

    async function load() {
      if (box?.contains(map.getBounds())) return;
      const wanted = paddedBox(map);
      const mine = ++asked;
      const features = await fetchBox(wanted);
      if (mine !== asked) return; // the map moved on and asked for another box
      box = wanted;
      replace(features);
    }

    map.on("moveend", () => {
      if (!map.hasLayer(layer)) return;
      load().catch((error) => console.error(error)); // the next move tries again
    });
    layer.on("add", () => load().catch((error) => console.error(error)));
    await load();
    return layer;
  };
}

// A line under a planned work's popup when a redesign vote follows that work.
export function withRedesign(popup, workId, config) {
  const project = config?.works?.[String(workId)];
  if (!project) return popup;
  let text;
  if (project.phase === "voting") {
    text = interpolate(gettext("Redesign after this work: vote now, until %(date)s."), {
      date: dateText(project.closes),
    });
  } else if (project.phase === "consultation") {
    text = interpolate(gettext("Redesign after this work: the vote opens on %(date)s."), {
      date: dateText(project.opens),
    });
  } else {
    text = gettext("Redesign after this work: the vote has closed.");
  }
  popup.append(
    el("p", { class: "popup-text popup-redesign" }, text, " ", el("a", { href: project.url }, project.title)),
  );
  return popup;
}
