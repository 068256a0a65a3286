// Copy buttons for runbook commands. Progressive: without JavaScript (or without the
// Clipboard API) the buttons stay hidden and the command can be selected by hand.
(function () {
  "use strict";
  if (window.__runbooksCopy) return;
  window.__runbooksCopy = true;
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.documentElement.classList.add("can-copy");
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.dataset.copy);
    if (!source) return;
    navigator.clipboard.writeText(source.innerText.trim()).then(function () {
      var label = button.textContent;
      button.textContent = button.dataset.copied || "Copied";
      button.classList.add("is-copied");
      setTimeout(function () {
        button.textContent = label;
        button.classList.remove("is-copied");
      }, 1500);
    });
  });
})();

// Checklist sections fold: the server opens the one to work on now. A section the
// person opened or closed by hand stays that way when a tick refreshes the panel.
(function () {
  "use strict";
  if (window.__runbooksFold) return;
  window.__runbooksFold = true;
  var chosen = {};
  document.addEventListener("click", function (event) {
    var summary = event.target.closest("details.rb-section > summary");
    if (!summary) return;
    var section = summary.parentElement;
    chosen[section.id] = !section.open; // the state it is about to take
  });
  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(chosen).forEach(function (id) {
      var section = document.getElementById(id);
      if (section) section.open = chosen[id];
    });
  });
})();

// The declare form: picking a scenario pre-selects its severity (the person may change it).
(function () {
  "use strict";
  if (window.__runbooksPicker) return;
  window.__runbooksPicker = true;
  function severityOf(target) {
    if (target.matches('input[name="scenario"][data-severity]:checked')) return target.dataset.severity;
    if (target.matches('#id_scenario_other') || target.matches('input[name="scenario"][value="other"]:checked')) {
      var other = document.getElementById("id_scenario_other");
      if (target.id === "id_scenario_other") {
        var pick = document.getElementById("id_scenario_pick_other");
        if (pick) pick.checked = true;
      }
      var option = other && other.selectedOptions[0];
      return option ? option.dataset.severity : "";
    }
    return "";
  }
  document.addEventListener("change", function (event) {
    var severity = severityOf(event.target);
    if (!severity) return;
    var radio = document.querySelector('input[name="severity"][value="' + severity + '"]');
    if (radio) radio.checked = true;
  });
})();
