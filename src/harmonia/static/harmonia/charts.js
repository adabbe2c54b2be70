// Charts of the harmonization dashboards; the data comes from json_script blocks.
(function () {
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function draw() {
    if (typeof Chart === "undefined") return;
    var d = data("chart-data");
    if (d) {
      var deg = d.degrees;
      new Chart(document.getElementById("chart-degrees"), {
        type: "doughnut",
        data: {
          labels: ["IDT", "MOD", "NEQ", d.labels.none],
          datasets: [{ data: [deg.IDT, deg.MOD, deg.NEQ, deg.none],
                       backgroundColor: ["#1f7a3d", "#0b5cad", "#9a5b00", "#c9d1da"] }]
        },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: "right" } } }
      });
      var years = d.years.filter(function (y) { return y.year >= 1990; });
      new Chart(document.getElementById("chart-years"), {
        data: {
          labels: years.map(function (y) { return y.year; }),
          datasets: [
            { type: "bar", label: d.labels.published, data: years.map(function (y) { return y.published; }), backgroundColor: "#c9d1da", yAxisID: "n" },
            { type: "bar", label: d.labels.adopting, data: years.map(function (y) { return y.adopting; }), backgroundColor: "#1f7a3d", yAxisID: "n" },
            { type: "line", label: d.labels.cumulative, data: years.map(function (y) { return Math.round(y.cumulative_rate * 1000) / 10; }), borderColor: "#0b5cad", yAxisID: "pct", pointRadius: 0 }
          ]
        },
        options: { maintainAspectRatio: false, animation: false, scales: { n: { position: "left" }, pct: { position: "right", min: 0, max: 100 } } }
      });
      var colors = ["#0b5cad", "#1f7a3d", "#9a5b00"];
      var years2 = {};
      d.uptake.forEach(function (s) { s.certificates.forEach(function (c) { years2[c.year] = 1; }); });
      var labels = Object.keys(years2).sort();
      new Chart(document.getElementById("chart-uptake"), {
        type: "line",
        data: {
          labels: labels,
          datasets: d.uptake.map(function (s, i) {
            var by = {};
            s.certificates.forEach(function (c) { by[c.year] = c.certificates; });
            return { label: s.standard + " (" + d.labels.certificates + ")", data: labels.map(function (y) { return by[y] === undefined ? null : by[y]; }), borderColor: colors[i], spanGaps: true, pointRadius: 1 };
          })
        },
        options: { maintainAspectRatio: false, animation: false }
      });
    }
    var n = data("network-data");
    if (n) {
      new Chart(document.getElementById("chart-members"), {
        type: "bar",
        data: { labels: n.bodies, datasets: [{ label: n.label, data: n.rates, backgroundColor: "#0b5cad" }] },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100 } } }
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
