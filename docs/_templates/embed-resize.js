/* For a page that embeds a chart of {{ site }} ({{ origin }}) in an iframe: gives each such iframe the height its
   chart reports (embed-height.js on the embed page), so the chart, its caption and its licence line always show.
   Self-contained: it loads nothing and sends nothing; it only listens for that site's messages. */
(function () {
  "use strict";
  var ORIGIN = "{{ origin }}";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== ORIGIN || !data || data.type !== "kommunale-integrationsindsatser:height") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].setAttribute("height", String(Math.max(100, Math.min(6000, Math.round(Number(data.height) || 0)))));
      }
    }
  });
})();
