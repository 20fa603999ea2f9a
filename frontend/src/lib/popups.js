// Popup content per layer. `s` holds the translated strings from the page.
import { definitionList, el } from "./dom.js";

function heading(props, s) {
  return el(
    "h2",
    { class: "popup-title" },
    props.name,
    props.is_demo ? [" ", el("span", { class: "badge badge--demo" }, s.demo)] : null,
  );
}

function paragraph(text) {
  return text ? el("p", { class: "popup-text" }, text) : null;
}

function isoDate(value, lang) {
  if (!value) return null;
  const [y, m, d] = value.split("-").map(Number);
  const format = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  const text = format.format(new Date(y, m - 1, d));
  return el("time", { datetime: value }, text);
}

export function period(props, lang) {
  const span = el("span", { class: "period" });
  const start = isoDate(props.start_date, lang) ?? "?";
  span.append(start, " – ", isoDate(props.end_date, lang) ?? "?");
  return span;
}

export function playgroundPopup(props, s) {
  return el(
    "div",
    {},
    heading(props, s),
    definitionList([[s.ageGroup, props.age_group_label]]),
    paragraph(props.description),
  );
}

export function greeneryPopup(props, s) {
  return el(
    "div",
    {},
    heading(props, s),
    definitionList([[s.kind, props.kind_label]]),
    paragraph(props.description),
  );
}

export function plannedWorkPopup(props, s, lang) {
  return el(
    "div",
    {},
    heading(props, s),
    definitionList([
      [s.kind, props.kind_label],
      [s.owner, props.owner],
      [s.period, period(props, lang)],
      [s.status, props.status_label],
    ]),
    paragraph(props.description),
  );
}

export function centrePopup(props, s) {
  const address = [props.address, [props.postcode, props.city].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  const website = props.website
    ? el("a", { href: props.website, rel: "noopener" }, props.website)
    : null;
  return el(
    "div",
    {},
    heading(props, s),
    definitionList([
      [s.address, address],
      [s.openingHours, props.opening_hours && el("span", { class: "pre" }, props.opening_hours)],
      [
        s.consultationHours,
        props.consultation_hours && el("span", { class: "pre" }, props.consultation_hours),
      ],
      [s.website, website],
    ]),
    paragraph(props.description),
  );
}

export function areaPopup(props, s, areaUrl) {
  const href = areaUrl.replace("__code__", encodeURIComponent(props.code));
  return el(
    "div",
    {},
    el("h2", { class: "popup-title" }, props.name),
    el(
      "p",
      {},
      props.level === "district" ? s.district : s.neighbourhood,
      props.is_priority ? [" · ", el("strong", {}, s.priority)] : null,
    ),
    el("p", {}, el("a", { href }, s.viewArea)),
  );
}
