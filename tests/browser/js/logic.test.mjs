// The planner's pure logic, in node without a browser: `node --test tests/browser/js/`
// (run by tests/browser/test_planner_logic.py, so `make test` covers it).
import assert from "node:assert/strict";
import test from "node:test";

import {
  MAX_FRAGMENT_LENGTH, MAX_JSON_DEPTH, NewerState, STATE_VERSION, TooDeep, backupsToDrop,
  base64UrlToBytes, bytesToBase64Url, checkAnswers, decodeShare, deletePath, encodeShare, fieldFor,
  fingerprint, formatDate, getPath, hasUsableAnswers, invoiceIndex, isShown, jsonDepth,
  makeTranslator, mergeErrors, mergeList, parseDecimal, parseJSON, parseWhole, phaseCounts, progress,
  readPreviousList, repairState, requestAnswers, setPath, statusOf, visibleErrors, withPrevious,
} from "../../../docs/assets/planner/logic.mjs";

const NAMES = ["contract.type", "contract.start", "invoices", "today", "client_name"];

test("paths: get, set, delete (empty parents go)", () => {
  const answers = {};
  setPath(answers, "contract.type", "open_ended");
  assert.equal(getPath(answers, "contract.type"), "open_ended");
  assert.equal(getPath(answers, "contract.missing.deeper"), undefined);
  deletePath(answers, "contract.type");
  assert.deepEqual(answers, {});
  setPath(answers, "a", 1);
  deletePath(answers, "b.c");
  assert.deepEqual(answers, { a: 1 });
});

test("errors match the longest field", () => {
  assert.equal(fieldFor("invoices[2].amount", NAMES), "invoices");
  assert.equal(fieldFor("contract.start", NAMES), "contract.start");
  assert.equal(fieldFor("contract", NAMES), null);
  assert.equal(fieldFor("version", NAMES), null);
  assert.equal(invoiceIndex("invoices[12].due"), 12);
  assert.equal(invoiceIndex("today"), null);
});

test("numbers: both decimal marks, grouping, and what is refused", () => {
  const fr = { decimal: ",", group: " " };
  const en = { decimal: ".", group: "," };
  assert.deepEqual(parseDecimal("6000,50", fr), { value: 6000.5 });
  assert.deepEqual(parseDecimal("6 000,50", fr), { value: 6000.5 });
  assert.deepEqual(parseDecimal("6000.50", fr), { value: 6000.5 });
  assert.deepEqual(parseDecimal("6000,50", en), { value: 6000.5 });  // not 600 050
  assert.deepEqual(parseDecimal("6,000.50", en), { value: 6000.5 });
  assert.deepEqual(parseDecimal("6,000", en), { value: 6000 });
  assert.deepEqual(parseDecimal("6.000,50", fr), { value: 6000.5 });
  assert.deepEqual(parseDecimal("", fr), { value: null });
  assert.deepEqual(parseDecimal("abc", fr), { error: "number" });
  assert.deepEqual(parseDecimal("1,2,3", fr), { error: "number" });
  assert.deepEqual(parseWhole("30"), { value: 30 });
  assert.deepEqual(parseWhole("3.5"), { error: "whole" });
  assert.deepEqual(parseWhole(""), { value: null });
});

test("base64url round trip", () => {
  const bytes = new Uint8Array([0, 250, 251, 252, 253, 254, 255, 62, 63]);
  assert.deepEqual(base64UrlToBytes(bytesToBase64Url(bytes)), bytes);
  assert.throws(() => base64UrlToBytes("%%%"));
});

test("share links: compressed round trip, old links, limits, refusals", async () => {
  const answers = { version: 1, contract: { type: "open_ended" }, client_name: "Élodie" };
  const fragment = await encodeShare(answers);
  assert.deepEqual(await decodeShare(fragment), { answers });
  const old = `answers=${Buffer.from(JSON.stringify(answers)).toString("base64url")}`;
  assert.deepEqual(await decodeShare(old), { answers });
  assert.equal(await decodeShare("section-2"), null);
  assert.deepEqual(await decodeShare(`answers=${"A".repeat(MAX_FRAGMENT_LENGTH)}`), { error: "too_large" });
  assert.deepEqual(await decodeShare("answers=WzEsMiwzXQ"), { error: "invalid" });
  assert.deepEqual(await decodeShare("answers=2.bm90LWRlZmxhdGU"), { error: "invalid" });
  // 100 invoices fit in a link once compressed.
  const many = { ...answers, invoices: Array.from({ length: 100 }, (_, i) =>
    ({ amount: 1000 + i, due: `2026-0${1 + (i % 9)}-1${i % 10}`, paid: false, ref: "" })) };
  const big = await encodeShare(many);
  assert.ok(big.length < MAX_FRAGMENT_LENGTH, big.length);
  assert.deepEqual((await decodeShare(big)).answers, many);
});

test("usable answers: an empty object is not", () => {
  assert.equal(hasUsableAnswers({}, NAMES), false);
  assert.equal(hasUsableAnswers({ version: 1, unknown: 3 }, NAMES), false);
  assert.equal(hasUsableAnswers({ contract: { type: "open_ended" } }, NAMES), true);
});

test("saved state: migrations, repair, refusal", () => {
  const v1 = repairState({ version: 1, answers: { today: "2026-10-01", client_name: "A" }, checked: ["x"] });
  assert.equal(v1.state.version, STATE_VERSION);
  assert.deepEqual(v1.state.ticked, { x: true });
  assert.deepEqual(v1.state.answers, { client_name: "A" });  // an old pre-filled "today" is dropped
  assert.ok(v1.migrated);
  const noTicks = repairState({ version: 3, answers: { client_name: "B" } });
  assert.deepEqual(noTicks.state, { version: 3, answers: { client_name: "B" }, ticked: {} });
  assert.ok(noTicks.repaired);
  const badAnswers = repairState({ version: 3, answers: [1], ticked: { a: true, b: "yes" } });
  assert.deepEqual(badAnswers.state.ticked, { a: true });
  assert.equal(badAnswers.state.answers, null);
  assert.throws(() => repairState({ version: 3, answers: 5, ticked: 7 }));
  assert.throws(() => repairState({ version: 99 }));
  assert.throws(() => repairState([1]));
});

test("backups: the oldest beyond the limit are dropped", () => {
  const keys = ["p:2026-01", "p:2026-03", "other", "p:2026-02"];
  assert.deepEqual(backupsToDrop(keys, "p:", 2), ["p:2026-01"]);
  assert.deepEqual(backupsToDrop(keys, "p:", 5), []);
});

test("strings: parameters, missing keys", () => {
  const t = makeTranslator({ a: "{n} sur {total}" });
  assert.equal(t("a", { n: 1, total: 2 }), "1 sur 2");
  assert.equal(t("missing"), "⟦missing⟧");
});

test("fingerprint: stable, and any change of the text changes it", () => {
  const text = JSON.stringify({ stdlib: "python_stdlib-0123456789ab.zip", strings: "a = \"é\"" });
  assert.equal(fingerprint(text), fingerprint(String(text)));
  assert.match(fingerprint(text), /^[0-9a-f]{16}$/);
  const seen = new Set([fingerprint(text)]);
  for (let i = 0; i < text.length; i += 1) {
    const changed = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) + 1) + text.slice(i + 1);
    seen.add(fingerprint(changed));
  }
  assert.equal(seen.size, text.length + 1);
  assert.notEqual(fingerprint(""), fingerprint(" "));
});

// ---------- issue 23: one state for the page (pure parts) ----------


const FIELDS = [
  { name: "initiator", kind: "choice", required: false, personal: false, shownWhen: null, defaultValue: "freelancer" },
  { name: "contract.type", kind: "choice", required: true, personal: false, shownWhen: null },
  { name: "contract.end", kind: "date", required: true, personal: false, shownWhen: ["contract.type", ["fixed_term"]] },
  { name: "desired_last_day", kind: "date", required: false, personal: false, shownWhen: ["initiator", ["freelancer"]] },
  { name: "client_last_day", kind: "date", required: true, personal: false, shownWhen: ["initiator", ["client"]] },
  { name: "invoices", kind: "invoices", required: false, personal: false, shownWhen: null },
];
const NAMES_23 = FIELDS.map((field) => field.name);

test("an unanswered question takes its default to decide what is shown (answers without initiator)", () => {
  const defaults = { initiator: "freelancer" };
  assert.equal(isShown(FIELDS[3], {}, defaults), true);   // the freelancer's question
  assert.equal(isShown(FIELDS[4], {}, defaults), false);  // the client's is not
  assert.equal(isShown(FIELDS[4], { initiator: "client" }, defaults), true);
  // What the engine gets keeps the desired last day of a file without initiator.
  const request = requestAnswers({ desired_last_day: "2027-01-29", client_last_day: "2027-02-01" }, FIELDS,
    { version: 2, today: "2026-12-01" });
  assert.deepEqual(request, { desired_last_day: "2027-01-29", version: 2, today: "2026-12-01" });
});

test("progress: missing required answers of the questions shown, in order", () => {
  assert.deepEqual(progress(FIELDS, {}), { answered: 0, total: 4, missing: ["contract.type"] });
  assert.deepEqual(progress(FIELDS, { contract: { type: "fixed_term" } }),
    { answered: 1, total: 5, missing: ["contract.end"] });
  assert.deepEqual(progress(FIELDS, { initiator: "client", contract: { type: "open_ended" } }).missing,
    ["client_last_day"]);
});

test("errors: one per question or invoice row, typed problems first, missing answers added", () => {
  const merged = mergeErrors({
    problems: [{ field: "contract.end", key: "input.date", message: "Not a date." }],
    engine: [
      { field: "contract.end", key: "error.before_start", message: "Before start." },
      { field: "invoices[0].amount", key: "error.required", message: "Amount needed." },
      { field: "invoices[0].due", key: "error.required", message: "Due date needed." },
      { field: "invoices[1].due", key: "error.date_range", message: "Out of range." },
      { field: "version", key: "error.type", message: "Wrong version." },
      { field: "contract.type", key: "error.required", message: "This field is required." },
    ],
    missing: ["contract.type"],
    names: NAMES_23,
    requiredMessage: "Answer this.",
  });
  assert.deepEqual(merged.map((error) => [error.field, error.name, error.row, error.message]), [
    ["contract.end", "contract.end", null, "Not a date."],
    ["invoices[0].amount", "invoices", 0, "Amount needed. Due date needed."],
    ["invoices[1].due", "invoices", 1, "Out of range."],
    ["version", null, null, "Wrong version."],
    ["contract.type", "contract.type", null, "Answer this."],
  ]);
});

test("errors show at questions left, all once the plan is asked for, never where the reader types", () => {
  const errors = mergeErrors({
    problems: [], missing: ["contract.type"], names: NAMES_23, requiredMessage: "Answer this.",
    engine: [{ field: "contract.end", key: "error.date_range", message: "Out of range." }],
  });
  const fields = (list) => list.map((error) => error.field);
  assert.deepEqual(fields(visibleErrors(errors, { left: new Set(), submitted: false, typing: null })), []);
  assert.deepEqual(fields(visibleErrors(errors, { left: new Set(["contract.end"]), submitted: false, typing: null })),
    ["contract.end"]);
  assert.deepEqual(fields(visibleErrors(errors, { left: new Set(["contract.end"]), submitted: false, typing: "contract.end" })),
    []);
  assert.deepEqual(fields(visibleErrors(errors, { left: new Set(), submitted: true, typing: null })),
    ["contract.end", "contract.type"]);
});

test("status: missing answers and unfinished typing are neutral, seen problems are not", () => {
  const base = { engine: "ready", shown: 0, hidden: 0, missing: 0, ok: true };
  assert.deepEqual(statusOf(base), { state: "ready", key: "status.ready" });
  assert.equal(statusOf({ ...base, missing: 2 }).state, "waiting");
  assert.equal(statusOf({ ...base, hidden: 1 }).key, "status.pending");
  assert.equal(statusOf({ ...base, shown: 1, missing: 1 }).state, "invalid");
  assert.equal(statusOf({ ...base, engine: "loading", missing: 2 }).state, "loading");
  assert.equal(statusOf({ ...base, engine: "failed" }).state, "failed");
});

test("lists edited in two tabs are merged item by item", () => {
  // Each tab added a reason: both stay.
  assert.deepEqual(mergeList(["a"], ["a", "b"], ["a", "c"]), { value: ["a", "c", "b"], conflict: false });
  // One removed, the other added.
  assert.deepEqual(mergeList(["a", "b"], ["b"], ["a", "b", "c"]).value, ["b", "c"]);
  // Only one side changed: that side wins, whole.
  assert.deepEqual(mergeList(["a"], ["a"], ["c"]).value, ["c"]);
  assert.deepEqual(mergeList(["a"], ["b"], ["a"]).value, ["b"]);
  // Both added the same item: once.
  assert.deepEqual(mergeList([], ["x"], ["x", "y"]).value, ["x", "y"]);
  // Both changed the same invoice differently: both versions are kept, and said.
  const one = { amount: 100, due: "2026-01-31" };
  const mine = { ...one, amount: 150 };
  const theirs = { ...one, paid: true };
  assert.deepEqual(mergeList([one], [mine], [theirs]), { value: [theirs, mine], conflict: true });
});

test("JSON nested too deeply is refused before it is parsed", () => {
  assert.equal(jsonDepth('{"a": [1, {"b": "[[[["}]}'), 3);
  assert.equal(jsonDepth('"\\"{"'), 0);
  const deep = `${"[".repeat(20000)}${"]".repeat(20000)}`;
  assert.equal(jsonDepth(deep, MAX_JSON_DEPTH), MAX_JSON_DEPTH + 1);  // stops counting early
  assert.throws(() => parseJSON(deep), TooDeep);
  assert.deepEqual(parseJSON('{"a": {"b": 1}}'), { a: { b: 1 } });
});

test("share links nested too deeply are refused, whatever their size once inflated", async () => {
  let nested = '"x"';
  for (let i = 0; i < 1500; i += 1) nested = `{"a":${nested}}`;
  const fragment = await encodeShare({ client_name: "A" });
  assert.ok((await decodeShare(fragment)).answers);
  const deep = await encodeShare(JSON.parse(nested));
  assert.ok(deep.length < 600, deep.length);  // a small link
  assert.deepEqual(await decodeShare(deep), { error: "invalid" });
});

test("answers from a link or file: version and invoices checked before anything is replaced", () => {
  const limits = { version: 2, maxInvoices: 200 };
  assert.equal(checkAnswers({ version: 2 }, limits), null);
  assert.equal(checkAnswers({}, limits), null);
  assert.deepEqual(checkAnswers({ version: "2" }, limits), { key: "version_invalid", params: { value: '"2"' } });
  assert.deepEqual(checkAnswers({ version: 9 }, limits), { key: "version_newer", params: { value: 9 } });
  const invoices = Array.from({ length: 201 }, () => ({ amount: 1, due: "2026-01-01" }));
  assert.deepEqual(checkAnswers({ invoices }, limits), { key: "too_many_invoices", params: { count: 201, max: 200 } });
  assert.equal(checkAnswers({ invoices: invoices.slice(1) }, limits), null);
});

test("dates are written as the engine writes them", () => {
  const en = { "format.date": "{day} {month} {year}", "format.months": ["January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December"] };
  assert.equal(formatDate("2026-12-14", en), "14 December 2026");
  const fr = { ...en, "format.months": ["janvier", "février", "mars"], "format.day_one": "1er" };
  assert.equal(formatDate("2026-03-01", fr), "1er mars 2026");
});

test("earlier answers: newest first, no duplicate, bounded; older single copies are read", () => {
  const list = withPrevious([{ saved: "1", answers: { a: 1 } }], { b: 2 }, "2", 2);
  assert.deepEqual(list.map((entry) => entry.saved), ["2", "1"]);
  assert.deepEqual(withPrevious(list, { a: 1 }, "3", 2).map((entry) => entry.saved), ["3", "2"]);
  assert.equal(withPrevious(list, { c: 3 }, "3", 2).length, 2);
  assert.deepEqual(readPreviousList({ saved: "x", answers: { a: 1 } }), [{ saved: "x", answers: { a: 1 } }]);
  assert.deepEqual(readPreviousList({ entries: [{ saved: "y", answers: { b: 1 } }, 3, { answers: [] }] }),
    [{ saved: "y", answers: { b: 1 } }]);
  assert.deepEqual(readPreviousList("nonsense"), []);
});

test("phase counters count the ticked steps of each phase", () => {
  const view = { phases: [{ phase: "prepare", steps: [{ id: "a" }, { id: "b" }] }, { phase: "after", steps: [] }] };
  assert.deepEqual(phaseCounts(view, { a: true }), { prepare: { done: 1, total: 2 }, after: { done: 0, total: 0 } });
  assert.deepEqual(phaseCounts(null, {}), {});
});

test("saved state: a newer build's state is refused as newer (kept, not repaired)", () => {
  assert.throws(() => repairState({ version: 99, answers: {} }), NewerState);
  const linked = repairState({ version: 3, answers: { a: 1 }, ticked: {}, from: "link" });
  assert.equal(linked.state.from, "link");
  assert.equal(repairState({ version: 3, answers: { a: 1 }, ticked: {}, from: "elsewhere" }).state.from, undefined);
});

// Fuzzing at the edges (issue 25): random depths, strings full of brackets and escapes, list
// lengths around the limit. A seeded generator: a failure names the seed that reproduces it.
function generator(seed) {
  let state = seed >>> 0;
  return () => {  // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("random nesting: the depth is read without parsing, and too deep is refused", () => {
  const runs = Number(process.env.FDM_FUZZ_RUNS || 300);
  const tricky = ["[", "]", "{", "}", '\\"', "\\\\", "\"[{", "é", "\u2028"];
  for (let seed = 1; seed <= runs; seed += 1) {
    const random = generator(seed);
    const depth = 1 + Math.floor(random() * 150);
    let text = JSON.stringify(Array.from({ length: Math.floor(random() * 4) },
      () => tricky[Math.floor(random() * tricky.length)]).join(""));
    for (let level = 0; level < depth; level += 1) {
      text = random() < 0.5 ? `[${text}]` : `{"k${level}": ${text}}`;
    }
    assert.equal(jsonDepth(text), depth, `seed ${seed}`);
    if (depth > MAX_JSON_DEPTH) assert.throws(() => parseJSON(text), TooDeep, `seed ${seed}`);
    else assert.deepEqual(parseJSON(text), JSON.parse(text), `seed ${seed}`);
  }
});

test("random invoice counts around the limit: refused exactly past it", () => {
  const limits = { version: 3, maxInvoices: 200 };
  const random = generator(7);
  for (let run = 0; run < 100; run += 1) {
    const count = Math.floor(random() * 260);
    const invoices = Array.from({ length: count }, () => ({ amount: 1, due: "2026-01-01" }));
    const result = checkAnswers({ version: 3, invoices }, limits);
    if (count > 200) assert.deepEqual(result, { key: "too_many_invoices", params: { count, max: 200 } });
    else assert.equal(result, null, `count ${count}`);
  }
});
