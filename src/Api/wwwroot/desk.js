// The desk's only script besides blazor.web.js (no inline script: Content-Security-Policy). Delegated, so it keeps
// working across enhanced navigations: a button marked data-print prints the page (the 受理回执).
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (button) {
    event.preventDefault();
    window.print();
  }
});
