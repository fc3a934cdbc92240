// Pure helpers of the planner page: no DOM, no storage, no worker. They run unchanged in node
// (tests/browser/js/logic.test.mjs) and in the browser.

export const STATE_VERSION = 3;
// One limit for the share link, used by the writer and the reader: a link this page makes is
// always a link it accepts.
export const MAX_FRAGMENT_LENGTH = 8192;
// A decompressed share payload larger than this is refused (a small link cannot hide a huge one).
export const MAX_PAYLOAD_BYTES = 256 * 1024;
// How many unreadable copies of the saved state are kept.
export const MAX_BACKUPS = 5;
export const SHARE_KEY = "answers=";
// Compressed share payloads start with this marker ("." is not a base64url character, so older
// uncompressed links stay readable).
const COMPRESSED = "2.";

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// ---------- answers paths ("contract.type") ----------

export function getPath(source, path) {
  return path.split(".").reduce((node, part) => (isPlainObject(node) ? node[part] : undefined), source);
}

export function setPath(target, path, value) {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts.at(-1)] = value;
}

export function deletePath(target, path) {
  const parts = path.split(".");
  const parents = [target];
  for (const part of parts.slice(0, -1)) {
    const next = parents.at(-1)[part];
    if (!isPlainObject(next)) return;
    parents.push(next);
  }
  delete parents.at(-1)[parts.at(-1)];
  // Drop objects left empty ({"contract": {}} says nothing).
  for (let index = parts.length - 2; index >= 0; index--) {
    if (Object.keys(parents[index + 1]).length) break;
    delete parents[index][parts[index]];
  }
}

// Is this an answer the reader gave (not "no answer")?
export function isAnswered(value) {
  if (value === null || value === undefined || value === "") return false;
  return Array.isArray(value) ? value.length > 0 : true;
}

// The answers field a path belongs to: the longest field name that is the path or its parent
// ("invoices[2].amount" → "invoices").
export function fieldFor(path, names) {
  let best = null;
  for (const name of names) {
    if ((path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))
        && (best === null || name.length > best.length)) best = name;
  }
  return best;
}

// Which invoice row an error path points at ("invoices[3].due" → 3), or null.
export function invoiceIndex(path) {
  const match = /^invoices[.[](\d+)/.exec(path);
  return match ? Number(match[1]) : null;
}

// Does `answers` hold at least one answer to one of the questionnaire's fields?
export function hasUsableAnswers(answers, names) {
  return isPlainObject(answers) && names.some((name) => isAnswered(getPath(answers, name)));
}

// ---------- numbers typed by the reader ----------

// Read a number typed as the reader writes it: both decimal separators of the language are
// accepted ("6000,50" and "6000.50"), grouping spaces too ("6 000,50"), and "6,000" in English.
// Returns {value} or {error: "number"}.
export function parseDecimal(text, { decimal = ".", group = "," } = {}) {
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

// A whole number (days): "30" → 30; "3.5", "3,5" or "trente" → {error: "whole"}.
export function parseWhole(text) {
  const clean = String(text).trim().replace(/[\s\u00a0\u202f]/g, "");
  if (clean === "") return { value: null };
  if (!/^\d+$/.test(clean)) return { error: "whole" };
  return { value: Number(clean) };
}

// ---------- dates ----------

export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// ---------- base64url and compression ----------

export function bytesToBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function base64UrlToBytes(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream, limit = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
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

// answers → the part after "#" of a share link (deflate-raw, then base64url).
export async function encodeShare(answers) {
  const json = new TextEncoder().encode(JSON.stringify(answers));
  const packed = await pipe(json, new CompressionStream("deflate-raw"));
  return `${SHARE_KEY}${COMPRESSED}${bytesToBase64Url(packed)}`;
}

// The fragment (without "#") → {answers} or {error: "too_large" | "invalid"}; null when the
// fragment is not a share link at all.
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
    const answers = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!isPlainObject(answers)) return { error: "invalid" };
    return { answers };
  } catch {
    return { error: "invalid" };
  }
}

// ---------- saved state ----------

export function emptyState() {
  return { version: STATE_VERSION, answers: null, ticked: {} };
}

// Each migration takes a state of version N and returns version N + 1.
export const MIGRATIONS = {
  // Version 1 kept ticked items as a list of ids.
  1: (state) => ({
    ...state,
    version: 2,
    ticked: Array.isArray(state.checked)
      ? Object.fromEntries(state.checked.map((id) => [String(id), true])) : state.ticked,
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

// Read a parsed saved state: migrate it, keep what can be read, and say what was repaired.
// Returns {state, migrated, repaired} or throws when nothing usable is left.
export function repairState(parsed) {
  if (!isPlainObject(parsed)) throw new Error("not an object");
  let current = parsed;
  const from = Number.isInteger(current.version) ? current.version : STATE_VERSION;
  if (from > STATE_VERSION) throw new Error("state from a newer version");
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
  return {
    state: { version: STATE_VERSION, answers, ticked },
    migrated: from < STATE_VERSION,
    repaired: repaired.length > 0,
  };
}

// Keys of the kept unreadable copies to delete so that at most `max` remain (oldest first out).
export function backupsToDrop(keys, prefix, max = MAX_BACKUPS) {
  const backups = keys.filter((key) => key.startsWith(prefix)).sort();
  return backups.slice(0, Math.max(0, backups.length - max));
}

// ---------- strings ----------

export function makeTranslator(strings) {
  return function t(key, params = {}) {
    const template = strings[key];
    if (typeof template !== "string") return `⟦${key}⟧`;
    return template.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole);
  };
}

// A short fingerprint of a text (two 32-bit FNV-1a hashes, hex): tells two builds of the
// planner's data apart, where a changed text must give a different value. Not for secrets.
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
