// @ts-check
// What the planner keeps in this browser (localStorage), and nothing else writes these keys:
//   fin-de-mission               answers and ticked items, versioned (guide pages tick too)
//   fin-de-mission:previous      the reader's earlier answers, each replaced by a link or a file
//   fin-de-mission:view          the last plan, to show at once on the next visit
//   fin-de-mission:unreadable:*  copies of saved data that could not be read (the last few)
// Every change is written as "read the latest saved state, change it, write": two tabs never
// overwrite each other's answers or ticks, and a list both edited is merged item by item.
// Unreadable data is never dropped (a copy is kept), and data a newer build of the site wrote
// is never written over.

import {
  NewerState, backupsToDrop, emptyState, getPath, mergeList, parseJSON, putAnswer,
  readPreviousList, repairState, withPrevious,
} from "./logic.mjs";

/** @typedef {import("./logic.mjs").SavedState} SavedState */
/** @typedef {import("./logic.mjs").Answers} Answers */
/** @typedef {import("./logic.mjs").PreviousAnswers} PreviousAnswers */
/** @typedef {"restored" | "migrated" | "repaired" | "corrupt" | "newer" | "save_failed" | null} LoadEvent */
/** @typedef {{state: SavedState, event: LoadEvent, raw?: string, backup?: string | null}} Loaded */

export const STORAGE_KEY = "fin-de-mission";
export const BACKUP_PREFIX = `${STORAGE_KEY}:unreadable:`;
export const PREVIOUS_KEY = `${STORAGE_KEY}:previous`;
export const VIEW_KEY = `${STORAGE_KEY}:view`;

/** Why a change could not be saved: "newer" (a newer build's data is there: left untouched),
 * "unreadable" (the saved data cannot be read: not written over), "full" (the browser refused). */
export class Unsaved extends Error {
  /** @param {"newer" | "unreadable" | "full"} reason */
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

/** Every key of this browser's storage the planner wrote (for "clear everything"). */
export function plannerKeys() {
  try {
    return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i))
      .filter((key) => key !== null && (key === STORAGE_KEY || key.startsWith(`${STORAGE_KEY}:`)));
  } catch {
    return [];
  }
}

/** @param {string} raw @returns {string | null} */
function keepBackup(raw) {
  const key = `${BACKUP_PREFIX}${new Date().toISOString()}`;
  try {
    localStorage.setItem(key, raw);
    for (const old of backupsToDrop(/** @type {string[]} */ (plannerKeys()), BACKUP_PREFIX)) {
      localStorage.removeItem(old);
    }
    return key;
  } catch {
    return null;  // the notice still offers the copy held in memory
  }
}

/** Parse a saved text (depth-bounded before parsing).
 * @param {string | null} raw @returns {Loaded} */
export function parseSaved(raw) {
  if (raw === null) return { state: emptyState(), event: null };
  try {
    const { state, migrated, repaired } = repairState(parseJSON(raw));
    return { state, event: repaired ? "repaired" : migrated ? "migrated" : "restored", raw };
  } catch (error) {
    return { state: emptyState(), event: error instanceof NewerState ? "newer" : "corrupt", raw };
  }
}

/** The saved state at page load. Unreadable or partly readable data is copied aside first.
 * @returns {Loaded} */
export function loadState() {
  let raw;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return { state: emptyState(), event: "save_failed" };
  }
  const loaded = parseSaved(raw);
  if ((loaded.event === "corrupt" || loaded.event === "repaired") && raw !== null) {
    loaded.backup = keepBackup(raw);
  }
  return loaded;
}

/** Write a whole state (after a load that repaired or migrated it). Throws Unsaved("full").
 * @param {SavedState} state */
export function writeState(state) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    throw new Unsaved("full");
  }
}

/** The latest saved state, or `fallback` when storage cannot be read at all. Throws Unsaved
 * when what is there must not be written over.
 * @param {SavedState} fallback @returns {SavedState} */
function latest(fallback) {
  let raw;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return structuredClone(fallback);
  }
  const loaded = parseSaved(raw);
  if (loaded.event === "newer") throw new Unsaved("newer");
  // Partly readable data is repaired by the planner, which keeps a copy first (loadState).
  if (loaded.event === "corrupt" || loaded.event === "repaired") throw new Unsaved("unreadable");
  return loaded.state;
}

/** Apply `change` to the latest saved state and save it; returns the new state. Throws Unsaved.
 * @param {SavedState} current @param {(state: SavedState) => void} change */
export function updateState(current, change) {
  const next = latest(current);
  change(next);
  writeState(next);
  return next;
}

/**
 * Save one answer. `base` is the state this tab last read: a list answer that another tab
 * changed meanwhile is merged item by item (mergeList) instead of replaced. Returns the new
 * state and, when the merge changed what this tab holds, the merged value. Throws Unsaved.
 * @param {SavedState} base @param {string} path @param {unknown} value
 * @returns {{state: SavedState, merged: unknown[] | null, conflict: boolean}}
 */
export function saveAnswer(base, path, value) {
  const next = latest(base);
  let merged = null;
  let conflict = false;
  const theirs = getPath(next.answers, path);
  if (Array.isArray(value) && Array.isArray(theirs)) {
    const before = getPath(base.answers, path);
    const result = mergeList(Array.isArray(before) ? before : [], value, theirs);
    if (JSON.stringify(result.value) !== JSON.stringify(value)) merged = result.value;
    conflict = result.conflict;
    value = result.value;
  }
  next.answers ??= {};
  putAnswer(next.answers, path, value);
  delete next.from;  // an edit makes them the reader's own answers
  writeState(next);
  return { state: next, merged, conflict };
}

// ---------- the reader's earlier answers ----------

/** @returns {PreviousAnswers[]} */
export function readPrevious() {
  try {
    const raw = localStorage.getItem(PREVIOUS_KEY);
    return raw === null ? [] : readPreviousList(parseJSON(raw));
  } catch {
    return [];
  }
}

/** Write the list of earlier answers (an empty list removes it). Throws Unsaved("full").
 * @param {PreviousAnswers[]} list */
export function setPrevious(list) {
  try {
    if (list.length) localStorage.setItem(PREVIOUS_KEY, JSON.stringify({ entries: list }));
    else localStorage.removeItem(PREVIOUS_KEY);
  } catch {
    throw new Unsaved("full");
  }
}

/** Keep a copy of the reader's answers before they are replaced. Throws Unsaved("full") when
 * the copy cannot be written: the answers must then not be replaced.
 * @param {Answers} answers @returns {PreviousAnswers[]} */
export function keepPrevious(answers) {
  const list = withPrevious(readPrevious(), answers, new Date().toISOString());
  setPrevious(list);
  return list;
}

/** Take the newest kept answers out of the list. @returns {PreviousAnswers | null} */
export function takePrevious() {
  const [newest, ...rest] = readPrevious();
  if (!newest) return null;
  setPrevious(rest);
  return newest;
}

// ---------- the kept plan ----------

/** @returns {any} */
export function readView() {
  try {
    const raw = localStorage.getItem(VIEW_KEY);
    return raw === null ? null : parseJSON(raw);
  } catch {
    return null;
  }
}

/** @param {unknown} kept */
export function writeView(kept) {
  try {
    localStorage.setItem(VIEW_KEY, JSON.stringify(kept));
  } catch { /* only a speed-up */ }
}

export function forgetView() {
  try {
    localStorage.removeItem(VIEW_KEY);
  } catch { /* nothing kept */ }
}

// ---------- clear everything ----------

/** Remove everything the planner keeps in this browser: answers, earlier answers, the kept
 * plan and the copies of unreadable data; the ticks too unless `keepTicks` (the guide's
 * pages share them). Returns the state left (empty answers; the ticks if kept).
 * @param {{keepTicks: boolean, ticked: Record<string, true>}} options @returns {SavedState} */
export function clearAll({ keepTicks, ticked }) {
  const state = emptyState();
  if (keepTicks) state.ticked = { ...ticked };
  for (const key of plannerKeys()) {
    try {
      localStorage.removeItem(/** @type {string} */ (key));
    } catch { /* nothing to remove */ }
  }
  if (keepTicks && Object.keys(state.ticked).length) writeState(state);
  return state;
}

// ---------- ticks (guide pages) ----------

/** The ticked items, or null when the saved data cannot be read or a newer build wrote it
 * (the planner keeps and reports it; a guide page leaves it alone).
 * @returns {Record<string, true> | null} */
export function readTicks() {
  try {
    const loaded = parseSaved(localStorage.getItem(STORAGE_KEY));
    return loaded.event === "corrupt" || loaded.event === "newer" ? null : loaded.state.ticked;
  } catch {
    return null;
  }
}

/** Tick or untick one item. Throws Unsaved. @param {string} id @param {boolean} on */
export function setTick(id, on) {
  return updateState(emptyState(), (state) => {
    if (on) state.ticked[id] = true;
    else delete state.ticked[id];
  });
}
