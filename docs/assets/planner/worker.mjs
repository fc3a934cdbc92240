// Module worker: loads the self-hosted Pyodide runtime and the `checklist` engine wheel, then
// answers plan requests. Every decision is made by Python (checklist.api.run); this file only
// moves JSON strings between the page and the engine.

let engine = null;
let context = null;

async function boot({ indexURL, checklist, strings, jurisdiction }) {
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({ indexURL, packages: ["checklist"] });
  engine = pyodide.pyimport("checklist.api");
  context = { checklist, strings, jurisdiction };
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  return { python: version, pyodide: pyodide.version };
}

function run(request) {
  const payload = JSON.stringify({ ...context, ...request });
  return JSON.parse(engine.run(payload));
}

self.onmessage = async (event) => {
  const { id, type, ...body } = event.data;
  try {
    if (type === "boot") {
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
