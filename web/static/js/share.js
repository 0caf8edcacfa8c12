// Progressive enhancement of the product page's copy-link box: a "Sao chép" button that
// puts the address on the clipboard. Without this file the box is a selectable field.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var rows = document.querySelectorAll(".copy-row");
  for (var i = 0; i < rows.length; i++) {
    (function (row) {
      var input = row.querySelector("input");
      if (!input) return;
      // Selecting the whole address at a tap is what a phone needs even without a clipboard.
      input.addEventListener("focus", function () { input.select(); });
      if (!navigator.clipboard || !window.isSecureContext) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small";
      button.textContent = row.dataset.copyLabel;
      button.setAttribute("data-testid", "share-copy");
      var status = document.createElement("span");
      status.setAttribute("role", "status");
      status.className = "copy-status";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(function () {
          status.textContent = row.dataset.copyDone;
        }, function () {
          input.select();
        });
      });
      row.appendChild(button);
      row.appendChild(status);
    })(rows[i]);
  }
});
