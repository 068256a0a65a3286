// Keeps every <time data-deadline> ticking between server refreshes.
(function () {
  "use strict";
  function short(seconds) {
    var s = Math.abs(Math.trunc(seconds));
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    if (d) return h ? d + " d " + h + " h" : d + " d";
    if (h) return m ? h + " h " + String(m).padStart(2, "0") + " min" : h + " h";
    if (m) return m + " min";
    return sec + " s";
  }
  function tick() {
    var body = document.body;
    var now = Date.now();
    document.querySelectorAll("time[data-deadline]").forEach(function (el) {
      var left = (Date.parse(el.dataset.deadline) - now) / 1000;
      var overdue = left < 0;
      var label = overdue ? body.dataset.labelOverdue : body.dataset.labelIn;
      el.textContent = label.replace("%(t)s", short(left));
      el.classList.toggle("is-overdue", overdue);
      var row = el.closest(".incident-row.status-triggered");
      if (row) row.classList.toggle("is-breached", overdue);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
    document.body.addEventListener("htmx:afterSwap", tick);
  });
})();

// The phone menu: the button opens and closes the top bar's panel (shown open without JS).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".menu-toggle");
    if (!button) return;
    var bar = button.closest(".topbar");
    var open = !bar.classList.contains("is-open");
    bar.classList.toggle("is-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();

// "More" in the laptop bar: the less used entries in a small list (flat in the phone menu).
(function () {
  "use strict";
  function closeAll(except) {
    document.querySelectorAll(".nav-more.is-open").forEach(function (more) {
      if (more === except) return;
      more.classList.remove("is-open");
      more.querySelector(".nav-more-toggle").setAttribute("aria-expanded", "false");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".nav-more").forEach(function (more) {
      if (!more.querySelector(".nav-more-list a")) more.classList.add("is-empty");
    });
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".nav-more-toggle");
    if (!toggle) return closeAll(null);
    var more = toggle.closest(".nav-more");
    var open = !more.classList.contains("is-open");
    closeAll(more);
    more.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeAll(null);
  });
})();
