// The pin page: a small map of the place, and the support button without a page reload.
// Everything works without this script (plain forms); it only makes it smoother.
import { createMap, L } from "./lib/basemap.js";
import { readJson } from "./lib/dom.js";
import { pinIcon } from "./lib/markers.js";

const config = readJson("pin-map-config");
const container = document.getElementById("pin-map");

if (config && container) {
  container.hidden = false;
  const map = createMap(container, config, () => {}, { scrollWheelZoom: false });
  if (config.outline) {
    L.geoJSON(config.outline, {
      interactive: false,
      style: { className: "area area--neighbourhood" },
    }).addTo(map);
  }
  L.marker(config.center, {
    icon: pinIcon(config.kind),
    interactive: false,
    keyboard: false,
  }).addTo(map);
  container.dataset.loaded = "true";
}

const form = document.querySelector("[data-support-form]");
if (form) {
  const button = form.querySelector("button");
  const count = document.getElementById("support-count");
  const state = document.getElementById("support-state");
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    button.setAttribute("aria-busy", "true");
    try {
      // Not form.action: the hidden input named "action" shadows that property.
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) {
        state.textContent = data.error;
        return;
      }
      button.setAttribute("aria-pressed", String(data.supported));
      form.elements.action.value = data.supported ? "remove" : "add";
      count.textContent = data.count_text;
      state.textContent = data.message;
    } catch (error) {
      // Fall back to the plain form: the server answers with the page.
      console.error(error);
      form.submit();
    } finally {
      busy = false;
      button.removeAttribute("aria-busy");
    }
  });
}
