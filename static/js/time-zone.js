// Progressive enhancement: a time-zone <select data-detect-time-zone> that nobody has
// chosen yet is set to this device's own zone. Without JavaScript the list still works
// (common zones first, then every place by region).
(function () {
  "use strict";
  function detect() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone) return;
    document.querySelectorAll("select[data-detect-time-zone]").forEach(function (select) {
      if (select.value) return; // a choice already made (or kept after an error) stays
      var option = Array.prototype.find.call(select.options, function (item) {
        return item.value === zone;
      });
      if (!option) return;
      select.value = zone;
      var help = document.getElementById(select.id + "_helptext");
      if (help) {
        var note = document.createElement("span");
        note.className = "detected";
        note.textContent = " Set from this device's clock: " + option.textContent + ". Change it if it is wrong.";
        help.appendChild(note);
      }
    });
    // Settings: the saved zone stays; if this device is elsewhere, offer its zone.
    document.querySelectorAll("select[data-suggest-time-zone]").forEach(function (select) {
      if (select.value === zone) return;
      var option = Array.prototype.find.call(select.options, function (item) {
        return item.value === zone;
      });
      var help = document.getElementById(select.id + "_helptext");
      if (!option || !help) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = "Use this device's time zone (" + option.textContent + ")";
      button.addEventListener("click", function () {
        select.value = zone;
        button.textContent = "Chosen: " + option.textContent + ". Save to keep it.";
        button.disabled = true;
        select.focus();
      });
      help.appendChild(document.createTextNode(" "));
      help.appendChild(button);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", detect);
  } else {
    detect();
  }
})();
