// The filters beside the map, kept in the address (/?kind=complaint&area=WK010605) with the
// names of the list page /meldingen/ and of the pins API, so a filtered map can be shared,
// bookmarked and reloaded, and Back and Forward step through the filters chosen.

// Filters of the pins API that the form may have no field for: kept from the address.
const PASS_THROUGH = ["created_after", "created_before"];

// The form's controls by name (buttons have no value to keep).
function fields(form) {
  const byName = new Map();
  for (const control of form.elements) {
    if (!control.name || ["submit", "button", "reset"].includes(control.type)) continue;
    if (!byName.has(control.name)) byName.set(control.name, []);
    byName.get(control.name).push(control);
  }
  return byName;
}

// Several checkboxes with one name choose any of them. All or none ticked both mean "no
// restriction" (as in the API), so the address leaves the name out, and a name missing
// from the address ticks them all.
const isChoice = (controls) => controls.length > 1 && controls.every((c) => c.type === "checkbox");
const isCheck = (control) => control.type === "checkbox" || control.type === "radio";

// The address's query for what the form shows; `address` gives the pass-through filters.
export function formParams(form, address = new URLSearchParams()) {
  const params = new URLSearchParams();
  const byName = fields(form);
  for (const [name, controls] of byName) {
    if (isChoice(controls)) {
      const ticked = controls.filter((c) => c.checked);
      if (ticked.length < controls.length) for (const c of ticked) params.append(name, c.value);
      continue;
    }
    for (const control of controls) {
      if (isCheck(control) ? control.checked : control.value) params.append(name, control.value);
    }
  }
  for (const name of PASS_THROUGH) {
    if (!byName.has(name)) for (const value of address.getAll(name)) params.append(name, value);
  }
  return params;
}

// Sets the form to what the address says; values the form does not offer are dropped.
export function setForm(form, params) {
  for (const [name, controls] of fields(form)) {
    const values = params.getAll(name);
    for (const control of controls) {
      if (isChoice(controls)) control.checked = !values.length || values.includes(control.value);
      else if (isCheck(control)) control.checked = values.includes(control.value);
      else {
        control.value = values[0] ?? "";
        if (control.tagName === "SELECT" && control.selectedIndex < 0) control.value = "";
      }
    }
  }
}

// The query of the pins tiles and the pins API. An explicitly chosen status wins over
// "hide done and declined" (as on the list page).
export function apiQuery(params, openStatuses) {
  const query = new URLSearchParams();
  for (const [name, value] of params) if (name !== "hide_closed") query.append(name, value);
  if (params.get("hide_closed") && !params.get("status")) {
    for (const status of openStatuses) query.append("status", status);
  }
  return query;
}
