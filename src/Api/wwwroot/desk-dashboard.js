// 督办 charts (Apache ECharts, served from /lib/echarts). The figures come from the page's
// <script id="dashboard-data" type="application/json"> element, as the API answers them; desk.js loads this file when a page
// has that element (no inline script: Content-Security-Policy). Each chart's figures are also in the table beside it.
(function () {
  "use strict";

  function text(template, value) { return String(template).replace("{0}", value); }

  // Table 三's labels as an axis or legend shows them: （二）部分公开 without its counting note in brackets.
  function shortLabel(label) { return String(label).replace(/（区分.*）$/, ""); }

  function chart(element, option) {
    var existing = window.echarts.getInstanceByDom(element);
    if (existing) existing.dispose();
    // Canvas, and tooltips drawn on it (renderMode richText): ECharts writes no HTML with inline style (CSP style-src 'self').
    var instance = window.echarts.init(element, null, { renderer: "canvas" });
    option.animation = false;
    option.tooltip = Object.assign({ trigger: "axis", renderMode: "richText" }, option.tooltip || {});
    instance.setOption(option);
    element.setAttribute("data-rendered", "true");
    return instance;
  }

  function months(data) {
    var l = data.labels;
    return {
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.months.map(function (m) { return text(l.month, m.month); }) },
      yAxis: { type: "value", name: l.cases, minInterval: 1 },
      series: [
        { name: l.receivedThis, type: "bar", data: data.months.map(function (m) { return m.received; }) },
        { name: l.receivedLast, type: "bar", data: data.months.map(function (m) { return m.receivedLastYear; }) },
        { name: l.closedThis, type: "line", data: data.months.map(function (m) { return m.closed; }) },
        { name: l.closedLast, type: "line", lineStyle: { type: "dashed" }, data: data.months.map(function (m) { return m.closedLastYear; }) }
      ]
    };
  }

  function share(part, a) {
    var whole = a.onTime + a.extended + a.late;
    return whole === 0 ? 0 : Math.round(1000 * part / whole) / 10;
  }

  function agencies(data) {
    var l = data.labels;
    // The chart draws the agencies with the highest late share (the table lists them all).
    var shown = data.agencies.slice().sort(function (a, b) {
      return share(b.late, b) - share(a.late, a) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
    }).slice(0, data.chartRows).reverse();
    function series(name, key) {
      return { name: name, type: "bar", stack: "share", data: shown.map(function (a) { return share(a[key], a); }) };
    }
    return {
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: "value", max: 100, name: l.share },
      yAxis: { type: "category", data: shown.map(function (a) { return a.name; }) },
      series: [series(l.onTime, "onTime"), series(l.extended, "extended"), series(l.late, "late")]
    };
  }

  function handlers(data) {
    var l = data.labels;
    var shown = data.handlers.slice().reverse();
    return {
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: "value", name: l.cases, minInterval: 1 },
      yAxis: { type: "category", data: shown.map(function (h) { return h.userId === null ? l.unassigned : (h.name || h.userId); }) },
      series: [
        { name: l.open, type: "bar", data: shown.map(function (h) { return h.open; }) },
        { name: l.overdue, type: "bar", data: shown.map(function (h) { return h.overdue; }) }
      ]
    };
  }

  function outcomes(data) {
    var l = data.labels;
    var shown = data.outcomes.slice().reverse();
    return {
      grid: { left: 8, right: 24, top: 16, bottom: 24, containLabel: true },
      xAxis: { type: "value", name: l.cases, minInterval: 1 },
      yAxis: { type: "category", data: shown.map(function (o) { return shortLabel(o.label); }) },
      series: [{ name: l.closed, type: "bar", data: shown.map(function (o) { return o.count; }) }]
    };
  }

  function median(data) {
    var l = data.labels;
    return {
      grid: { left: 48, right: 16, top: 28, bottom: 28 },
      xAxis: { type: "category", data: data.months.map(function (m) { return text(l.month, m.month); }) },
      yAxis: { type: "value", name: l.days, minInterval: 1 },
      series: [{ name: l.median, type: "line", connectNulls: false, data: data.medianWorkingDaysByMonth }]
    };
  }

  function trends(data) {
    var l = data.labels;
    var years = data.trends.years;
    var groups = data.trends.groups;
    var series = [
      { name: l.received, type: "line", yAxisIndex: 0, data: years.map(function (y) { return y.received; }) },
      { name: l.onTimeRate, type: "line", yAxisIndex: 1, data: years.map(function (y) { return y.onTimeRate; }) }
    ];
    groups.forEach(function (g) {
      series.push({ name: shortLabel(g.label), type: "bar", stack: "outcomes", yAxisIndex: 0, data: years.map(function (y) { return y.outcomes[g.key]; }) });
    });
    return {
      legend: { top: 0, type: "scroll" },
      grid: { left: 48, right: 48, top: 40, bottom: 28 },
      xAxis: { type: "category", data: years.map(function (y) { return y.provisional ? y.year + l.provisional : String(y.year); }) },
      yAxis: [{ type: "value", name: l.cases, minInterval: 1 }, { type: "value", name: "%", min: 0, max: 100 }],
      series: series
    };
  }

  var builders = { months: months, agencies: agencies, handlers: handlers, outcomes: outcomes, median: median, trends: trends };

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var drawn = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var build = builders[element.getAttribute("data-chart")];
      if (build) drawn.push(chart(element, build(data)));
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { if (!c.isDisposed()) c.resize(); }); });
  }

  window.CaseTrackerDashboard = { draw: draw };
})();
