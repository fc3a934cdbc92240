// The engine client: starts the module worker (Python in Pyodide), asks it for plans and
// reports loading progress and failures. It knows nothing about the form or the plan.

// The long-load message appears when no byte has arrived for this long (a slow but moving
// download is not a failure).
export const STALL_SECONDS = 20;

// takeEarlyWorker (optional) returns a worker started earlier ({worker, messages}: what it
// said before being adopted), used for the first start only.
export function createEngine({ workerURL, boot, onProgress, onReady, onFailed, onStalled,
  takeEarlyWorker = () => null }) {
  let worker = null;
  let nextId = 1;
  let pending = new Map();
  let ready = false;
  let stallTimer = null;
  let generation = 0;

  function armStall(current) {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      if (current === generation && !ready) onStalled();
    }, STALL_SECONDS * 1000);
  }

  function fail(reason, detail) {
    clearTimeout(stallTimer);
    ready = false;
    for (const { reject } of pending.values()) reject(new Error(detail || reason || "failed"));
    pending.clear();
    if (worker) worker.terminate();
    worker = null;
    onFailed(reason, detail);
  }

  function post(message) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  async function start() {
    generation += 1;
    const current = generation;
    ready = false;
    if (worker) worker.terminate();
    pending = new Map();
    const early = current === 1 ? takeEarlyWorker() : null;
    try {
      worker = early ? early.worker : new Worker(workerURL, { type: "module" });
    } catch {
      fail("unsupported");
      return;
    }
    const handle = (data) => {
      if (current !== generation) return;
      const { id, type, ...body } = data;
      if (type === "worker-error") {
        fail(null, body.message);
        return;
      }
      if (type === "progress") {
        armStall(current);
        onProgress(body.received, body.expected);
        return;
      }
      if (type === "fetch-failed") {
        fail("fetch", body.status ? `${body.status} ${body.url}` : body.url);
        return;
      }
      const waiting = pending.get(id);
      if (!waiting) return;
      pending.delete(id);
      if (type === "error") waiting.reject(new Error(body.message));
      else waiting.resolve(body);
    };
    worker.onmessage = (event) => handle(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      if (current === generation) fail(null, event.message || "worker error");
    };
    armStall(current);
    for (const message of early ? early.messages.splice(0) : []) handle(message);
    if (!worker) return;  // the early worker had already failed
    try {
      const result = await post({ type: "boot", ...boot });
      if (current !== generation) return;
      clearTimeout(stallTimer);
      ready = true;
      onReady(result);
    } catch (error) {
      if (current === generation && worker) fail(null, error.message);
    }
  }

  async function run(request) {
    if (!ready) throw new Error("not ready");
    try {
      return (await post({ type: "run", request })).response;
    } catch (error) {
      fail(null, error.message);
      throw error;
    }
  }

  return {
    start,
    run,
    get ready() { return ready; },
    get alive() { return worker !== null; },
  };
}
