// Popup content per layer.
import { definitionList, el, safeHref } from "./dom.js";
import { gettext, language } from "./i18n.js";

function heading(props) {
  return el(
    "h2",
    { class: "popup-title" },
    props.name,
    props.is_demo ? [" ", el("span", { class: "badge badge--demo" }, gettext("demo"))] : null,
  );
}

function paragraph(text) {
  return text ? el("p", { class: "popup-text" }, text) : null;
}

function isoDate(value) {
  if (!value) return null;
  const [y, m, d] = value.split("-").map(Number);
  const format = new Intl.DateTimeFormat(language(), { dateStyle: "medium" });
  const text = format.format(new Date(y, m - 1, d));
  return el("time", { datetime: value }, text);
}

export function period(props) {
  const span = el("span", { class: "period" });
  const start = isoDate(props.start_date) ?? "?";
  span.append(start, " – ", isoDate(props.end_date) ?? "?");
  return span;
}

export function playgroundPopup(props) {
  return el(
    "div",
    {},
    heading(props),
    definitionList([[gettext("Age group"), props.age_group_label]]),
    paragraph(props.description),
  );
}

export function greeneryPopup(props) {
  return el(
    "div",
    {},
    heading(props),
    definitionList([[gettext("Kind"), props.kind_label]]),
    paragraph(props.description),
  );
}

export function plannedWorkPopup(props) {
  return el(
    "div",
    {},
    heading(props),
    definitionList([
      [gettext("Kind"), props.kind_label],
      [gettext("Owner"), props.owner],
      [gettext("Period"), period(props)],
      [gettext("Status"), props.status_label],
    ]),
    paragraph(props.description),
  );
}

export function centrePopup(props) {
  const address = [props.address, [props.postcode, props.city].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  const href = props.website ? safeHref(props.website) : null;
  const website = href ? el("a", { href, rel: "noopener" }, props.website) : props.website;
  return el(
    "div",
    {},
    heading(props),
    definitionList([
      [gettext("Address"), address],
      [
        gettext("Opening hours"),
        props.opening_hours && el("span", { class: "pre" }, props.opening_hours),
      ],
      [
        gettext("Consultation hours"),
        props.consultation_hours && el("span", { class: "pre" }, props.consultation_hours),
      ],
      [gettext("Website"), website],
    ]),
    paragraph(props.description),
  );
}

export function areaPopup(props, areaUrl) {
  const href = areaUrl.replace("__code__", encodeURIComponent(props.code));
  return el(
    "div",
    {},
    el("h2", { class: "popup-title" }, props.name),
    el(
      "p",
      {},
      props.level === "district" ? gettext("District") : gettext("Neighbourhood"),
      props.is_priority ? [" · ", el("strong", {}, gettext("Priority district"))] : null,
    ),
    el("p", {}, el("a", { href }, gettext("View this area"))),
  );
}
