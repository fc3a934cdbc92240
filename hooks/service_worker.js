// The site's service worker (written to /sw.js by hooks/pyodide_runtime.py, which fills in
// the build's version). It makes a second visit work offline, planner included:
// - the planner registers it after its first plan and asks it to keep what the page and its
//   worker loaded (message "keep": the page, its scripts and styles, the runtime, the engine);
// - online, everything comes from the network (and the HTTP cache); pages visited are kept;
// - offline, whatever was kept is served.
// One cache per build: a new build installs a new worker that starts from the immutable
// files only (same address, same bytes) and drops the old cache, so pages and scripts of two
// builds are never served together. Only GET requests to this origin are looked at; the
// reader's answers never travel in a request (they stay in localStorage; a share link keeps
// them after the "#"), so nothing here can hold them.
const VERSION = "__VERSION__";
const CACHE = `fdm-${VERSION}`;
const PREFIX = "fdm-";

const immutable = (response) => /\bimmutable\b/.test(response.headers.get("Cache-Control") || "");

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE) continue;
      const old = await caches.open(name);
      for (const request of await old.keys()) {
        const response = await old.match(request);
        if (response && immutable(response)) await cache.put(request, response);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// After each first plan: fetch again what changes in place (revalidated: cheap when
// unchanged), fetch once what is immutable.
async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const url of urls) {
    if (new URL(url).origin !== location.origin) continue;
    const cached = await cache.match(url);
    if (cached && immutable(cached)) continue;
    try {
      const response = await fetch(url);
      if (response.ok) await cache.put(url, response);
    } catch { /* kept next time */ }
  }
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "keep") event.waitUntil(keep(event.data.urls || []));
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || new URL(request.url).origin !== location.origin) return;
  // Online, scripts, styles and the runtime go straight to the network and the HTTP cache
  // (through a service worker the warm planner took 0.5 s longer: no compiled-wasm cache).
  if (navigator.onLine && request.mode !== "navigate") return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached && !navigator.onLine) return cached;
    try {
      const response = await fetch(request);
      if (response.ok && response.type === "basic") event.waitUntil(cache.put(request, response.clone()));
      return response;
    } catch (error) {
      if (cached) return cached;
      throw error;
    }
  })());
});
