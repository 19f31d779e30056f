// Enhancement only: pages work without it. Warns before an idle session times out and lets the
// person extend it, and keeps what they are typing in this tab's storage so a timeout loses
// nothing.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-minutes") || "0", 10);
  if (!idle) { return; }
  var warnAfter = Math.max(idle - 5, 1) * 60 * 1000;
  var timer = null;
  var box = null;

  function extend() {
    var data = new URLSearchParams();
    data.set("csrf", body.getAttribute("data-csrf") || "");
    fetch("/session/extend", { method: "POST", body: data, credentials: "same-origin" }).then(function (r) {
      if (box) {
        box.querySelector("p").textContent = r.ok ? body.getAttribute("data-extended") : body.getAttribute("data-warning");
        box.querySelector("button").hidden = r.ok;
      }
      if (r.ok) { schedule(); }
    });
  }

  function warn() {
    if (!box) {
      box = document.createElement("div");
      box.className = "session-warning";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-live", "assertive");
      var p = document.createElement("p");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = body.getAttribute("data-extend");
      b.addEventListener("click", extend);
      box.appendChild(p);
      box.appendChild(b);
      document.querySelector("main").prepend(box);
    }
    box.querySelector("p").textContent = body.getAttribute("data-warning");
    box.querySelector("button").hidden = false;
    box.querySelector("button").focus();
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(warn, warnAfter);
  }
  schedule();

  // Keep drafts of long texts per page and field until the form is sent.
  var key = function (el) { return "bs-draft:" + location.pathname + ":" + el.name; };
  document.querySelectorAll("form.form textarea").forEach(function (el) {
    try {
      var saved = sessionStorage.getItem(key(el));
      if (saved && !el.value) { el.value = saved; }
      el.addEventListener("input", function () { sessionStorage.setItem(key(el), el.value); });
      el.form.addEventListener("submit", function () { sessionStorage.removeItem(key(el)); });
    } catch (e) { /* storage may be off; the page still works */ }
  });
})();
