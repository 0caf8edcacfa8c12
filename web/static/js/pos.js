// The booth selling screen, offline-safe. A finished sale goes into a queue kept in this
// phone's storage under the id the form carries; the queue is sent whenever the network
// allows, and a sale leaves it only when the server has recorded it (or the seller drops a
// conflict). The server records each id once, so sending again is always safe.
"use strict";

(function () {
  var form = document.querySelector("[data-pos-form]");
  if (!form || !window.localStorage || !window.fetch || !window.JSON) {
    return; // The plain form still works.
  }
  var key = "ocop-pos-queue:" + form.dataset.shop;
  var status = document.querySelector("[data-pos-status]");
  var pendingEl = status.querySelector("[data-testid=pos-pending]");
  var onlineEl = status.querySelector("[data-pos-online]");
  var conflictsEl = document.querySelector("[data-pos-conflicts]");
  var doneEl = document.querySelector("[data-pos-done]");
  var totalEl = form.querySelector("[data-pos-total]");
  var idInput = form.querySelector("[data-pos-id]");
  var qrBox = form.querySelector("[data-pos-qr]");
  var qrImg = form.querySelector("[data-pos-qr-img]");
  var sending = false;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(key) || "[]");
    } catch (e) {
      return [];
    }
  }
  function store(queue) {
    localStorage.setItem(key, JSON.stringify(queue));
    render(queue);
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID().replace(/-/g, "");
    }
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function vnd(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " ₫";
  }

  function render(queue) {
    var waiting = queue.filter(function (s) { return !s.conflict; }).length;
    status.hidden = false;
    pendingEl.textContent = String(waiting);
    onlineEl.textContent = navigator.onLine ? form.dataset.tOnline : form.dataset.tOffline;
    conflictsEl.textContent = "";
    queue.filter(function (s) { return s.conflict; }).forEach(function (s) {
      var li = document.createElement("li");
      li.className = "alert alert-error";
      li.setAttribute("role", "alert");
      li.textContent = s.conflict + " ";
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "button button-small button-secondary";
      drop.textContent = form.dataset.tDrop;
      drop.addEventListener("click", function () {
        store(load().filter(function (x) { return x.sale.client_sale_id !== s.sale.client_sale_id; }));
      });
      li.appendChild(drop);
      conflictsEl.appendChild(li);
    });
  }

  function lines() {
    var out = [];
    form.querySelectorAll("[data-pos-item]").forEach(function (item) {
      var q = parseInt(item.querySelector("[data-pos-qty]").value, 10);
      if (q > 0) {
        out.push({ sku: item.dataset.sku, quantity: q, price: parseInt(item.dataset.price, 10) });
      }
    });
    return out;
  }
  function total() {
    return lines().reduce(function (sum, l) { return sum + l.quantity * l.price; }, 0);
  }
  function method() {
    var checked = form.querySelector("input[name=payment_method]:checked");
    return checked ? checked.value : "cash";
  }
  function refresh() {
    var t = total();
    totalEl.textContent = t > 0 ? vnd(t) : "—";
    var showQr = method() === "vietqr" && t > 0;
    qrBox.hidden = !showQr;
    if (showQr && navigator.onLine) {
      qrImg.src = form.dataset.qr + "?amount=" + t + "&ref=" + encodeURIComponent(idInput.value.slice(0, 8));
    }
  }

  function flush() {
    if (sending || !navigator.onLine) {
      render(load());
      return;
    }
    var next = load().filter(function (s) { return !s.conflict; })[0];
    if (!next) {
      render(load());
      return;
    }
    sending = true;
    fetch(form.dataset.sync, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf },
      body: JSON.stringify(next.sale),
    })
      .then(function (res) {
        return res.json().then(function (body) { return { status: res.status, body: body }; }, function () {
          return { status: res.status, body: null };
        });
      })
      .then(function (answer) {
        var queue = load();
        var id = next.sale.client_sale_id;
        if (answer.status === 200 || answer.status === 201) {
          queue = queue.filter(function (s) { return s.sale.client_sale_id !== id; });
          doneEl.hidden = false;
          doneEl.textContent = form.dataset.tRecorded + " ";
          var link = document.createElement("a");
          link.href = "/hoa-don/" + answer.body.receipt_code;
          link.textContent = form.dataset.tReceipt + " " + answer.body.receipt_code;
          link.setAttribute("data-testid", "receipt-link");
          doneEl.appendChild(link);
        } else if (answer.status === 409 || answer.status === 422) {
          // Stock gone or a bad line: shown to the seller, never dropped silently.
          var message = answer.body && answer.body.error ? answer.body.error.message : "HTTP " + answer.status;
          queue.forEach(function (s) { if (s.sale.client_sale_id === id) { s.conflict = message; } });
        } // Anything else (a 5xx, a login page): kept, tried again later.
        sending = false;
        store(queue);
        if (answer.status === 200 || answer.status === 201) {
          flush();
        }
      })
      .catch(function () {
        sending = false; // Offline after all: kept for later.
        render(load());
      });
  }

  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  form.querySelector("[data-pos-scan]").addEventListener("input", function (event) {
    var typed = event.target.value.trim().toLowerCase();
    form.querySelectorAll("[data-pos-item]").forEach(function (item) {
      item.hidden = typed !== "" && item.dataset.sku.toLowerCase().indexOf(typed) < 0 && item.dataset.name.indexOf(typed) < 0;
    });
  });
  // A scanner types the code and Enter: one more of that product.
  form.querySelector("[data-pos-scan]").addEventListener("keydown", function (event) {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    var code = event.target.value.trim().toLowerCase();
    form.querySelectorAll("[data-pos-item]").forEach(function (item) {
      if (item.dataset.sku.toLowerCase() === code) {
        var qty = item.querySelector("[data-pos-qty]");
        qty.value = String((parseInt(qty.value, 10) || 0) + 1);
      }
    });
    event.target.value = "";
    event.target.dispatchEvent(new Event("input", { bubbles: true }));
    refresh();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    event.stopPropagation();
    var picked = lines();
    if (picked.length === 0) {
      return;
    }
    var sale = {
      client_sale_id: idInput.value,
      payment_method: method(),
      sold_at: new Date().toISOString(),
      place: form.querySelector("[name=place]").value,
      buyer_contact: form.querySelector("[name=buyer_contact]").value || null,
      lines: picked.map(function (l) { return { sku: l.sku, quantity: l.quantity }; }),
    };
    var fair = form.querySelector("[data-pos-fair]");
    if (fair) {
      sale.fair_id = parseInt(fair.value, 10);
    }
    var queue = load();
    queue.push({ sale: sale });
    store(queue);
    // The next sale gets a new id and an empty form; this one is safe in the queue.
    idInput.value = newId();
    form.querySelectorAll("[data-pos-qty]").forEach(function (q) { q.value = ""; });
    form.querySelector("[name=buyer_contact]").value = "";
    doneEl.hidden = false;
    doneEl.textContent = form.dataset.tSaved;
    refresh();
    flush();
  }, true);

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { render(load()); });
  setInterval(flush, 15000);
  render(load());
  refresh();
  flush();
})();
