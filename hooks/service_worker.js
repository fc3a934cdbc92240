// The site's service worker (written to /sw.js by hooks/pyodide_runtime.py, which fills in
// the build's version). It makes a second visit work offline, planner included:
// - the planner registers it after its first plan and asks it to keep what the page and its
//   worker loaded (message "keep": the page, its scripts and styles, the runtime, the engine);
// - online, pages and scripts always come from the network (and every page visited since,
//   with what it loads, is kept for offline use);
//   files whose address changes with their content (Cache-Control: immutable: the runtime,
//   the trimmed standard library, the theme's hashed files) come from the cache;
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

async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const url of urls) {
    if (new URL(url).origin !== location.origin || await cache.match(url)) continue;
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
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached && immutable(cached)) return cached;
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
