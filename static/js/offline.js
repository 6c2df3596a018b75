// Progressive enhancement: the service worker (offline page with the crisis lines) and the
// per-device choice to keep one's own safety plan for use without a network.
// Without JavaScript none of this runs and Alongside works exactly as before.
(function () {
  "use strict";

  var body = document.body;
  var PLAN_CACHE = "alongside-plan";
  var supported = false;
  try {
    // Reading navigator.serviceWorker throws where workers are refused (an opaque origin).
    supported = window.isSecureContext && Boolean(navigator.serviceWorker);
  } catch (error) {
    supported = false;
  }

  // A page seen signed out removes any kept plan: whoever uses this browser now may not be
  // the plan's owner. (Clear-Site-Data on the sign-out response does the same in browsers
  // that support it.)
  if (body.hasAttribute("data-signed-out") && window.caches) {
    window.caches.delete(PLAN_CACHE);
    // And the worker, so a refresh still on its way does not write the copy back.
    if (supported && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget-plan" });
    }
  }

  if (supported && body.hasAttribute("data-worker")) {
    navigator.serviceWorker.register(body.getAttribute("data-worker"), { scope: "/" }).catch(
      function () {
        // No offline page in this browser; everything else works as without JavaScript.
      }
    );
  }

  // A question to the worker; an answer with `error` if it does not answer within 15 s.
  function ask(type) {
    var answer = navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          resolve(event.data || {});
        };
        registration.active.postMessage({ type: type }, [channel.port2]);
      });
    });
    var timeout = new Promise(function (resolve) {
      setTimeout(function () {
        resolve({ error: "this browser did not answer" });
      }, 15000);
    });
    return Promise.race([answer, timeout]);
  }

  // The owner's plan page: a kept copy is brought up to date whenever they read the plan.
  // If that fails for a passing reason the saved copy stays, and the page says so.
  if (supported && document.querySelector("[data-refresh-offline-plan]")) {
    ask("refresh-plan").then(function (status) {
      var note = document.querySelector("[data-offline-refresh-state]");
      if (!note) {
        return;
      }
      if (status.failed && status.kept) {
        note.textContent =
          "Couldn't refresh the copy on this device; the one saved on " + status.savedAt +
          " is still there.";
      } else if (status.refused) {
        note.textContent =
          "Alongside no longer allows a copy of your plan on this device, so it was removed.";
      } else {
        return;
      }
      note.hidden = false;
    });
  }

  // The offline page: a link to the kept plan, only when there is one on this device.
  var planLink = document.querySelector("[data-offline-plan-link]");
  if (planLink && window.caches) {
    // (caches.match with a cacheName never creates the cache: looking makes nothing.)
    window.caches
      .match(planLink.getAttribute("href"), { cacheName: PLAN_CACHE })
      .then(function (copy) {
        if (copy) {
          planLink.closest("[hidden]").hidden = false;
        }
      });
  }

  // The "On this device" page: turn keeping the plan on or off.
  var controls = document.querySelector("[data-offline-plan-controls]");
  if (!controls) {
    return;
  }
  var noScript = document.querySelector("[data-offline-needs-js]");
  var unsupported = document.querySelector("[data-offline-unsupported]");
  if (noScript) {
    noScript.hidden = true;
  }
  if (!supported) {
    if (unsupported) {
      unsupported.hidden = false;
    }
    return;
  }
  var keep = controls.querySelector("[data-offline-keep]");
  var forget = controls.querySelector("[data-offline-forget]");
  var state = controls.querySelector("[data-offline-state]");
  controls.hidden = false;

  function show(status, said) {
    keep.hidden = Boolean(status.kept);
    forget.hidden = !status.kept;
    keep.disabled = false;
    forget.disabled = false;
    if (status.error) {
      state.textContent =
        "That didn't work (" + status.error + "). Nothing was changed on this device; please try again.";
    } else if (status.refused) {
      state.textContent =
        "Alongside did not allow it, so nothing is kept on this device. Sign in again and retry.";
    } else if (status.failed && !status.kept) {
      state.textContent =
        "Alongside couldn't be reached, so nothing is kept on this device yet. Please try again.";
    } else if (status.kept) {
      state.textContent =
        (said ? "Done. " : "") + "On: your safety plan as it was on " + status.savedAt +
        " is kept on this device.";
    } else {
      state.textContent = (said ? "Done. " : "") + "Off: your safety plan is not kept on this device.";
    }
  }

  state.textContent = "Checking this device…";
  ask("plan-status").then(function (status) {
    show(status, false);
  });
  keep.addEventListener("click", function () {
    keep.disabled = true;
    state.textContent = "Saving your plan on this device…";
    ask("keep-plan").then(function (status) {
      show(status, true);
    });
  });
  forget.addEventListener("click", function () {
    forget.disabled = true;
    ask("forget-plan").then(function (status) {
      show(status, true);
    });
  });
})();
