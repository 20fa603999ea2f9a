// Search by name or address beside a placement map (the pin form, the initiative form):
// the places found become buttons in #place-results; choosing one places the spot there
// (`choose(latlng, { pan: true })`, the form's own) and hands the keyboard back to the map
// (`container`). Enter in #place-query searches; it must not post
// the whole form.
import { L } from "./basemap.js";
import { el } from "./dom.js";
import { gettext } from "./i18n.js";

export function placeSearch({ url, choose, container, failed }) {
  const query = document.getElementById("place-query");
  const results = document.getElementById("place-results");
  const resultsStatus = document.getElementById("place-results-status");

  async function search() {
    const text = query.value.trim();
    if (text.length < 2) return;
    resultsStatus.textContent = gettext("Searching…");
    results.replaceChildren();
    try {
      const address = new URL(url, window.location.origin);
      address.searchParams.set("q", text);
      const response = await fetch(address);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const places = (await response.json()).results;
      resultsStatus.textContent = places.length
        ? ""
        : gettext("Nothing found. Try another name, or click the map.");
      results.replaceChildren(
        ...places.map((place) => {
          const button = el("button", { type: "button", class: "link-button" }, place.label);
          button.addEventListener("click", () => {
            results.replaceChildren();
            resultsStatus.textContent = "";
            choose(L.latLng(place.lat, place.lon), { pan: true });
            container.focus();
          });
          return el("li", {}, button);
        }),
      );
      results.querySelector("button")?.focus();
    } catch (error) {
      console.error(error);
      resultsStatus.textContent = failed;
    }
  }

  document.getElementById("place-search-button").addEventListener("click", search);
  query.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      search();
    }
  });
}
