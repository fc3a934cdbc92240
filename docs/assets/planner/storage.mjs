// The reader's work kept in this browser (localStorage): answers and ticked items, versioned.
// Every change is written as "read the latest saved state, change one field, write": two tabs
// never overwrite each other's answers or ticks. Unreadable data is never dropped: every
// unreadable copy is kept (dated, the last few), and whatever can be read is repaired.

import { backupsToDrop, emptyState, repairState } from "./logic.mjs";

export const STORAGE_KEY = "fin-de-mission";
export const BACKUP_PREFIX = `${STORAGE_KEY}:unreadable:`;
export const PREVIOUS_KEY = `${STORAGE_KEY}:previous`;

function keepBackup(raw) {
  const key = `${BACKUP_PREFIX}${new Date().toISOString()}`;
  try {
    localStorage.setItem(key, raw);
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
    for (const old of backupsToDrop(keys, BACKUP_PREFIX)) localStorage.removeItem(old);
    return key;
  } catch {
    return null;  // the notice still offers the copy held in memory
  }
}

// Parse a saved text: {state, event, raw}. event: null | "restored" | "migrated" | "repaired" |
// "corrupt".
export function parseSaved(raw) {
  if (raw === null) return { state: emptyState(), event: null };
  try {
    const { state, migrated, repaired } = repairState(JSON.parse(raw));
    return { state, event: repaired ? "repaired" : migrated ? "migrated" : "restored", raw };
  } catch {
    return { state: emptyState(), event: "corrupt", raw };
  }
}

export function loadState() {
  let raw;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return { state: emptyState(), event: "save_failed" };
  }
  const loaded = parseSaved(raw);
  if (loaded.event === "corrupt" || loaded.event === "repaired") loaded.backup = keepBackup(raw);
  return loaded;
}

// Apply `change` to the latest saved state and save it; returns the new state, or throws when
// the browser refuses to save.
export function updateState(current, change) {
  let base = current;
  try {
    const loaded = parseSaved(localStorage.getItem(STORAGE_KEY));
    if (loaded.event !== "corrupt") base = loaded.state;
  } catch { /* storage unreadable: change what we have */ }
  const next = structuredClone(base);
  change(next);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}

export function saveState(state) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
}

export function keepPrevious(answers) {
  try {
    localStorage.setItem(PREVIOUS_KEY, JSON.stringify({ saved: new Date().toISOString(), answers }));
    return true;
  } catch {
    return false;
  }
}

export function readPrevious() {
  try {
    const kept = JSON.parse(localStorage.getItem(PREVIOUS_KEY));
    return kept && typeof kept === "object" ? kept.answers : null;
  } catch {
    return null;
  }
}
