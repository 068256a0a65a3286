// The time zone picker: type to narrow the list; the browser's own zone offered in one click.
(function () {
  "use strict";
  document.querySelectorAll(".tz-picker").forEach(function (picker) {
    var select = picker.querySelector("select");
    var filter = picker.querySelector(".tz-filter");
    filter.addEventListener("input", function () {
      var words = filter.value.trim().toLowerCase().replace(/\s+/g, "_");
      var first = null;
      select.querySelectorAll("option").forEach(function (option) {
        var shown = !words || option.value.toLowerCase().indexOf(words) !== -1;
        option.hidden = !shown;
        if (shown && !first) first = option;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (first && words) select.value = first.value;
    });
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    var suggest = picker.querySelector(".tz-suggest");
    var use = picker.querySelector(".tz-use");
    if (zone && zone !== select.value && select.querySelector('option[value="' + zone + '"]')) {
      use.textContent = zone.replace(/_/g, " ");
      suggest.hidden = false;
      use.addEventListener("click", function () {
        select.value = zone;
        suggest.hidden = true;
      });
    }
  });
})();
