// @ts-check
// The page's one state object. Every change goes through `update`, and every view renders
// from the state it is given (planner.js subscribes them): no view keeps its own copy of what
// the reader answered, what the engine said or which notice is up.

/**
 * @template {object} S
 * @param {S} initial
 */
export function createStore(initial) {
  let state = initial;
  /** @type {Set<(state: S, previous: S) => void>} */
  const listeners = new Set();
  let notifying = false;
  let again = false;

  function notify(/** @type {S} */ previous) {
    // An update made while views render (a view that asks for a change) renders once more
    // after this pass, with the newest state.
    if (notifying) {
      again = true;
      return;
    }
    notifying = true;
    try {
      let from = previous;
      do {
        again = false;
        const current = state;
        for (const listener of listeners) listener(current, from);
        from = current;
      } while (again);
    } finally {
      notifying = false;
    }
  }

  return {
    get state() { return state; },
    /** Merge `patch` (or what `change` returns for the current state) into the state.
     * @param {Partial<S> | ((state: S) => Partial<S>)} patch */
    update(patch) {
      const previous = state;
      const changes = typeof patch === "function" ? patch(state) : patch;
      state = /** @type {S} */ ({ .../** @type {object} */ (state), ...changes });
      notify(previous);
    },
    /** @param {(state: S, previous: S) => void} listener */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
