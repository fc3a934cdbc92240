// Module worker: loads the self-hosted Pyodide runtime, whose standard-library zip also holds
// the `checklist` engine (checklist/authoring/runtime.py), then answers plan requests. Every
// decision is made by Python (checklist.api.run); this file only moves JSON strings between
// the page and the engine, and reports loading progress.

let engine = null;
let bootId = null;

// Count the bytes of every runtime download and report a failed one at once (Pyodide can
// otherwise wait a long time, or fail later with a less useful error).
const plainFetch = self.fetch.bind(self);
let received = 0;
let expected = 0;

function progress() {
  self.postMessage({ id: bootId, type: "progress", received, expected });
}

self.fetch = async (input, init) => {
  const response = await plainFetch(input, init).catch((error) => {
    self.postMessage({ id: bootId, type: "fetch-failed", url: String(input.url || input), status: 0 });
    throw error;
  });
  if (!response.ok) {
    self.postMessage({ id: bootId, type: "fetch-failed", url: response.url, status: response.status });
    return response;
  }
  if (!response.body) return response;
  expected += Number(response.headers.get("content-length")) || 0;
  progress();
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      progress();
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};

// Python and the engine load once, from the first message that says how ("load", sent from
// the page head by boot.js, or "boot"): the stdlib zip (engine included) and the lock file's
// contents, which list no package (so Pyodide fetches no lock file).
let loading = null;

async function load({ indexURL, stdLibURL, lockFileContents }) {
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({ indexURL, stdLibURL, lockFileContents });
  engine = pyodide.pyimport("checklist.api");
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  return { python: version, pyodide: pyodide.version };
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
    } else {
      throw new Error(`unknown message type: ${type}`);
    }
  } catch (error) {
    // A Python traceback is long: its last line says what went wrong.
    const lines = String((error && error.message) || error).trim().split("\n");
    self.postMessage({ id, type: "error", message: lines[lines.length - 1] });
  }
};
