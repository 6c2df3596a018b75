// Alongside's service worker, written by hand: no library, no build step.
//
// CONFIG (above, written by journal/offline/views.py) names the addresses.
//
// What it keeps, and nothing else:
//   1. the "shell": the offline page with the crisis lines, the stylesheets, its script and the
//      icon. The offline page is fetched without cookies, so it is the same for everyone.
//   2. only when the plan's owner asks for it on this device: one copy of their safety plan
//      (CONFIG.planPage), in its own cache (CONFIG.planCache).
// Every other request goes to the network as if there were no worker: no check-ins, no
// partner's data, no signed-in page is ever stored. A response marked no-store is never
// stored, whatever it is. Signing out (the sign-out form, seen here), turning the option off,
// or any answer to someone signed out removes the plan's copy; the sign-out response also
// carries Clear-Site-Data. A refresh that fails for a passing reason keeps the saved copy.

"use strict";

const SHELL_CACHE = "alongside-shell-" + CONFIG.version;

function storable(response) {
  const cacheControl = response.headers.get("Cache-Control") || "";
  return (
    response.ok &&
    response.type === "basic" &&
    !response.redirected &&
    !/no-store/i.test(cacheControl)
  );
}

async function fetchShell(cache, address) {
  // Without cookies: the page must not depend on who is signed in.
  const response = await fetch(address, { credentials: "omit", cache: "no-store" });
  if (!storable(response)) {
    throw new Error("not storable: " + address);
  }
  await cache.put(address, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => Promise.all(CONFIG.shell.map((address) => fetchShell(cache, address))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name !== SHELL_CACHE && name !== CONFIG.planCache)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

// Bumped whenever the plan's copy must go (a sign-out seen here, turned off, a signed-out
// answer). A keep or refresh that began under an older generation writes nothing: its answer
// was made for a sign-in that has since ended. (A worker is never stopped while such a fetch
// is on its way, so the count held here is the one that fetch sees.)
let generation = 0;

function forgetPlan() {
  generation += 1;
  return caches.delete(CONFIG.planCache).then(() => ({ kept: false }));
}

function keptCopy() {
  // caches.match with a cacheName never creates that cache: asking makes nothing.
  return caches.match(CONFIG.planPage, { cacheName: CONFIG.planCache });
}

async function planStatus() {
  const copy = await keptCopy();
  if (!copy) {
    return { kept: false };
  }
  return { kept: true, savedAt: copy.headers.get("X-Alongside-Saved-At") || "" };
}

// Only an answer from Alongside itself removes a kept copy: it said, in its own headers, that
// no copy may stay (signed out, not the plan's owner, a shared device; a 403 or 404 with
// "refused"). Anything else (no network, a 500, a 503, a 429, a proxy's bare 403 or 404 while
// a deploy is under way, a captive portal's redirect) leaves the saved copy as it is.
function refused(response) {
  return (
    response.type === "basic" &&
    (response.headers.get(CONFIG.keepHeader) === CONFIG.refusedValue ||
      response.headers.has(CONFIG.signedOutHeader))
  );
}

async function fetchCopy(onlyIfKept) {
  const started = generation;
  const headers = {};
  headers[CONFIG.keepHeader] = CONFIG.keepValue;
  let response = null;
  try {
    response = await fetch(CONFIG.planPage, {
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
      headers: headers,
    });
  } catch (error) {
    response = null;
  }
  if (generation !== started) {
    // Signed out or turned off while the answer was on its way: it is not written.
    return planStatus();
  }
  if (response && refused(response)) {
    await forgetPlan();
    return { kept: false, refused: true, status: response.status };
  }
  if (!response || !storable(response) || response.headers.get(CONFIG.keepHeader) !== CONFIG.keepValue) {
    const status = await planStatus();
    status.failed = true;
    status.status = response ? response.status : 0;
    return status;
  }
  if (onlyIfKept && !(await keptCopy())) {
    // Removed meanwhile (a signed-out page deletes it too): a refresh never brings it back.
    return { kept: false };
  }
  if (generation !== started) {
    return planStatus();
  }
  const cache = await caches.open(CONFIG.planCache);
  await cache.put(CONFIG.planPage, response);
  if (generation !== started) {
    // Signed out between the last look and the write: undo it.
    await caches.delete(CONFIG.planCache);
    return { kept: false };
  }
  return planStatus();
}

function keepPlan() {
  return fetchCopy(false);
}

async function refreshPlan() {
  const status = await planStatus();
  return status.kept ? fetchCopy(true) : status;
}

const ACTIONS = {
  "keep-plan": keepPlan,
  "refresh-plan": refreshPlan,
  "forget-plan": forgetPlan,
  "plan-status": planStatus,
};

self.addEventListener("message", (event) => {
  const action = event.data && ACTIONS[event.data.type];
  if (!action) {
    return;
  }
  const port = event.ports && event.ports[0];
  const reply = (message) => port && port.postMessage(message);
  event.waitUntil(
    action().then(reply, (error) => reply({ error: String((error && error.message) || error) }))
  );
});

async function offlineAnswer(request) {
  const path = new URL(request.url).pathname;
  if (CONFIG.planPages.includes(path)) {
    const copy = await caches.match(CONFIG.planPage, { cacheName: CONFIG.planCache });
    if (copy) {
      return copy;
    }
  }
  const page = await caches.match(CONFIG.offlinePage, { cacheName: SHELL_CACHE });
  return page || Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && url.pathname === CONFIG.logoutPath) {
    // Signing out: the plan's copy goes now, even if the network is down.
    event.waitUntil(forgetPlan());
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate") {
    // Network only; the offline page (or the kept plan) only when the network fails. An
    // answer to someone signed out (the session ended here, on another device, or expired)
    // removes the kept plan: whoever uses this browser now may not be its owner.
    event.respondWith(
      fetch(request).then(
        (response) =>
          response.headers.has(CONFIG.signedOutHeader)
            ? forgetPlan().then(() => response)
            : response,
        () => offlineAnswer(request)
      )
    );
    return;
  }
  if (CONFIG.shell.includes(url.pathname)) {
    // The offline page's own stylesheet, script and icon: from the network when it answers.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(url.pathname, { cacheName: SHELL_CACHE }).then((hit) => hit || Response.error())
      )
    );
  }
  // Anything else: not handled here, so the browser fetches it as it would without a worker.
});
