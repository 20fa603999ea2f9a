// The redesign project page: the street on a map with the design options. Residents switch
// between the options over the same street, or compare two side by side with a divider
// they drag or move with the arrow keys. Everything on the map is also in the list of
// designs on the page, and the vote is a plain form: this script only adds the map.
import { createMap, L } from "./lib/basemap.js";
import { readJson } from "./lib/dom.js";
import { gettext, interpolate } from "./lib/i18n.js";
import { optionLayer } from "./lib/optionlayers.js";
import { sideBySide } from "./lib/sidebyside.js";

const config = readJson("redesign-map-config");
const container = document.getElementById("redesign-map");
const controls = document.getElementById("option-controls");
const status = document.getElementById("redesign-map-status");

function optionName(option) {
  const index = config.options.indexOf(option);
  return interpolate(gettext("Design %(letter)s: %(title)s"), {
    letter: String.fromCharCode(65 + index),
    title: option.title,
  });
}

function start() {
  const map = createMap(container, config, (text) => {
    status.textContent = text;
  });
  const streetPane = map.createPane("street");
  streetPane.classList.add("street-pane");
  const street = L.geoJSON(config.street, {
    pane: "street",
    renderer: L.svg({ pane: "street" }).addTo(map),
    interactive: false,
    style: () => ({ className: "redesign-street" }),
  }).addTo(map);

  const layers = new Map(
    config.options.map((option) => [String(option.id), optionLayer(map, option, config.kinds)]),
  );
  const byId = (id) => config.options.find((o) => String(o.id) === String(id));
  const bounds = street.getBounds();
  for (const layer of layers.values()) {
    const b = layer.bounds();
    if (b.isValid()) bounds.extend(b);
  }
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 19, animate: false });

  const radios = [...controls.querySelectorAll("input[name=shown-option]")];
  const left = document.getElementById("sbs-left");
  const right = document.getElementById("sbs-right");
  const toggle = document.getElementById("sbs-toggle");
  let divider = null;

  function showOnly(ids) {
    for (const [id, layer] of layers) {
      if (ids.includes(id)) layer.addTo(map);
      else layer.remove();
    }
  }

  function showChosen() {
    const chosen = radios.find((r) => r.checked) ?? radios[0];
    if (!chosen) return;
    showOnly([chosen.value]);
    container.dataset.shown = chosen.value;
    status.textContent = interpolate(gettext("The map shows %(design)s."), {
      design: optionName(byId(chosen.value)),
    });
  }

  function compare() {
    const a = left.value;
    const b = right.value;
    showOnly([a, b]);
    divider?.remove();
    divider = sideBySide([layers.get(a)], [layers.get(b)], { thumbSize: 42 }).addTo(map);
    // The divider is a range input: give it a name, and steps for the arrow keys.
    const range = divider._range;
    range.step = "0.02";
    range.setAttribute(
      "aria-label",
      interpolate(gettext("Divider: %(left)s on the left, %(right)s on the right"), {
        left: optionName(byId(a)),
        right: optionName(byId(b)),
      }),
    );
    container.dataset.shown = `${a}|${b}`;
    status.textContent = interpolate(
      gettext(
        "Side by side: %(left)s on the left, %(right)s on the right. Move the divider to compare.",
      ),
      { left: optionName(byId(a)), right: optionName(byId(b)) },
    );
  }

  function stopComparing() {
    divider?.remove();
    divider = null;
    showChosen();
  }

  for (const radio of radios) {
    radio.addEventListener("change", () => {
      if (divider) {
        toggle.setAttribute("aria-pressed", "false");
        toggle.textContent = gettext("Compare side by side");
        divider.remove();
        divider = null;
      }
      showChosen();
    });
  }
  toggle?.addEventListener("click", () => {
    const on = toggle.getAttribute("aria-pressed") !== "true";
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = on ? gettext("Stop comparing") : gettext("Compare side by side");
    if (on) compare();
    else stopComparing();
  });
  for (const select of [left, right]) {
    select?.addEventListener("change", () => {
      if (divider) compare();
    });
  }

  controls.hidden = false;
  showChosen();
  container.dataset.loaded = "true";
}

if (config && container) start();

// After a vote or comment that was refused, the summary of what to correct gets the focus
// (the page reloads at its top, the summary is further down).
const summary = document.querySelector(".error-summary[tabindex='-1']");
if (summary) {
  summary.scrollIntoView({ block: "center" });
  summary.focus({ preventScroll: true });
}
