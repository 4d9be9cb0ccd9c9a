/* The wall's charts of the class tournament, drawn with Plotly from the JSON that the
   server puts in the page (<script type="application/json" id="chart-data">). */
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || !window.Plotly) {
    return;
  }
  var data = JSON.parse(holder.textContent);
  var font = { size: 18 };
  var config = { responsive: true, displaylogo: false };
  function draw(id, chart, traces, layout) {
    if (!chart || !document.getElementById(id)) {
      return;
    }
    layout.font = font;
    layout.title = { text: chart.title };
    layout.margin = { l: 200, r: 30, t: 60, b: 120 };
    window.Plotly.newPlot(id, traces, layout, config);
  }
  var r = data.ranking;
  if (r) {
    draw("chart-ranking", r, [{
      type: "bar", orientation: "h", x: r.values.slice().reverse(),
      y: r.names.slice().reverse(),
      marker: { color: r.students.slice().reverse().map(function (s) {
        return s ? "#d9730d" : "#7a8b99"; }) },
      hovertemplate: "%{y}: %{x:.3f}<extra></extra>"
    }], { xaxis: { title: { text: r.axis } }, height: 120 + 34 * r.names.length });
  }
  var p = data.payoffs;
  if (p) {
    draw("chart-payoffs", p, [{
      type: "heatmap", z: p.z, x: p.columns, y: p.rows, colorscale: "Viridis",
      hovertemplate: "%{y} against %{x}: %{z:.3f}<extra></extra>"
    }], { yaxis: { autorange: "reversed" }, height: 200 + 34 * p.rows.length });
  }
  var s = data.shares;
  if (s) {
    draw("chart-shares", s, s.series.map(function (serie) {
      return { type: "scatter", mode: "lines", name: serie.name, x: s.x, y: serie.y,
               stackgroup: "shares", hovertemplate: serie.name + ": %{y:.3f}<extra></extra>" };
    }), { xaxis: { title: { text: s.axis } }, yaxis: { title: { text: "share" }, range: [0, 1] },
          height: 560 });
  }
})();
