// The desk's only script besides blazor.web.js (no inline script: Content-Security-Policy). Delegated, so it keeps
// working across enhanced navigations: a button marked data-print prints the page (the 受理回执).
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// 督办: a page with chart data loads ECharts and the chart script (once), then draws; again after an enhanced
// navigation, which swaps the page's content without running its scripts.
(function () {
  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function charts() {
    if (!document.getElementById("dashboard-data")) return;
    var ready = window.echarts ? Promise.resolve() : load("lib/echarts/echarts.min.js");
    ready.then(function () { return window.CaseTrackerDashboard ? null : load("desk-dashboard.js"); })
      .then(function () { window.CaseTrackerDashboard.draw(); });
  }

  charts();
  if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener("enhancedload", charts);
})();
