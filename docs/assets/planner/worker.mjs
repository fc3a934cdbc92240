// Module worker: loads the self-hosted Pyodide runtime, whose standard-library zip also holds
// the `checklist` engine (checklist/authoring/runtime.py), then answers plan requests. Every
// decision is made by Python (checklist.api.run); this file only moves JSON strings between
// the page and the engine, reports loading progress, and keeps a memory snapshot of Python
// so that later visits start from it.

let engine = null;
let bootId = null;

// ---------- downloads: progress and failures ----------

// Count the bytes of every runtime download and report a failed one at once (Pyodide can
// otherwise wait a long time, or fail later with a less useful error).
const plainFetch = self.fetch.bind(self);
let received = 0;
let expected = 0;

function progress() {
  self.postMessage({ id: bootId, type: "progress", received, expected });
}

async function count(body) {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    received += value.byteLength;
    progress();
  }
}

// The stdlib-and-engine zip's entries are stored, so that a host's compression (or the
// build's .br beside it) works on the whole file: 0.6 MB brotli instead of 2.5 MB. Hosts that
// send it as it is (GitHub Pages and Cloudflare Pages do not compress application/zip) get
// the build's gzip copy beside it instead (0.8 MB), inflated here; while that copy is asked
// for, the plain answer is kept in case there is none (`mkdocs serve` writes none). Offline,
// the service worker keeps the gzip copy only (hooks/service_worker.js).
let stdlibURL = null;

async function stdlib(url, init) {
  const plain = new AbortController();
  const sent = await plainFetch(url, { ...init, signal: plain.signal }).catch(() => null);
  if ((sent && sent.ok && sent.headers.get("Content-Encoding"))
      || typeof DecompressionStream !== "function") {
    return { response: sent ?? await plainFetch(url, init) };
  }
  const gzipped = await plainFetch(`${url}.gz`, init).catch(() => null);
  if (!gzipped || !gzipped.ok || !gzipped.body) {
    return { response: sent ?? await plainFetch(url, init) };
  }
  plain.abort();
  return { response: gzipped, inflate: true };
}

self.fetch = async (input, init) => {
  const url = String(input.url || input);
  let inflate = false;
  let response;
  try {
    if (url === stdlibURL) ({ response, inflate = false } = await stdlib(url, init));
    else response = await plainFetch(input, init);
  } catch (error) {
    self.postMessage({ id: bootId, type: "fetch-failed", url, status: 0 });
    throw error;
  }
  if (!response.ok) {
    self.postMessage({ id: bootId, type: "fetch-failed", url: response.url, status: response.status });
    return response;
  }
  if (!response.body) return response;
  expected += Number(response.headers.get("content-length")) || 0;
  progress();
  // Pyodide gets the response itself: a Response rebuilt around a counting stream has no
  // URL, and Chromium then neither reads nor writes its compiled-wasm cache for it. The
  // bytes are counted on a copy of the stream.
  count(response.clone().body).catch(() => { /* Pyodide's own read reports failures */ });
  if (!inflate) return response;
  return new Response(response.body.pipeThrough(new DecompressionStream("gzip")), {
    headers: { "Content-Type": "application/zip" },
  });
};

// ---------- the memory snapshot ----------

// Python's memory once the engine is imported, taken before the first request (so it holds
// no answer: nothing the reader typed has reached Python yet), kept gzip-compressed in Cache
// Storage under the address of the stdlib zip (which names the runtime version and, by its
// hash, the engine), with the runtime version and that address in its headers. A later
// visit restores it instead of starting Python and importing the engine. Any mismatch or
// error means a normal start; only the current build's snapshot is ever kept.
const SNAPSHOTS = "planner-snapshot";
let snapshot = null;  // the bytes, from the boot until they are stored

function snapshotKey(stdLibURL) {
  return `${stdLibURL}.snapshot`;
}

async function gunzip(body) {
  const inflated = new Response(body.pipeThrough(new DecompressionStream("gzip")));
  return new Uint8Array(await inflated.arrayBuffer());
}

async function keptSnapshot(stdLibURL, version) {
  if (!self.caches) return null;
  try {
    const cache = await caches.open(SNAPSHOTS);
    let kept = null;
    for (const request of await cache.keys()) {
      if (request.url === snapshotKey(stdLibURL)) kept = await cache.match(request);
      else await cache.delete(request);  // another build's
    }
    if (!kept) return null;
    const headers = kept.headers;
    if (headers.get("X-Snapshot-Pyodide") !== version
        || headers.get("X-Snapshot-Stdlib") !== stdLibURL) {
      await cache.delete(snapshotKey(stdLibURL));
      return null;
    }
    const bytes = await gunzip(kept.body);
    if (bytes.length !== Number(headers.get("X-Snapshot-Length"))) throw new Error("truncated");
    return bytes;
  } catch {
    await forgetSnapshot(stdLibURL);
    return null;
  }
}

async function forgetSnapshot(stdLibURL) {
  try {
    await (await caches.open(SNAPSHOTS)).delete(snapshotKey(stdLibURL));
  } catch { /* nothing kept */ }
}

async function keepSnapshot({ bytes, stdLibURL, version }) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    for (const request of await cache.keys()) await cache.delete(request);
    const body = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
    await cache.put(snapshotKey(stdLibURL), new Response(body, { headers: {
      "Content-Type": "application/octet-stream",
      "X-Snapshot-Pyodide": version,
      "X-Snapshot-Stdlib": stdLibURL,
      "X-Snapshot-Length": String(bytes.length),
    } }));
  } catch {
    await forgetSnapshot(stdLibURL);  // storage full or refused: a normal start next time
  }
}

// ---------- Python ----------

// Python and the engine load once, from the first message that says how ("load", sent from
// the page head by boot.js, or "boot"): the stdlib zip (engine included) and the lock file's
// contents, which list no package (so Pyodide fetches no lock file).
let loading = null;

async function load({ indexURL, stdLibURL, lockFileContents }) {
  stdlibURL = stdLibURL;
  const { loadPyodide, version } = await import(new URL("pyodide.mjs", indexURL).href);
  const options = { indexURL, stdLibURL, lockFileContents };
  let start = "boot";
  let pyodide = null;
  const kept = await keptSnapshot(stdLibURL, version);
  if (kept) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: kept });
      engine = pyodide.pyimport("checklist.api");  // already imported: no file is read
      start = "snapshot";
    } catch {
      pyodide = null;
      await forgetSnapshot(stdLibURL);
    }
  }
  if (!pyodide) {
    const makeSnapshot = Boolean(self.caches) && typeof CompressionStream === "function";
    pyodide = await loadPyodide({ ...options, _makeSnapshot: makeSnapshot });
    engine = pyodide.pyimport("checklist.api");
    // Before any request: the snapshot holds the runtime and the engine, no answer.
    if (makeSnapshot) {
      try {
        snapshot = { bytes: pyodide.makeMemorySnapshot(), stdLibURL, version };
      } catch { /* an experimental API: no snapshot, a normal start next time */ }
    }
  }
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  return { python, pyodide: pyodide.version, start };
}

async function boot({ checklist, strings, jurisdiction, ...runtime }) {
  loading ??= load(runtime);
  const versions = await loading;
  // The checklist data and strings are checked once, here, and kept by the engine: each
  // edit then sends only the answers.
  const configured = JSON.parse(engine.configure(JSON.stringify({ checklist, strings, jurisdiction })));
  if (!configured.ok) throw new Error(configured.errors.map((e) => `${e.field}: ${e.message}`).join("; "));
  return versions;
}

function run(request) {
  return JSON.parse(engine.run(JSON.stringify(request)));
}

self.onmessage = async (event) => {
  const { id, type, ...body } = event.data;
  try {
    if (type === "load") {
      loading ??= load(body);
      await loading;  // a failure is reported to the "boot" that waits for it too
    } else if (type === "boot") {
      bootId = id;
      self.postMessage({ id, type: "ready", ...(await boot(body)) });
    } else if (type === "run") {
      self.postMessage({ id, type: "result", response: run(body.request) });
      if (snapshot) {
        // Stored after the first plan is on its way, so that it does not delay it.
        const made = snapshot;
        snapshot = null;
        await keepSnapshot(made);
      }
    } else {
      throw new Error(`unknown message type: ${type}`);
    }
  } catch (error) {
    // A Python traceback is long: its last line says what went wrong.
    const lines = String((error && error.message) || error).trim().split("\n");
    self.postMessage({ id, type: "error", message: lines[lines.length - 1] });
  }
};
