// The planner's pure logic, in node without a browser: `node --test tests/browser/js/`
// (run by tests/browser/test_planner_logic.py, so `make test` covers it).
import assert from "node:assert/strict";
import test from "node:test";

import {
  MAX_FRAGMENT_LENGTH, STATE_VERSION, backupsToDrop, base64UrlToBytes, bytesToBase64Url,
  decodeShare, deletePath, encodeShare, fieldFor, fingerprint, getPath, hasUsableAnswers, invoiceIndex,
  makeTranslator, parseDecimal, parseWhole, repairState, setPath,
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
