// @ts-check
// Files and share links: the answers file (save / load) and the compressed share link.

import { MAX_FRAGMENT_LENGTH, encodeShare, isPlainObject, parseJSON, setPath } from "./logic.mjs";

/** @typedef {import("./logic.mjs").Answers} Answers */

export const MAX_FILE_BYTES = 256 * 1024;

/** @param {string} filename @param {string | Uint8Array<ArrayBuffer>} content @param {string} type */
export function download(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** @param {Answers} answers @param {number} stateVersion */
export function answersFile(answers, stateVersion) {
  return JSON.stringify({ app: "fin-de-mission", kind: "answers", version: stateVersion, answers }, null, 2);
}

/** The answers in a file the reader picked, or throws (too large, nested too deeply, not an
 * answers file of this planner). @param {File} file @returns {Promise<Answers>} */
export async function readAnswersFile(file) {
  if (file.size > MAX_FILE_BYTES) throw new Error("size");
  const parsed = parseJSON(await file.text());
  if (!isPlainObject(parsed) || parsed.app !== "fin-de-mission" || !isPlainObject(parsed.answers)) {
    throw new Error("shape");
  }
  return parsed.answers;
}

/**
 * A share link for these answers, or null when it would be longer than a reader accepts.
 * Free text about people (the questions and invoice cells marked personal) is left out
 * unless `withNames`.
 * @param {Answers} answers
 * @param {{withNames: boolean, personal: readonly string[], personalInvoice: readonly string[]}} options
 */
export async function shareLink(answers, { withNames, personal, personalInvoice }) {
  const shared = structuredClone(answers);
  if (!withNames) {
    for (const path of personal) setPath(shared, path, "");
    for (const invoice of Array.isArray(shared.invoices) ? shared.invoices : []) {
      if (isPlainObject(invoice)) for (const cell of personalInvoice) invoice[cell] = "";
    }
  }
  const url = new URL(location.href);
  url.hash = await encodeShare(shared);
  return url.hash.length - 1 > MAX_FRAGMENT_LENGTH ? null : url.href;
}
