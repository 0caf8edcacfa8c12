// Progressive enhancement only: every page works without this file.
"use strict";

// A double-clicked submit must not send a form twice.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  var buttons = form.querySelectorAll("button[type=submit]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].setAttribute("aria-busy", "true");
  }
});
