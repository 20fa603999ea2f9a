// Fills %(name)s / %(name)d placeholders of translated strings from the page.
export function interpolate(text, values) {
  return text.replace(/%\((\w+)\)[sd]/g, (_, key) => String(values[key] ?? ""));
}

// Picks the singular or plural of a pair of strings (`${key}One`, `${key}Many`).
export function plural(strings, key, count) {
  return interpolate(strings[`${key}${count === 1 ? "One" : "Many"}`], { count });
}
