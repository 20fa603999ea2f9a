// The redesign projects on the main map: the outline of each street or square, its title,
// "Vote now" while voting is open, and a popup with a link to the project page. The
// planned-works popups say when a redesign vote follows the work (config.works: work id →
// project), since the maps app itself knows nothing of votes.
import "./redesigns.css";
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

// The layer spec of map.js's LAYERS: how to load it and how each feature looks.
export function redesignLayer(config) {
  return {
    load: async () => {
      const response = await fetch(config.list, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`${config.list}: HTTP ${response.status}`);
      const data = await response.json();
      // Designers also get their drafts from the API; the public map shows published ones.
      data.features = data.features.filter((f) => f.properties.phase !== "draft");
      return data;
    },
    options: {
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
    },
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
