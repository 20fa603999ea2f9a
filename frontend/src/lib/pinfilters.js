// The filter form beside the map → the query string of the pins tiles and the pins API.
// An explicitly chosen status wins over "hide done and declined" (as on the list page).
export function filterQuery(form, openStatuses) {
  const data = new FormData(form);
  const params = new URLSearchParams();
  const kinds = data.getAll("kind");
  // Both or neither ticked: every kind.
  if (kinds.length === 1) params.append("kind", kinds[0]);
  const category = data.get("category");
  if (category) params.append("category", category);
  const status = data.get("status");
  if (status) params.append("status", status);
  else if (data.get("hide_closed")) for (const s of openStatuses) params.append("status", s);
  const area = data.get("area");
  if (area) params.append("area", area);
  return params;
}
