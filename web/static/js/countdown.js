// Keeps a fair's countdown ticking; the server already wrote the time left, so without
// JavaScript the page still says it.
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";
  function text(seconds) {
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600),
      m = Math.floor((seconds % 3600) / 60), s = Math.floor(seconds % 60);
    if (d > 0) { return en ? d + " d " + h + " h" : d + " ngày " + h + " giờ"; }
    if (h > 0) { return en ? h + " h " + m + " min" : h + " giờ " + m + " phút"; }
    return en ? m + " min " + s + " s" : m + " phút " + s + " giây";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = (Date.parse(el.dataset.countdown) - now) / 1000;
      el.textContent = left > 0 ? text(left) : (en ? "now" : "ngay bây giờ");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
  });
})();
