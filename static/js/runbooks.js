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
