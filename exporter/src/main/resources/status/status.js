// hostkeeper status page: draws each chart from /api/history with uPlot. The page works without it.
(function () {
  "use strict";
  var units = {
    percent: function (v) { return v == null ? "–" : v.toFixed(0) + " %"; },
    celsius: function (v) { return v == null ? "–" : v.toFixed(1) + " °C"; },
    load: function (v) { return v == null ? "–" : v.toFixed(2); },
    bytes_per_second: function (v) {
      if (v == null) return "–";
      var u = ["B/s", "KiB/s", "MiB/s", "GiB/s"], i = 0;
      while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
      return v.toFixed(i ? 1 : 0) + " " + u[i];
    }
  };

  // one line per tick (uPlot's default adds a second, date line that overlaps on narrow charts)
  function clock(t, withSeconds) {
    if (t == null) return "";
    var d = new Date(t * 1000), two = function (n) { return ("0" + n).slice(-2); };
    return two(d.getHours()) + ":" + two(d.getMinutes()) + (withSeconds ? ":" + two(d.getSeconds()) : "");
  }

  function draw(fig, data) {
    var fmt = units[data.unit] || units.load;
    var xs = [], ys = [];
    data.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); });
    if (!xs.length) {
      var p = document.createElement("p");
      p.className = "empty";
      p.textContent = "No samples yet: the first appears within a minute of start.";
      fig.appendChild(p);
      return;
    }
    var width = function () { return Math.max(200, fig.clientWidth - 12); };
    var scaleY = data.unit === "percent" ? { range: [0, 100] } : {};
    var plot = new uPlot({
      width: width(),
      height: 150,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: scaleY },
      axes: [{ stroke: "#888", space: 55, values: function (u, v) {
               var short = u.scales.x.max - u.scales.x.min < 3600;
               return v.map(function (t) { return clock(t, short); });
             } },
             { stroke: "#888", size: 72, values: function (u, v) { return v.map(fmt); } }],
      series: [{}, { label: data.title, stroke: "#2f81f7", width: 1.5, fill: "rgba(47,129,247,0.12)", spanGaps: false, value: function (u, v) { return fmt(v); } }]
    }, [xs, ys], fig);
    // the figure narrows when a scrollbar appears after the charts are added: follow its width
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (plot.width !== width()) plot.setSize({ width: width(), height: 150 });
      }).observe(fig);
    }
  }

  function load(fig) {
    var series = fig.getAttribute("data-series");
    var range = fig.getAttribute("data-range") || "24h";
    var url = "api/history?range=" + encodeURIComponent(range) + "&series=" + encodeURIComponent(series);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(fig, data); })
      .catch(function () { /* the figures above stay; a chart is only an enhancement */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof uPlot === "undefined" || !window.fetch) return;
    Array.prototype.forEach.call(document.querySelectorAll("figure.chart[data-series]"), load);
  });
})();
