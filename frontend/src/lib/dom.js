// Tiny DOM helpers: popups are built from elements, never from HTML strings, so text from
// the API can never inject markup.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// Reads data that the template rendered with Django's json_script.
export function readJson(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

// A <dl> from [term, value] pairs, skipping empty values.
export function definitionList(rows) {
  const dl = el("dl", { class: "popup-facts" });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(el("dt", {}, term), el("dd", {}, value));
  }
  return dl;
}

// Text for Leaflet's tooltips, popups and labels: given a string, Leaflet sets it as HTML
// (innerHTML), so a name such as `<img src=x onerror=...>` would become markup. An element
// with the text in it is shown as it is.
export function textLabel(text, attrs = {}) {
  return el("span", attrs, text);
}

// The one escape for the few places that must build an HTML string (Leaflet's divIcon).
const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

// A link from data (a centre's website) only for http(s): `javascript:` would run script.
export function safeHref(value) {
  try {
    const url = new URL(String(value), document.baseURI);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
