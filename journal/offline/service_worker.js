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
// stored, whatever it is. Signing out (the sign-out form, seen here) or turning the option
// off removes the plan's copy; the sign-out response also carries Clear-Site-Data.

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

function forgetPlan() {
  return caches.delete(CONFIG.planCache).then(() => ({ kept: false }));
}

async function planStatus() {
  const cache = await caches.open(CONFIG.planCache);
  const copy = await cache.match(CONFIG.planPage);
  if (!copy) {
    return { kept: false };
  }
  return { kept: true, savedAt: copy.headers.get("X-Alongside-Saved-At") || "" };
}

async function keepPlan() {
  const headers = {};
  headers[CONFIG.keepHeader] = CONFIG.keepValue;
  const response = await fetch(CONFIG.planPage, {
    credentials: "same-origin",
    cache: "no-store",
    redirect: "manual",
    headers: headers,
  });
  // The server says, in its own header, that this response is the one that may be kept.
  if (!storable(response) || response.headers.get(CONFIG.keepHeader) !== CONFIG.keepValue) {
    // Signed out, not the plan's owner, or a shared device: no copy may stay.
    await forgetPlan();
    return { kept: false, refused: true, status: response.status };
  }
  const cache = await caches.open(CONFIG.planCache);
  await cache.put(CONFIG.planPage, response);
  return planStatus();
}

async function refreshPlan() {
  const status = await planStatus();
  return status.kept ? keepPlan() : status;
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
    // Network only; the offline page (or the kept plan) only when the network fails.
    event.respondWith(fetch(request).catch(() => offlineAnswer(request)));
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
