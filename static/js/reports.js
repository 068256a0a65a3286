/* The manager's console charts (Chart.js from static/vendor). The numbers come from the
   page's json_script; each chart has the same numbers in a table beside it. */
(function () {
  "use strict";
  function start() {
    var source = document.getElementById("report-data");
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var colours = { P0: "#a4161a", P1: "#e85d04", P2: "#f4a261", P3: "#6c757d" };
    var common = { responsive: true, maintainAspectRatio: false, animation: false };

    function chart(id, config) {
      var canvas = document.getElementById(id);
      if (canvas) { canvas.chart = new window.Chart(canvas, config); }
      return canvas;
    }

    var times = document.getElementById("chart-times");
    if (times) {
      chart("chart-times", {
        type: "bar",
        data: {
          labels: data.severities,
          datasets: [
            { label: times.dataset.labelMtta50, data: data.mtta_p50, backgroundColor: "#4c6ef5" },
            { label: times.dataset.labelMtta90, data: data.mtta_p90, backgroundColor: "#91a7ff" },
            { label: times.dataset.labelMttr50, data: data.mttr_p50, backgroundColor: "#2b8a3e" },
            { label: times.dataset.labelMttr90, data: data.mttr_p90, backgroundColor: "#8ce99a" }
          ]
        },
        options: common
      });
    }
    var sla = document.getElementById("chart-sla");
    if (sla) {
      chart("chart-sla", {
        type: "bar",
        data: {
          labels: data.severities,
          datasets: [{
            label: sla.dataset.label, data: data.sla,
            backgroundColor: data.severities.map(function (s) { return colours[s] || "#495057"; })
          }]
        },
        options: Object.assign({}, common, { scales: { y: { min: 0, max: 100 } } })
      });
    }
    chart("chart-weekly", {
      type: "bar",
      data: {
        labels: data.weekly.weeks,
        datasets: Object.keys(data.weekly.series).map(function (sev) {
          return { label: sev, data: data.weekly.series[sev], backgroundColor: colours[sev] };
        })
      },
      options: Object.assign({}, common, { scales: { x: { stacked: true }, y: { stacked: true } } })
    });
    var ages = document.getElementById("chart-ages");
    if (ages) {
      chart("chart-ages", {
        type: "bar",
        data: {
          labels: ages.dataset.buckets.split("|"),
          datasets: [
            { label: ages.dataset.labelOpen, data: data.ages, backgroundColor: "#4c6ef5" },
            { label: ages.dataset.labelOverdue, data: data.ages_overdue, backgroundColor: "#a4161a" }
          ]
        },
        options: common
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
