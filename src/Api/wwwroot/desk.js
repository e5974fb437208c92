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
// 附件 (issue 19): a form marked data-dropzone also takes a file dropped on it — the file goes into its file input, and the
// clerk submits the form as with the picker. Without scripts the picker alone works.
function dropzoneOf(event) {
  return event.target instanceof Element ? event.target.closest("form[data-dropzone]") : null;
}
document.addEventListener("dragover", function (event) {
  var zone = dropzoneOf(event);
  if (zone && event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
    event.preventDefault();
    zone.classList.add("dropping");
  }
});
document.addEventListener("dragleave", function (event) {
  var zone = dropzoneOf(event);
  if (zone) zone.classList.remove("dropping");
});
document.addEventListener("drop", function (event) {
  var zone = dropzoneOf(event);
  if (!zone || !event.dataTransfer || event.dataTransfer.files.length === 0) return;
  event.preventDefault();
  zone.classList.remove("dropping");
  var input = zone.querySelector("input[type=file]");
  if (!input) return;
  var files = new DataTransfer();
  files.items.add(event.dataTransfer.files[0]);
  input.files = files.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
});

// 成本费用 (Regime 2008 fee form): a count marked data-fills (pages, searches, items posted) with the agency's unit price in
// data-price pre-fills its amount field as count × price, until the clerk types an amount of their own (then it is left alone;
// emptied, it is filled again). Without scripts the form still works: an empty amount is priced from the count by the command.
document.addEventListener("input", function (event) {
  var input = event.target instanceof HTMLInputElement ? event.target : null;
  if (!input) return;
  if (input.dataset.fills) {
    var amount = document.getElementById(input.dataset.fills);
    if (!amount || amount.dataset.typed === "true") return;
    var count = Number(input.value.trim());
    var price = Number(input.dataset.price);
    amount.value = input.value.trim() !== "" && Number.isInteger(count) && count > 0 && price > 0
      ? (Math.round(count * price * 100) / 100).toFixed(2) : "";
    return;
  }
  if (input.id && document.querySelector('[data-fills="' + input.id + '"]'))
    input.dataset.typed = input.value.trim() === "" ? "false" : "true";
});
