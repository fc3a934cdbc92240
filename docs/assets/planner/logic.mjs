// @ts-check
// Pure helpers of the planner page: no DOM, no storage, no worker. They run unchanged in node
// (tests/browser/js/logic.test.mjs) and in the browser. Every decision the page makes about
// what to show (which errors, what is still needed, what a merge keeps) is a function here.

/** @typedef {Record<string, any>} Answers  answers as the engine reads them (FORMATS.md) */
/** @typedef {{version: number, answers: Answers | null, ticked: Record<string, true>,
 *   from?: "link" | "file"}} SavedState
 *   `from`: the answers are an unedited copy of a share link or file (the reader's own
 *   answers were kept aside when they came in; no need to keep this copy aside again). */
/** @typedef {{name: string, kind: string, required: boolean, personal: boolean,
 *   shownWhen: [string, string[]] | null, defaultValue?: unknown}} FieldInfo
 *   One question of the form, as the page's HTML describes it (data-* attributes). */
/** @typedef {{field: string, key: string, message: string}} FieldError */
/** @typedef {FieldError & {name: string | null, row: number | null, count: number}} MergedError */

export const STATE_VERSION = 3;
// One limit for the share link, used by the writer and the reader: a link this page makes is
// always a link it accepts.
export const MAX_FRAGMENT_LENGTH = 8192;
// A decompressed share payload larger than this is refused (a small link cannot hide a huge one).
export const MAX_PAYLOAD_BYTES = 256 * 1024;
// Deepest nesting of any JSON the page reads (links, files, saved state). Answers need 3
// levels (an invoice in the list in the answers); deeper input is refused before it is parsed,
// so that it can neither exhaust the page's nor the engine's stack.
export const MAX_JSON_DEPTH = 16;
// How many unreadable copies of the saved state are kept.
export const MAX_BACKUPS = 5;
// How many sets of the reader's earlier answers are kept (each replaced by a link or a file).
export const MAX_PREVIOUS = 3;
export const SHARE_KEY = "answers=";
// Compressed share payloads start with this marker ("." is not a base64url character, so older
// uncompressed links stay readable).
const COMPRESSED = "2.";

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep equality of JSON values (what a saved answer can hold).
 * @param {unknown} a
 * @param {unknown} b */
export function sameJSON(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------- answers paths ("contract.type") ----------

/** @param {unknown} source @param {string} path @returns {any} */
export function getPath(source, path) {
  return path.split(".").reduce(
    (/** @type {any} */ node, part) => (isPlainObject(node) ? node[part] : undefined), source);
}

/** @param {Record<string, any>} target @param {string} path @param {unknown} value */
export function setPath(target, path, value) {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part];
  }
  node[/** @type {string} */ (parts.at(-1))] = value;
}

/** @param {Record<string, any>} target @param {string} path */
export function deletePath(target, path) {
  const parts = path.split(".");
  const parents = [target];
  for (const part of parts.slice(0, -1)) {
    const next = /** @type {Record<string, any>} */ (parents.at(-1))[part];
    if (!isPlainObject(next)) return;
    parents.push(next);
  }
  delete /** @type {Record<string, any>} */ (parents.at(-1))[/** @type {string} */ (parts.at(-1))];
  // Drop objects left empty ({"contract": {}} says nothing).
  for (let index = parts.length - 2; index >= 0; index--) {
    if (Object.keys(parents[index + 1]).length) break;
    delete parents[index][parts[index]];
  }
}

/** Is this an answer the reader gave (not "no answer")? @param {unknown} value */
export function isAnswered(value) {
  if (value === null || value === undefined || value === "") return false;
  return Array.isArray(value) ? value.length > 0 : true;
}

/** Set an answer, or remove it when it is "no answer" (false stays: it is an answer).
 * @param {Answers} answers @param {string} path @param {unknown} value */
export function putAnswer(answers, path, value) {
  if (value === null || value === undefined || (!isAnswered(value) && value !== false)) {
    deletePath(answers, path);
  } else {
    setPath(answers, path, value);
  }
}

/** The answers field a path belongs to: the longest field name that is the path or its parent
 * ("invoices[2].amount" → "invoices").
 * @param {string} path @param {readonly string[]} names @returns {string | null} */
export function fieldFor(path, names) {
  let best = null;
  for (const name of names) {
    if ((path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))
        && (best === null || name.length > best.length)) best = name;
  }
  return best;
}

/** Which invoice row an error path points at ("invoices[3].due" → 3), or null.
 * @param {string} path */
export function invoiceIndex(path) {
  const match = /^invoices[.[](\d+)/.exec(path);
  return match ? Number(match[1]) : null;
}

/** Does `answers` hold at least one answer to one of the questionnaire's fields?
 * @param {unknown} answers @param {readonly string[]} names */
export function hasUsableAnswers(answers, names) {
  return isPlainObject(answers) && names.some((name) => isAnswered(getPath(answers, name)));
}

// ---------- the questionnaire: what is shown, what is still needed ----------

/** An answer, or the engine's default for it when it is unanswered (a file without
 * `initiator` is the freelancer's: the questions that follow from it are shown).
 * @param {Answers} answers @param {string} path @param {Record<string, unknown>} defaults */
export function effectiveAnswer(answers, path, defaults) {
  const value = getPath(answers, path);
  return isAnswered(value) ? value : defaults[path];
}

/** Is this question shown for these answers?
 * @param {FieldInfo} field @param {Answers} answers @param {Record<string, unknown>} defaults */
export function isShown(field, answers, defaults) {
  if (!field.shownWhen) return true;
  const [path, values] = field.shownWhen;
  return values.includes(String(effectiveAnswer(answers, path, defaults)));
}

/** Defaults of the questionnaire's fields, by answers path. @param {readonly FieldInfo[]} fields */
export function defaultsOf(fields) {
  /** @type {Record<string, unknown>} */
  const defaults = {};
  for (const field of fields) if (field.defaultValue !== undefined) defaults[field.name] = field.defaultValue;
  return defaults;
}

/**
 * Progress through the questions shown: how many are answered, and the required ones still
 * unanswered (in the form's order). Missing answers are progress, not errors.
 * @param {readonly FieldInfo[]} fields @param {Answers} answers
 * @returns {{answered: number, total: number, missing: string[]}}
 */
export function progress(fields, answers) {
  const defaults = defaultsOf(fields);
  const shown = fields.filter((field) => isShown(field, answers, defaults));
  return {
    answered: shown.filter((field) => isAnswered(getPath(answers, field.name))).length,
    total: shown.length,
    missing: shown.filter((field) => field.required && !isAnswered(getPath(answers, field.name)))
      .map((field) => field.name),
  };
}

/** What the engine gets: the answers of the questions shown (answers to hidden ones stay
 * saved but are not used), the format version, and the real today when none is chosen.
 * @param {Answers} answers @param {readonly FieldInfo[]} fields
 * @param {{version: number, today: string}} options */
export function requestAnswers(answers, fields, { version, today }) {
  const request = structuredClone(answers);
  request.version ??= version;
  const defaults = defaultsOf(fields);
  for (const field of fields) if (!isShown(field, answers, defaults)) deletePath(request, field.name);
  if (!isAnswered(request.today)) request.today = today;
  return request;
}

/**
 * One list of problems: what the reader typed that cannot be read (worded by the page), the
 * engine's errors, and the required answers still missing (in `requiredMessage`'s words,
 * whatever the engine said of them). One entry per question (or per
 * invoice row), so that one invoice with two wrong cells counts once; messages are joined.
 * @param {{problems: readonly FieldError[], engine: readonly FieldError[],
 *   missing: readonly string[], names: readonly string[], requiredMessage: string}} parts
 * @returns {MergedError[]}
 */
export function mergeErrors({ problems, engine, missing, names, requiredMessage }) {
  const typed = new Set(problems.map((problem) => problem.field));
  const all = [
    ...problems,
    // What cannot be read takes the place of the engine's view of the same cell; a missing
    // answer is asked for in the page's words.
    ...engine.filter((error) => !typed.has(error.field)
      && !(error.key === "error.required" && missing.includes(error.field))),
    ...missing.filter((name) => !typed.has(name))
      .map((name) => ({ field: name, key: "error.required", message: requiredMessage })),
  ];
  /** @type {Map<string, MergedError>} */
  const byTarget = new Map();
  for (const error of all) {
    const name = fieldFor(error.field, names);
    const row = name === "invoices" ? invoiceIndex(error.field) : null;
    const target = name === null ? `?${error.field}` : row === null ? name : `${name}[${row}]`;
    const known = byTarget.get(target);
    if (!known) {
      byTarget.set(target, { ...error, message: error.message, name, row, count: 1 });
    } else if (!known.message.includes(error.message)) {
      known.message = `${known.message} ${error.message}`;
      known.count += 1;
    }
  }
  return [...byTarget.values()];
}

/** The errors a reader sees: at a question they have left, or all once they asked for the
 * plan; never at the question being typed in.
 * @param {readonly MergedError[]} errors
 * @param {{left: ReadonlySet<string>, submitted: boolean, typing: string | null}} attention */
export function visibleErrors(errors, { left, submitted, typing }) {
  return errors.filter((error) => error.name === null
    ? submitted || error.key !== "error.required"
    : error.name !== typing && (submitted || left.has(error.name)));
}

/**
 * What the status line says (a key of the strings, and the line's state), from the facts:
 * the engine's phase (a plan request that got no answer fails it), how many problems the reader
 * sees, how many they do not see yet (in the question being typed in), how many required
 * answers are still missing, and whether the last plan worked out. Missing answers and
 * unfinished typing are said in neutral words: only problems the reader can see are "invalid".
 * @param {{engine: string, shown: number, hidden: number, missing: number, ok: boolean}} facts
 * @returns {{state: "failed" | "loading" | "invalid" | "waiting" | "ready", key: string}}
 *   (the states name the line's look; "waiting" is neutral, only failed and invalid are red)
 */
export function statusOf({ engine, shown, hidden, missing, ok }) {
  if (engine === "failed") return { state: "failed", key: "status.failed" };
  if (engine === "stalled") return { state: "loading", key: "status.stalled" };
  if (engine !== "ready") return { state: "loading", key: "status.loading" };
  if (shown) return { state: "invalid", key: "status.invalid" };
  if (missing) return { state: "waiting", key: "status.incomplete" };
  if (hidden) return { state: "waiting", key: "status.pending" };
  // Python is ready and the first plan is being worked out.
  return ok ? { state: "ready", key: "status.ready" } : { state: "loading", key: "status.computing" };
}

// ---------- lists edited in two tabs ----------

/**
 * Three-way merge of a list answer (reasons, invoices), item by item: `base` is what this tab
 * last read, `mine` what it holds now, `theirs` what another tab saved meanwhile. Items are
 * compared whole: an item removed on either side goes, an item added on either side stays
 * (theirs in their order, then mine). Nothing typed on either side is dropped: an item both
 * sides changed differently is kept twice, and `conflict` says so.
 * @param {readonly unknown[]} base @param {readonly unknown[]} mine @param {readonly unknown[]} theirs
 * @returns {{value: unknown[], conflict: boolean}}
 */
export function mergeList(base, mine, theirs) {
  if (sameJSON(theirs, base)) return { value: [...mine], conflict: false };
  if (sameJSON(mine, base) || sameJSON(mine, theirs)) return { value: [...theirs], conflict: false };
  const before = countItems(base);
  const removedByMe = minus(before, countItems(mine));
  const addedByMe = minus(countItems(mine), before);
  const removedByThem = minus(before, countItems(theirs));
  const addedByThem = minus(countItems(theirs), before);
  // Both sides changed the same item: each version is kept, for the reader to choose.
  const conflict = [...removedByThem.keys()].some((key) => removedByMe.has(key));
  const value = [];
  for (const item of theirs) {
    if (!take(removedByMe, item)) value.push(item);
  }
  // An item both sides added is there once.
  for (const item of mine) {
    if (take(addedByMe, item) && !take(addedByThem, item)) value.push(item);
  }
  return { value, conflict };
}

/** @param {readonly unknown[]} list */
function countItems(list) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const item of list) counts.set(JSON.stringify(item), (counts.get(JSON.stringify(item)) || 0) + 1);
  return counts;
}

/** Multiset difference (only positive counts kept).
 * @param {Map<string, number>} a @param {Map<string, number>} b */
function minus(a, b) {
  /** @type {Map<string, number>} */
  const out = new Map();
  for (const [key, n] of a) if (n > (b.get(key) || 0)) out.set(key, n - (b.get(key) || 0));
  return out;
}

/** Take one `item` out of `counts`; true when there was one.
 * @param {Map<string, number>} counts @param {unknown} item */
function take(counts, item) {
  const key = JSON.stringify(item);
  const n = counts.get(key) || 0;
  if (n === 0) return false;
  if (n === 1) counts.delete(key);
  else counts.set(key, n - 1);
  return true;
}

// ---------- numbers typed by the reader ----------

/**
 * Read a number typed as the reader writes it: both decimal separators of the language are
 * accepted ("6000,50" and "6000.50"), grouping spaces too ("6 000,50"), and "6,000" in English.
 * @param {unknown} text @param {{decimal?: string, group?: string}} [separators]
 * @returns {{value: number | null, error?: undefined} | {error: "number", value?: undefined}}
 */
export function parseDecimal(text, { group = "," } = {}) {
  let clean = String(text).trim().replace(/[\s\u00a0\u202f'’]/g, "");
  if (clean === "") return { value: null };
  if (!/^[0-9.,]+$/.test(clean) || !/[0-9]/.test(clean)) return { error: "number" };
  const lastDot = clean.lastIndexOf(".");
  const lastComma = clean.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the last one is the decimal mark, the other groups thousands.
    const mark = lastDot > lastComma ? "." : ",";
    const other = mark === "." ? "," : ".";
    const [whole, fraction, extra] = clean.split(mark);
    if (extra !== undefined || !/^\d{1,3}([.,]\d{3})*$/.test(whole) || whole.includes(mark)) {
      return { error: "number" };
    }
    clean = `${whole.split(other).join("")}.${fraction}`;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const parts = clean.split(mark);
    const grouping = mark === group && parts.length >= 2 && /^\d{1,3}$/.test(parts[0])
      && parts.slice(1).every((part) => /^\d{3}$/.test(part));
    if (grouping) clean = parts.join("");
    else if (parts.length === 2 && parts[0] !== "" && parts[1] !== "") clean = `${parts[0]}.${parts[1]}`;
    else return { error: "number" };
  }
  const value = Number(clean);
  return Number.isFinite(value) ? { value } : { error: "number" };
}

/** A whole number (days): "30" → 30; "3.5", "3,5" or "trente" → {error: "whole"}.
 * @param {unknown} text
 * @returns {{value: number | null, error?: undefined} | {error: "whole", value?: undefined}} */
export function parseWhole(text) {
  const clean = String(text).trim().replace(/[\s\u00a0\u202f]/g, "");
  if (clean === "") return { value: null };
  if (!/^\d+$/.test(clean)) return { error: "whole" };
  return { value: Number(clean) };
}

// ---------- dates ----------

/** @param {Date} date */
export function isoDate(date) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date written as the engine writes it in this language ("14 December 2026", "1er mars"),
 * from the same strings (format.date, format.months, format.day_one).
 * @param {string} iso @param {Record<string, unknown>} strings */
export function formatDate(iso, strings) {
  const [year, month, day] = iso.split("-").map(Number);
  const months = /** @type {string[]} */ (strings["format.months"] || []);
  const dayText = day === 1 && typeof strings["format.day_one"] === "string"
    ? strings["format.day_one"] : String(day);
  const template = typeof strings["format.date"] === "string" ? strings["format.date"] : "{year}-{month}-{day}";
  return template.replace("{day}", dayText).replace("{month}", months[month - 1] || String(month))
    .replace("{year}", String(year));
}

// ---------- JSON from outside (links, files, saved state) ----------

/** How deeply a JSON text nests ({"a": [1]} → 2), read without parsing it: strings are
 * skipped, so brackets inside them do not count. Stops counting past `limit`.
 * @param {string} text @param {number} [limit] */
export function jsonDepth(text, limit = Infinity) {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1;  // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 125 || c === 93) {
      depth -= 1;
    }
  }
  return deepest;
}

export class TooDeep extends Error {}

/** JSON.parse, refusing a text nested deeper than MAX_JSON_DEPTH before parsing it.
 * @param {string} text @returns {any} */
export function parseJSON(text) {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new TooDeep("nested too deeply");
  return JSON.parse(text);
}

/**
 * Can answers from a link or a file be used here? null, or why not (a key of the source's
 * strings: "<source>.<key>", and its parameters). The engine checks each answer; this checks
 * what would be lost or misread before the answers replace anything: a format version this
 * page cannot read, and more invoices than the answers format accepts.
 * @param {Answers} answers @param {{version: number, maxInvoices: number}} limits
 * @returns {{key: string, params: Record<string, unknown>} | null}
 */
export function checkAnswers(answers, { version, maxInvoices }) {
  if ("version" in answers && answers.version !== undefined && answers.version !== null) {
    if (!Number.isInteger(answers.version) || answers.version < 1) {
      return { key: "version_invalid", params: { value: JSON.stringify(answers.version).slice(0, 20) } };
    }
    if (answers.version > version) return { key: "version_newer", params: { value: answers.version } };
  }
  const invoices = answers.invoices;
  if (Array.isArray(invoices) && invoices.length > maxInvoices) {
    return { key: "too_many_invoices", params: { count: invoices.length, max: maxInvoices } };
  }
  return null;
}

// ---------- base64url and compression ----------

/** @param {Uint8Array} bytes */
export function bytesToBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** @param {string} text */
export function base64UrlToBytes(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** @param {Uint8Array} bytes @param {ReadableWritablePair<Uint8Array, BufferSource>} stream @param {number} [limit] */
async function pipe(bytes, stream, limit = Infinity) {
  const reader = new Blob([/** @type {BlobPart} */ (bytes)]).stream().pipeThrough(stream).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error("too large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** answers → the part after "#" of a share link (deflate-raw, then base64url).
 * @param {Answers} answers */
export async function encodeShare(answers) {
  const json = new TextEncoder().encode(JSON.stringify(answers));
  const packed = await pipe(json, new CompressionStream("deflate-raw"));
  return `${SHARE_KEY}${COMPRESSED}${bytesToBase64Url(packed)}`;
}

/** The fragment (without "#") → {answers} or {error: "too_large" | "invalid"}; null when the
 * fragment is not a share link at all.
 * @param {string} fragment
 * @returns {Promise<{answers: Answers, error?: undefined} | {error: "too_large" | "invalid", answers?: undefined} | null>} */
export async function decodeShare(fragment) {
  if (!fragment.startsWith(SHARE_KEY)) return null;
  if (fragment.length > MAX_FRAGMENT_LENGTH) return { error: "too_large" };
  const payload = fragment.slice(SHARE_KEY.length);
  try {
    let bytes;
    if (payload.startsWith(COMPRESSED)) {
      bytes = await pipe(base64UrlToBytes(payload.slice(COMPRESSED.length)),
        new DecompressionStream("deflate-raw"), MAX_PAYLOAD_BYTES);
    } else {
      bytes = base64UrlToBytes(payload);  // links made before compression
    }
    const answers = parseJSON(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!isPlainObject(answers)) return { error: "invalid" };
    return { answers };
  } catch {
    return { error: "invalid" };
  }
}

// ---------- saved state ----------

/** @returns {SavedState} */
export function emptyState() {
  return { version: STATE_VERSION, answers: null, ticked: {} };
}

/** Each migration takes a state of version N and returns version N + 1.
 * @type {Record<number, (state: Record<string, any>) => Record<string, any>>} */
export const MIGRATIONS = {
  // Version 1 kept ticked items as a list of ids.
  1: (state) => ({
    ...state,
    version: 2,
    ticked: Array.isArray(state.checked)
      ? Object.fromEntries(state.checked.map((/** @type {unknown} */ id) => [String(id), true])) : state.ticked,
  }),
  // Version 2 pages filled in today's date on every visit and saved it: a saved "today" cannot
  // be told apart from a simulation date the reader chose, so it is dropped (the plan starts
  // from the real today; a simulation date is only kept when set on a version 3 page).
  2: (state) => {
    const answers = isPlainObject(state.answers) ? { ...state.answers } : state.answers;
    if (isPlainObject(answers)) delete answers.today;
    return { ...state, version: 3, answers };
  },
};

export class NewerState extends Error {}

/**
 * Read a parsed saved state: migrate it, keep what can be read, and say what was repaired.
 * Throws NewerState for a state a newer build of the page wrote (to be left untouched), and
 * another error when nothing usable is left.
 * @param {unknown} parsed
 * @returns {{state: SavedState, migrated: boolean, repaired: boolean}}
 */
export function repairState(parsed) {
  if (!isPlainObject(parsed)) throw new Error("not an object");
  /** @type {Record<string, any>} */
  let current = parsed;
  const from = Number.isInteger(current.version) ? current.version : STATE_VERSION;
  if (from > STATE_VERSION) throw new NewerState("state from a newer version");
  current = { ...current, version: Math.max(1, from) };
  while (current.version < STATE_VERSION) current = MIGRATIONS[current.version](current);
  const repaired = [];
  if (parsed.version !== from) repaired.push("version");
  let answers = current.answers ?? null;
  if (answers !== null && !isPlainObject(answers)) {
    answers = null;
    repaired.push("answers");
  }
  let ticked = current.ticked;
  let ticksLost = false;
  if (!isPlainObject(ticked)) {
    ticksLost = current.ticked !== undefined;
    ticked = {};
    repaired.push("ticked");
  } else {
    const clean = Object.fromEntries(Object.entries(ticked).filter(([, value]) => value === true));
    if (Object.keys(clean).length !== Object.keys(ticked).length) repaired.push("some ticks");
    ticked = clean;
  }
  if (repaired.includes("answers") && ticksLost) throw new Error("nothing readable");
  /** @type {SavedState} */
  const state = { version: STATE_VERSION, answers, ticked };
  if (answers !== null && (current.from === "link" || current.from === "file")) state.from = current.from;
  return { state, migrated: from < STATE_VERSION, repaired: repaired.length > 0 };
}

/** Keys of the kept unreadable copies to delete so that at most `max` remain (oldest first out).
 * @param {readonly string[]} keys @param {string} prefix @param {number} [max] */
export function backupsToDrop(keys, prefix, max = MAX_BACKUPS) {
  const backups = keys.filter((key) => key.startsWith(prefix)).sort();
  return backups.slice(0, Math.max(0, backups.length - max));
}

/** @typedef {{saved: string, answers: Answers}} PreviousAnswers */

/** The reader's earlier answers, newest first, with `answers` added (a copy already kept is
 * moved to the front, not kept twice); at most `max`.
 * @param {readonly PreviousAnswers[]} list @param {Answers} answers @param {string} saved
 * @param {number} [max] @returns {PreviousAnswers[]} */
export function withPrevious(list, answers, saved, max = MAX_PREVIOUS) {
  return [{ saved, answers }, ...list.filter((entry) => !sameJSON(entry.answers, answers))].slice(0, max);
}

/** A kept list of earlier answers as read from storage (older pages kept one: {saved, answers}).
 * @param {unknown} parsed @returns {PreviousAnswers[]} */
export function readPreviousList(parsed) {
  const entries = isPlainObject(parsed) && Array.isArray(parsed.entries) ? parsed.entries
    : isPlainObject(parsed) && isPlainObject(parsed.answers) ? [parsed] : [];
  return entries.filter((entry) => isPlainObject(entry) && isPlainObject(entry.answers))
    .map((entry) => ({ saved: typeof entry.saved === "string" ? entry.saved : "", answers: entry.answers }));
}

// ---------- the plan's steps ----------

/** How many steps of each phase are ticked.
 * @param {{phases?: {phase: string, steps: {id: string}[]}[]} | null} view
 * @param {Record<string, true>} ticked @returns {Record<string, {done: number, total: number}>} */
export function phaseCounts(view, ticked) {
  return Object.fromEntries((view?.phases || []).map((phase) => [phase.phase, {
    done: phase.steps.filter((step) => ticked[step.id] === true).length,
    total: phase.steps.length,
  }]));
}

// ---------- strings ----------

/** @param {Record<string, unknown>} strings */
export function makeTranslator(strings) {
  /** @param {string} key @param {Record<string, unknown>} [params] */
  return function t(key, params = {}) {
    const template = strings[key];
    if (typeof template !== "string") return `⟦${key}⟧`;
    return template.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole);
  };
}

/** A short fingerprint of a text (two 32-bit FNV-1a hashes, hex): tells two builds of the
 * planner's data apart, where a changed text must give a different value. Not for secrets.
 * @param {string} text */
export function fingerprint(text) {
  let first = 0x811c9dc5;
  let second = 0x01000193;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193) >>> 0;
    second = Math.imul(second ^ code, 0x5bd1e995) >>> 0;
  }
  return first.toString(16).padStart(8, "0") + second.toString(16).padStart(8, "0");
}
