/* On a chart's embed page (embed/<chart>.html): tells the page that embeds it how tall the chart, its caption and
   its licence line are, whenever that changes, so that the host's iframe shows all of it (embed-resize.js there).
   Sends nothing else, to nobody else: only a number, to the window that holds the iframe. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "kommunale-integrationsindsatser:height", height: height }, "*");
    }
  }
  window.addEventListener("load", report);
  if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.documentElement);
  else window.addEventListener("resize", report);
  report();
})();
