// Starts the planner's Python worker from the page head, before the page body, Material's
// bundle and the planner's modules are read: the runtime downloads and boots meanwhile.
// planner.js (engine.mjs) adopts this worker, replays what it said so far, and sends it the
// plan's data. If this script does not run, planner.js starts the worker itself.
(() => {
  const script = document.currentScript;
  const { worker: workerURL, index, stdlib, lock } = script.dataset;
  const indexURL = new URL(index, location.href).href;
  // How the worker loads Python: the trimmed, compiled standard library with the engine in
  // it, and an inline lock that lists no package (no request for the runtime's lock file).
  const runtime = {
    indexURL,
    stdLibURL: new URL(stdlib, indexURL).href,
    lockFileContents: lock,
  };
  // After the first plan (planner.js): the service worker keeps what this visit loaded, so
  // the next visit works offline. Same-origin addresses only; never the answers.
  window.fdmKeepOffline = () => {
    window.fdmKeepOffline = () => {};
    if (!("serviceWorker" in navigator) || !script.dataset.sw) return;
    const urls = [
      location.href.split("#")[0],
      new URL(workerURL, location.href).href,
      ...["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", stdlib]
        .map((name) => new URL(name, indexURL).href),
      ...performance.getEntriesByType("resource").map((entry) => entry.name),
    ].filter((url) => new URL(url).origin === location.origin);
    navigator.serviceWorker.register(new URL(script.dataset.sw, location.href))
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => registration.active.postMessage({ type: "keep", urls }))
      .catch(() => { /* offline use is a bonus */ });
  };
  try {
    const worker = new Worker(new URL(workerURL, location.href), { type: "module" });
    const early = { worker, messages: [] };
    worker.onmessage = (event) => early.messages.push(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      early.messages.push({ type: "worker-error", message: event.message || "worker error" });
    };
    worker.postMessage({ id: 0, type: "load", ...runtime });
    window.fdmWorker = early;
  } catch { /* planner.js tries again and reports */ }
})();
