// Progressive enhancement: a Print button where a page leaves room for one. Without
// JavaScript the browser's own Print menu does the same.
document.querySelectorAll("[data-print-button]").forEach(function (slot) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary";
  button.textContent = "Print";
  button.addEventListener("click", function () {
    window.print();
  });
  slot.appendChild(button);
});
