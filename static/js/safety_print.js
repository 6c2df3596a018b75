// Progressive enhancement for the printable safety plan: a Print button that only
// appears when JavaScript can make it work. Without it, the page explains the browser's
// own Print command.
document.addEventListener("DOMContentLoaded", function () {
  var controls = document.querySelector("[data-print-controls]");
  var button = document.querySelector("[data-print]");
  if (!controls || !button || typeof window.print !== "function") {
    return;
  }
  controls.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
