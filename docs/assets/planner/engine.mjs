// @ts-check
// The engine client, and the one place that knows how Python is started: the worker's address
// and the runtime settings (read from the page head's boot script, boot.js), the worker's boot
// state (loading, stalled, ready, failed) and the plan requests. boot.js imports this module
// from the page head and calls bootEarly(), so that the runtime downloads while the page is
// still being read; planner.js imports the same module (one instance) and adopts that worker.
// It knows nothing about the form or the plan.

// The long-load message appears when no byte has arrived for this long (a slow but moving
// download is not a failure).
export const STALL_SECONDS = 20;
// A plan request that gets no answer in this time ends in a visible failure with a retry
// (the engine answers in milliseconds; a worker that stopped answering never will).
export const RUN_SECONDS = 20;

/** @typedef {"idle" | "loading" | "stalled" | "ready" | "failed"} EnginePhase */
/** @typedef {{phase: EnginePhase, received: number, reason: string | null, detail: string,
 *   python: string, pyodide: string}} EngineState */
/** @typedef {{worker: Worker, messages: any[]}} EarlyWorker */

const BOOT_SCRIPT = "script[data-worker][data-index]";

/**
 * Where the worker is and how it loads Python: the trimmed, compiled standard library with
 * the engine in it, and an inline lock that lists no package (no request for a lock file).
 * @param {HTMLScriptElement | null} [script]
 */
export function runtimeSettings(script = document.querySelector(BOOT_SCRIPT)) {
  const { worker = "", index = "", stdlib = "", lock = "" } = script ? script.dataset : {};
  const indexURL = new URL(index, location.href).href;
  return {
    workerURL: new URL(worker, location.href).href,
    runtime: { indexURL, stdLibURL: new URL(stdlib, indexURL).href, lockFileContents: lock },
  };
}

/** @type {EarlyWorker | null} */
let early = null;
let clientStarted = false;

/** Start the worker and ask it to load Python; what it says is kept until it is adopted.
 * @param {HTMLScriptElement | null} [script] @returns {EarlyWorker} */
function launch(script) {
  const { workerURL, runtime } = runtimeSettings(script);
  const worker = new Worker(workerURL, { type: "module" });
  /** @type {EarlyWorker} */
  const started = { worker, messages: [] };
  worker.onmessage = (event) => started.messages.push(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    started.messages.push({ type: "worker-error", message: event.message || "worker error" });
  };
  worker.postMessage({ id: 0, type: "load", ...runtime });
  return started;
}

/** From the page head (boot.js): start Python now, unless the page already did.
 * @param {HTMLScriptElement} script */
export function bootEarly(script) {
  if (early || clientStarted) return;
  try {
    early = launch(script);
  } catch { /* the page starts it again and reports */ }
}

/**
 * @param {{context: {checklist: unknown, strings: unknown, jurisdiction: string},
 *   onChange: (state: EngineState) => void}} options
 */
export function createEngine({ context, onChange }) {
  /** @type {Worker | null} */
  let worker = null;
  let nextId = 1;
  /** @type {Map<number, {resolve: (body: any) => void, reject: (error: Error) => void}>} */
  let pending = new Map();
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let stallTimer;
  let generation = 0;
  /** @type {EngineState} */
  let state = { phase: "idle", received: 0, reason: null, detail: "", python: "", pyodide: "" };

  /** @param {Partial<EngineState>} patch */
  function set(patch) {
    state = { ...state, ...patch };
    onChange(state);
  }

  /** @param {number} current */
  function armStall(current) {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      if (current === generation && state.phase === "loading") set({ phase: "stalled" });
    }, STALL_SECONDS * 1000);
  }

  /** @param {string | null} reason @param {string} [detail] */
  function fail(reason, detail = "") {
    clearTimeout(stallTimer);
    for (const { reject } of pending.values()) reject(new Error(detail || reason || "failed"));
    pending.clear();
    if (worker) worker.terminate();
    worker = null;
    set({ phase: "failed", reason, detail });
  }

  /** @param {Record<string, unknown>} message @param {number} [seconds] @returns {Promise<any>} */
  function post(message, seconds = 0) {
    const id = nextId++;
    const target = /** @type {Worker} */ (worker);
    return new Promise((resolve, reject) => {
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      const settle = (/** @type {() => void} */ then) => {
        clearTimeout(timer);
        pending.delete(id);
        then();
      };
      pending.set(id, {
        resolve: (body) => settle(() => resolve(body)),
        reject: (error) => settle(() => reject(error)),
      });
      if (seconds) {
        timer = setTimeout(() => {
          if (pending.has(id)) fail("timeout");
        }, seconds * 1000);
      }
      target.postMessage({ id, ...message });
    });
  }

  async function start() {
    generation += 1;
    const current = generation;
    clientStarted = true;
    if (worker) worker.terminate();
    pending = new Map();
    set({ phase: "loading", received: 0, reason: null, detail: "" });
    const adopted = current === 1 ? early : null;
    early = null;
    try {
      worker = adopted ? adopted.worker : launch().worker;
    } catch {
      worker = null;
      fail("unsupported");
      return;
    }
    /** @param {any} data */
    const handle = (data) => {
      if (current !== generation) return;
      const { id, type, ...body } = data;
      if (type === "worker-error") {
        fail(null, body.message);
        return;
      }
      if (type === "progress") {
        armStall(current);
        if (state.phase === "stalled") set({ phase: "loading" });
        set({ received: body.received });
        return;
      }
      if (type === "fetch-failed") {
        fail("fetch", body.status ? `${body.status} ${body.url}` : body.url);
        return;
      }
      const waiting = pending.get(id);
      if (!waiting) return;
      if (type === "error") waiting.reject(new Error(body.message));
      else waiting.resolve(body);
    };
    const target = worker;
    target.onmessage = (event) => handle(event.data);
    target.onerror = (event) => {
      event.preventDefault();
      if (current === generation) fail(null, event.message || "worker error");
    };
    armStall(current);
    for (const message of adopted ? adopted.messages.splice(0) : []) handle(message);
    if (current !== generation || !worker) return;  // the early worker had already failed
    const { runtime } = runtimeSettings();
    try {
      const result = await post({ type: "boot", ...runtime, ...context });
      if (current !== generation) return;
      clearTimeout(stallTimer);
      set({ phase: "ready", python: result.python, pyodide: result.pyodide });
    } catch (error) {
      if (current === generation && worker) fail(null, /** @type {Error} */ (error).message);
    }
  }

  /** A plan request; rejects when the engine is not ready, fails, or does not answer.
   * @param {Record<string, unknown>} request @returns {Promise<any>} */
  async function run(request) {
    if (state.phase !== "ready" || !worker) throw new Error("not ready");
    try {
      return (await post({ type: "run", request }, RUN_SECONDS)).response;
    } catch (error) {
      // A timeout has already failed the engine (and said why).
      if (/** @type {EnginePhase} */ (state.phase) !== "failed") fail(null, /** @type {Error} */ (error).message);
      throw error;
    }
  }

  return {
    start,
    run,
    get state() { return state; },
    get alive() { return worker !== null; },
  };
}
