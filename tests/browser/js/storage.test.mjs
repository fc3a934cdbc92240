// What the planner keeps in this browser (docs/assets/planner/storage.mjs), in node with a
// small in-memory localStorage: merges of lists two tabs edit, copies kept before answers
// are replaced, a newer build's data left untouched, "clear everything".
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

class MemoryStorage {
  constructor() {
    this.items = new Map();
    this.full = () => false;  // (key, value) → refuse the write, as a full browser storage does
  }
  get length() { return this.items.size; }
  key(index) { return [...this.items.keys()][index] ?? null; }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) {
    if (this.full(key, String(value))) throw new Error("QuotaExceededError");
    this.items.set(key, String(value));
  }
  removeItem(key) { this.items.delete(key); }
}

globalThis.localStorage = new MemoryStorage();
const storage = await import("../../../docs/assets/planner/storage.mjs");
const { emptyState } = await import("../../../docs/assets/planner/logic.mjs");

const saved = () => JSON.parse(localStorage.getItem(storage.STORAGE_KEY));

beforeEach(() => {
  globalThis.localStorage = new MemoryStorage();
});

test("an answer is saved on top of what another tab saved meanwhile", () => {
  const base = emptyState();
  localStorage.setItem(storage.STORAGE_KEY, JSON.stringify({ ...base, answers: { client_name: "Other" } }));
  const { state } = storage.saveAnswer(base, "contract.type", "open_ended");
  assert.deepEqual(state.answers, { client_name: "Other", contract: { type: "open_ended" } });
  assert.deepEqual(saved().answers, state.answers);
});

test("a list both tabs changed is merged, and the tab is told what it now holds", () => {
  const base = { ...emptyState(), answers: { reasons: ["workload"] } };
  localStorage.setItem(storage.STORAGE_KEY, JSON.stringify({ ...base, answers: { reasons: ["workload", "better_offer"] } }));
  const result = storage.saveAnswer(base, "reasons", ["workload", "late_payment"]);
  assert.deepEqual(result.merged, ["workload", "better_offer", "late_payment"]);
  assert.deepEqual(saved().answers.reasons, ["workload", "better_offer", "late_payment"]);
});

test("an edit makes adopted answers the reader's own", () => {
  localStorage.setItem(storage.STORAGE_KEY, JSON.stringify({ ...emptyState(), answers: { a: 1 }, from: "link" }));
  storage.saveAnswer(emptyState(), "client_name", "X");
  assert.equal(saved().from, undefined);
});

test("a newer build's data and unreadable data are never written over", () => {
  const newer = JSON.stringify({ version: 99, answers: { anything: true }, more: [1] });
  localStorage.setItem(storage.STORAGE_KEY, newer);
  assert.equal(storage.loadState().event, "newer");
  assert.throws(() => storage.saveAnswer(emptyState(), "client_name", "X"), (error) => error.reason === "newer");
  assert.throws(() => storage.setTick("a", true), (error) => error.reason === "newer");
  assert.equal(localStorage.getItem(storage.STORAGE_KEY), newer);
  assert.equal(storage.readTicks(), null);
  localStorage.setItem(storage.STORAGE_KEY, "{broken");
  assert.throws(() => storage.setTick("a", true), (error) => error.reason === "unreadable");
  assert.equal(localStorage.getItem(storage.STORAGE_KEY), "{broken");
});

test("saved data nested too deeply is unreadable, and kept aside", () => {
  const deep = `{"version":3,"answers":${'{"a":'.repeat(3000)}1${"}".repeat(3000)},"ticked":{}}`;
  localStorage.setItem(storage.STORAGE_KEY, deep);
  const loaded = storage.loadState();
  assert.equal(loaded.event, "corrupt");
  assert.ok(loaded.backup && localStorage.getItem(loaded.backup) === deep);
});

test("earlier answers: kept newest first; when no copy can be written, the caller is told", () => {
  storage.keepPrevious({ client_name: "Mine" });
  storage.keepPrevious({ client_name: "Later" });
  assert.deepEqual(storage.readPrevious().map((entry) => entry.answers.client_name), ["Later", "Mine"]);
  assert.equal(storage.takePrevious().answers.client_name, "Later");
  assert.deepEqual(storage.readPrevious().map((entry) => entry.answers.client_name), ["Mine"]);
  localStorage.full = (key) => key === storage.PREVIOUS_KEY;
  assert.throws(() => storage.keepPrevious({ client_name: "Third" }), (error) => error.reason === "full");
});

test("clear everything leaves nothing of the planner's, or only the ticks when asked", () => {
  const keep = { a: true };
  localStorage.setItem(storage.STORAGE_KEY, JSON.stringify({ ...emptyState(), answers: { x: 1 }, ticked: keep }));
  localStorage.setItem(storage.PREVIOUS_KEY, "{}");
  localStorage.setItem(storage.VIEW_KEY, "{}");
  localStorage.setItem(`${storage.BACKUP_PREFIX}2026`, "junk");
  localStorage.setItem("another-site", "stays");
  storage.clearAll({ keepTicks: true, ticked: keep });
  assert.deepEqual(storage.plannerKeys(), [storage.STORAGE_KEY]);
  assert.deepEqual(saved(), { ...emptyState(), ticked: keep });
  storage.clearAll({ keepTicks: false, ticked: keep });
  assert.deepEqual(storage.plannerKeys(), []);
  assert.equal(localStorage.getItem("another-site"), "stays");
});
