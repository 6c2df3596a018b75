// Progressive enhancement: a "Copy link" button next to a read-only box holding a link.
// Without JavaScript there is no button and the box's text can be selected and copied by
// hand. The result is announced through the page's aria-live status paragraph.
(function () {
  "use strict";
  function announce(status, text) {
    if (!status) return;
    status.textContent = "";
    // A fresh change each time, so a second copy is announced too.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function fallbackCopy(box) {
    box.focus();
    box.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }
  function enhance(holder) {
    var box = document.getElementById(holder.getAttribute("data-copy-from"));
    var status = document.getElementById(holder.getAttribute("data-copy-status"));
    if (!box) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Copy link";
    button.addEventListener("click", function () {
      var done = function () { announce(status, "Copied. Paste it into a message to your partner."); };
      var failed = function () {
        if (fallbackCopy(box)) {
          done();
        } else {
          box.focus();
          box.select();
          announce(status, "Could not copy automatically: the link is selected, copy it from your keyboard or menu.");
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, failed);
      } else {
        failed();
      }
    });
    holder.appendChild(button);
  }
  function start() {
    document.querySelectorAll("[data-copy-from]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
