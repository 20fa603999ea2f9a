// leaflet-distortableimage: an image laid on the map whose corners are dragged into place
// (a design drawing fitted to the street). Its published dist/ file is a development build
// that opens a WebSocket to a webpack dev server on localhost, so the plugin is bundled from
// its sources instead, in the order of its own webpack entry, minus what needs other
// libraries at load time (EXIF reading, exporting, collections of images). The sources
// extend the global `L` that Leaflet's bundle sets, like the other plugins
// (leafletplugins.js).
import "leaflet";
import "leaflet-toolbar/dist/leaflet.toolbar-src.js";
import "leaflet-toolbar/dist/leaflet.toolbar.css";
import "leaflet-distortableimage/dist/leaflet.distortableimage.css";
import "leaflet-distortableimage/src/util/DomUtil.js";
import "leaflet-distortableimage/src/util/IconUtil.js";
import "leaflet-distortableimage/src/util/ImageUtil.js";
import "leaflet-distortableimage/src/util/MatrixUtil.js";
import "leaflet-distortableimage/src/util/TrigUtil.js";
import "leaflet-distortableimage/src/util/Utils.js";
import "leaflet-distortableimage/src/DistortableImageOverlay.js";
import "leaflet-distortableimage/src/DistortableCollection.js";
import "leaflet-distortableimage/src/edit/handles/EditHandle.js";
import "leaflet-distortableimage/src/edit/handles/DistortHandle.js";
import "leaflet-distortableimage/src/edit/handles/DragHandle.js";
import "leaflet-distortableimage/src/edit/handles/FreeRotateHandle.js";
import "leaflet-distortableimage/src/edit/handles/LockHandle.js";
import "leaflet-distortableimage/src/edit/handles/RotateHandle.js";
import "leaflet-distortableimage/src/edit/handles/ScaleHandle.js";
import "leaflet-distortableimage/src/iconsets/IconSet.js";
import "leaflet-distortableimage/src/iconsets/KeymapperIconSet.js";
import "leaflet-distortableimage/src/iconsets/ToolbarIconSet.js";
import "leaflet-distortableimage/src/edit/actions/EditAction.js";
import "leaflet-distortableimage/src/edit/actions/BorderAction.js";
import "leaflet-distortableimage/src/edit/actions/DeleteAction.js";
import "leaflet-distortableimage/src/edit/actions/DistortAction.js";
import "leaflet-distortableimage/src/edit/actions/DragAction.js";
import "leaflet-distortableimage/src/edit/actions/FreeRotateAction.js";
import "leaflet-distortableimage/src/edit/actions/LockAction.js";
import "leaflet-distortableimage/src/edit/actions/OpacityAction.js";
import "leaflet-distortableimage/src/edit/actions/RestoreAction.js";
import "leaflet-distortableimage/src/edit/actions/RotateAction.js";
import "leaflet-distortableimage/src/edit/actions/ScaleAction.js";
import "leaflet-distortableimage/src/edit/actions/StackAction.js";
import "leaflet-distortableimage/src/edit/actions/UnlockAction.js";
import "leaflet-distortableimage/src/edit/toolbars/DistortableImage.PopupBar.js";
import "leaflet-distortableimage/src/edit/toolbars/DistortableImage.ControlBar.js";
import "leaflet-distortableimage/src/edit/DistortableImage.Edit.js";
import "leaflet-distortableimage/src/edit/DistortableCollection.Edit.js";
import "leaflet-distortableimage/src/mapmixins/DoubleClickZoom.js";
import "leaflet-distortableimage/src/mapmixins/DoubleClickLabels.js";
import "leaflet-distortableimage/src/mapmixins/MapMixins.js";

const L = globalThis.L;

// [[lon, lat] × 4] (top-left, top-right, bottom-left, bottom-right) ⇄ Leaflet corners.
export function toLatLngs(corners) {
  return corners.map(([lon, lat]) => L.latLng(lat, lon));
}

export function toCorners(latlngs) {
  return latlngs.map((ll) => [Number(ll.lng.toFixed(7)), Number(ll.lat.toFixed(7))]);
}

// A drawing fixed at its corners (the preview): made here, where the plugin is on `L`.
export function fixedDrawing(url, corners) {
  return L.distortableImageOverlay(url, {
    corners: toLatLngs(corners),
    editable: false,
    suppressToolbar: true,
  });
}

// A drawing whose corners (and the whole image) can be dragged; `onChange(corners)` hears
// every move. Only the drag and distort tools are used, without the plugin's toolbar (its
// keyboard shortcuts listen on the whole window and would catch typing in the form).
export function placeDrawing(map, url, { corners, opacity, onChange, cornerNames }) {
  const overlay = L.distortableImageOverlay(url, {
    corners: corners ? toLatLngs(corners) : undefined,
    mode: "distort",
    actions: [L.DragAction, L.DistortAction],
    suppressToolbar: true,
    selected: true,
  });
  overlay.addTo(map);
  const report = () => onChange(toCorners(overlay.getCorners()));
  overlay.on("edit dragend update", report);
  // After the plugin's own load listener (registered in addTo), which sets the corners.
  const image = overlay.getElement();
  image.alt = "";
  L.DomEvent.on(image, "load", () => {
    setOpacity(overlay, opacity);
    nameCorners(overlay, cornerNames);
    report();
  });
  return overlay;
}

// The corner handles are markers with an image and no name: say which corner each is.
function nameCorners(overlay, names) {
  const handles = overlay.editing?._distortHandles?.getLayers() ?? [];
  handles.forEach((handle, index) => {
    const element = handle.getElement();
    if (!element) return;
    element.classList.add("drawing-corner", `drawing-corner--${index}`);
    element.alt = names[index];
    element.title = names[index];
  });
}

export function setOpacity(overlay, opacity) {
  const element = overlay.getElement();
  if (element) element.style.opacity = String(opacity);
}
