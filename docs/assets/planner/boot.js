// Starts the planner's Python from the page head, before the page body, Material's bundle and
// the planner's other modules are read: engine.mjs (which owns the runtime settings, read from
// this script's data attributes, and the worker's boot state) starts the worker now, and
// planner.js, importing the same module, adopts it. If this script does not run, planner.js
// starts the worker itself.
(() => {
  const script = document.currentScript;
  const { worker: workerURL, index, stdlib } = script.dataset;
  import(new URL("engine.mjs", script.src).href)
    .then((engine) => engine.bootEarly(script))
    .catch(() => { /* planner.js starts it and reports */ });
  // After the first plan (planner.js): the service worker keeps what this visit loaded, so
  // the next visit works offline. Same-origin addresses only; never the answers.
  window.fdmKeepOffline = () => {
    window.fdmKeepOffline = () => {};
    if (!("serviceWorker" in navigator) || !script.dataset.sw) return;
    const indexURL = new URL(index, location.href).href;
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
})();
