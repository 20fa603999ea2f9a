// Starts Django's OpenLayers geometry widget (gis/js/OLMapWidget.js) for every map field
// of the page from its JSON options (maps/templates/gis/participatie-map.html), instead of
// the inline script of Django's template, which the Content-Security-Policy refuses.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('script[type="application/json"][id$="-map-widget"]').forEach(function (element) {
    const options = JSON.parse(element.textContent);
    options.base_layer = new ol.layer.Tile({
      source: new ol.source.XYZ({ url: options.basemap_url, crossOrigin: "anonymous" }),
    });
    const module = options.module;
    delete options.basemap_url;
    delete options.module;
    // Django's template keeps each widget in a global named after the field.
    window[module] = new MapWidget(options);
  });
});
