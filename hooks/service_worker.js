// The site's service worker (written to /sw.js by hooks/pyodide_runtime.py, which fills in
// the build's version and the files its planner needs). It makes a second visit work offline,
// planner included:
// - the planner registers it after its first plan; installing it keeps, in one cache per
//   build, every file the build's planner pages need (the pages, their scripts and styles,
//   the runtime and the stdlib-and-engine zip): after a new build goes live, one online visit
//   leaves a complete offline copy of it. An unchanged runtime file (immutable: same address,
//   same bytes) is copied from the previous build's cache instead of downloaded; nothing
//   else of an older build is carried over, and older caches are deleted once this worker
//   is active. If a file cannot be fetched, the install fails and the previous build's
//   worker and copy stay as they were;
// - pages visited are kept too, and the planner may ask to keep more ("keep");
// - pages come from the network first, then from the copy when the network fails (offline,
//   or a server that cannot be reached while the device says it is online); what such a page
//   and its planner worker load then comes from the same copy. Online, other requests are
//   not touched.
// Pages and scripts of two builds are never served together: a build's copy is only served
// by its own worker, and to a page that came from it. Only GET
// requests to this origin are looked at; the reader's answers never travel in a request
// (they stay in localStorage; a share link keeps them after the "#"), so nothing here can
// hold them.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `fdm-${VERSION}`;
const OURS = /^fdm-[0-9a-f]{16}$/;

const immutable = (response) => /\bimmutable\b/.test(response.headers.get("Cache-Control") || "");
const address = (path) => new URL(path, self.registration.scope).href;

async function older() {
  return (await caches.keys()).filter((name) => OURS.test(name) && name !== CACHE);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const previous = await Promise.all((await older()).map((name) => caches.open(name)));
    for (const url of FILES.map(address)) {
      let response = null;
      for (const old of previous) {
        const kept = await old.match(url);
        if (kept && immutable(kept)) response = kept;
      }
      response ??= await fetch(url);
      if (!response.ok) throw new Error(`${response.status} ${url}`);
      await cache.put(url, response);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await older()) await caches.delete(name);
    await self.clients.claim();
  })());
});

// What the planner asks to keep after its first plan (what its page loaded): fetched again
// when it changes in place (revalidated: cheap when unchanged), once when immutable. Not a
// file whose gzip copy is kept instead (the stdlib zip: worker.mjs reads that copy when the
// network fails).
async function keep(urls) {
  const cache = await caches.open(CACHE);
  const copies = new Set(FILES.map(address));
  for (const url of urls) {
    if (new URL(url).origin !== location.origin || copies.has(`${url}.gz`)) continue;
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

// Clients whose page came from the copy because the network failed, and the workers they
// start (a worker's own requests carry its client id): their scripts, styles and runtime
// come from the same copy. The time limit covers browsers that do not give client ids.
const fromCopy = new Set();
let copyUntil = 0;

function servedFromCopy(event) {
  if (!fromCopy.has(event.clientId) && Date.now() > copyUntil) return false;
  if (event.resultingClientId) fromCopy.add(event.resultingClientId);
  return true;
}

async function fromCache(request, navigate) {
  return (await caches.open(CACHE)).match(request, { ignoreSearch: navigate });
}

async function page(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    // A page seen for the first time is kept; a page of this build's copy stays as it was
    // (a newer build's page must not join this build's scripts).
    if (response.ok && response.type === "basic" && !(await fromCache(request, true))) {
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, response.clone())));
    }
    return response;
  } catch (error) {
    // Offline, or the server cannot be reached while the device says it is online.
    const cached = await fromCache(request, true);
    if (!cached) throw error;
    if (event.resultingClientId) fromCopy.add(event.resultingClientId);
    copyUntil = Date.now() + 60_000;
    return cached;
  }
}

async function file(request) {
  return (await fromCache(request, false)) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || new URL(request.url).origin !== location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (!navigator.onLine || servedFromCopy(event)) {
    event.respondWith(file(request));
  }
  // Otherwise scripts, styles and the runtime go straight to the network and the HTTP cache,
  // as without a service worker: through one, the warm planner took longer (its compiled
  // code is cached with the HTTP response, not with a response the worker hands over).
});
