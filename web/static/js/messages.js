// A conversation page reloads itself every 20 seconds to show new messages, unless the
// reader is typing (or has typed something) or the tab is hidden. Without script, the
// "Tải tin mới" link does the same.
(function () {
  "use strict";
  var box = document.getElementById("msg-body");
  if (!box) return;
  window.setInterval(function () {
    if (document.hidden || box.value.trim() !== "" || document.activeElement === box) return;
    var details = document.querySelector(".report-box");
    if (details && details.open) return;
    window.location.reload();
  }, 20000);
})();
