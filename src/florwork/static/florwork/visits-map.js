/* The visit plan's maps: one per day, each route in its officer's colour with numbered stops.
   Tiles only when the server names a tile URL (data-tiles); otherwise markers and lines on a blank
   background. The list beside the map says everything the map shows, so the page works without it. */
(function () {
  "use strict";
  var COLOURS = ["#0066cc", "#d1344c", "#008055", "#995c00", "#6f42c1", "#17324d"];

  function numbered(n, colour) {
    var icon = document.createElement("span");
    icon.className = "fw-map-stop";
    icon.textContent = String(n);
    icon.style.backgroundColor = colour; // set through the DOM: allowed by the CSP (no style attribute)
    return L.divIcon({html: icon, className: "", iconSize: [24, 24], iconAnchor: [12, 12]});
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.source);
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, {scrollWheelZoom: false});
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {maxZoom: 18, attribution: element.dataset.attribution || ""}).addTo(map);
    } else {
      element.classList.add("fw-map-blank");
    }
    var bounds = [];
    data.routes.forEach(function (route) {
      var colour = COLOURS[route.colour % COLOURS.length];
      var line = [route.start].concat(route.stops.map(function (s) { return s.at; }), [route.start]);
      L.polyline(line, {color: colour, weight: 3, opacity: 0.8}).addTo(map);
      L.circleMarker(route.start, {radius: 7, color: colour, fillColor: "#fff", fillOpacity: 1, weight: 3})
        .bindTooltip(route.officer).addTo(map);
      bounds.push(route.start);
      route.stops.forEach(function (stop) {
        L.marker(stop.at, {icon: numbered(stop.n, colour), title: stop.n + ". " + stop.name})
          .bindTooltip(stop.n + ". " + stop.name + " · " + stop.time).addTo(map);
        bounds.push(stop.at);
      });
    });
    if (bounds.length) { map.fitBounds(bounds, {padding: [24, 24], maxZoom: 14}); } else { map.setView([43.77, 11.25], 10); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".fw-visit-map").forEach(draw);
  });
})();
