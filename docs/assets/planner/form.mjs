// @ts-check
// The questionnaire form: reads a field's answer (and what the reader typed that cannot be
// read), fills the form from answers, shows or hides questions and shows messages at fields.
// Generic over the questionnaire: each field carries its answers path (data-answer), kind,
// and what the questionnaire says of it (data-required, data-personal, data-shown-when,
// data-default); nothing here names a question.

import {
  fieldFor as matchField, getPath, invoiceIndex, isPlainObject, isShown, parseDecimal, parseWhole,
} from "./logic.mjs";

/** @typedef {import("./logic.mjs").FieldInfo} FieldInfo */
/** @typedef {import("./logic.mjs").Answers} Answers */
/** @typedef {import("./logic.mjs").FieldError} FieldError */
/** @typedef {import("./logic.mjs").MergedError} MergedError */
/** @typedef {{field: string, key: string}} Problem  what the reader typed that cannot be read */

/** @param {HTMLElement} element @returns {FieldInfo} */
function describe(element) {
  const { answer = "", kind = "text", shownWhen, default: defaultValue } = element.dataset;
  /** @type {[string, string[]] | null} */
  let condition = null;
  if (shownWhen) {
    const [path, values] = shownWhen.split("=");
    condition = [path, values.split(",")];
  }
  return {
    name: answer,
    kind,
    required: element.dataset.required !== undefined,
    personal: element.dataset.personal !== undefined,
    shownWhen: condition,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  };
}

/**
 * @param {HTMLFormElement} form
 * @param {{t: (key: string, params?: Record<string, unknown>) => string, lang: string,
 *   separators: {decimal: string, group: string}}} options
 */
export function createForm(form, { t, lang, separators }) {
  const elements = /** @type {HTMLElement[]} */ ([...form.querySelectorAll("[data-answer]")]);
  const fields = elements.map(describe);
  const names = fields.map((field) => field.name);
  const byName = new Map(elements.map((element) => [/** @type {string} */ (element.dataset.answer), element]));
  const money = new Intl.NumberFormat(lang, { maximumFractionDigits: 4 });

  /** Show the value understood next to an amount or a rate, in the reader's notation.
   * @param {HTMLInputElement} input @param {{value?: number | null, error?: string}} result */
  function understood(input, result) {
    const key = input.id || input.dataset.invoice || "";
    let out = /** @type {HTMLOutputElement | null} */ (
      input.parentElement?.querySelector(`output[data-for="${key}"]`) ?? null);
    if (!out) {
      out = document.createElement("output");
      out.className = "fdm-understood";
      out.dataset.for = key;
      input.after(out);
    }
    out.textContent = result.value == null || result.error ? ""
      : t("input.understood", { value: money.format(result.value) });
  }

  /** @param {HTMLInputElement} input @param {string} kind @param {Problem[]} problems @param {string} path */
  function readNumberInput(input, kind, problems, path) {
    const result = kind === "int" ? parseWhole(input.value) : parseDecimal(input.value, separators);
    if (kind !== "int") understood(input, result);
    if (result.error) problems.push({ field: path, key: `input.${result.error}` });
    return result.error ? undefined : result.value;
  }

  /** @param {HTMLInputElement} input @param {Problem[]} problems @param {string} path */
  function readDate(input, problems, path) {
    if (input.validity.badInput) {
      problems.push({ field: path, key: "input.date" });
      return undefined;
    }
    return input.value || null;
  }

  /** @param {ParentNode} scope @param {string} selector */
  const inputIn = (scope, selector) => /** @type {HTMLInputElement} */ (scope.querySelector(selector));

  /**
   * A field's answer: a value, null/undefined when unanswered; `problems` gets what the
   * reader typed that cannot be read (it is never silently sent as "no answer").
   * @param {HTMLElement} field @param {Problem[]} [problems] @returns {unknown}
   */
  function read(field, problems = []) {
    const kind = field.dataset.kind;
    const path = /** @type {string} */ (field.dataset.answer);
    if (kind === "choice") {
      const checked = /** @type {HTMLInputElement | null} */ (field.querySelector("input:checked"));
      return checked ? checked.value : null;
    }
    if (kind === "choices") {
      return [...field.querySelectorAll("input:checked")].map((i) => /** @type {HTMLInputElement} */ (i).value);
    }
    if (kind === "bool") {
      const box = inputIn(field, "input");
      return box.checked || field.dataset.answered === "true" ? box.checked : null;
    }
    if (kind === "invoices") {
      return [...field.querySelectorAll(".fdm-invoice")].map((row, index) => {
        const at = `invoices[${index}]`;
        const amount = readNumberInput(inputIn(row, '[data-invoice="amount"]'), "decimal", problems, `${at}.amount`);
        const due = readDate(inputIn(row, '[data-invoice="due"]'), problems, `${at}.due`);
        return {
          amount: amount === undefined ? null : amount,
          due: due === undefined ? null : due,
          paid: inputIn(row, '[data-invoice="paid"]').checked,
          ref: inputIn(row, '[data-invoice="ref"]').value,
        };
      });
    }
    const input = inputIn(field, "input, textarea");
    if (kind === "int" || kind === "decimal") return readNumberInput(input, kind, problems, path);
    if (kind === "date") return readDate(input, problems, path);
    return input.value;
  }

  /** @param {Record<string, any>} [invoice] */
  function addInvoiceRow(invoice = {}) {
    const list = /** @type {HTMLElement} */ (form.querySelector(".fdm-invoice-rows"));
    const template = /** @type {HTMLTemplateElement} */ (document.getElementById("fdm-invoice-row"));
    const row = /** @type {HTMLElement} */ (/** @type {Element} */ (template.content.firstElementChild).cloneNode(true));
    inputIn(row, '[data-invoice="amount"]').value = invoice.amount == null ? "" : formatNumber(invoice.amount);
    inputIn(row, '[data-invoice="due"]').value = invoice.due ?? "";
    inputIn(row, '[data-invoice="paid"]').checked = Boolean(invoice.paid);
    inputIn(row, '[data-invoice="ref"]').value = invoice.ref ?? "";
    list.append(row);
    numberInvoiceRows();
    return row;
  }

  function numberInvoiceRows() {
    const list = /** @type {HTMLElement | null} */ (form.querySelector(".fdm-invoice-rows"));
    if (!list) return;
    [...list.children].forEach((child, index) => {
      const row = /** @type {HTMLElement} */ (child);
      row.dataset.index = String(index);
      /** @type {HTMLElement} */ (row.querySelector(".fdm-invoice-legend")).textContent =
        (list.dataset.rowLabel || "").replace("{number}", String(index + 1));
      /** @type {HTMLElement} */ (row.querySelector("[data-error-for]")).dataset.errorFor = `invoices.${index}`;
      for (const input of row.querySelectorAll("input[data-invoice]")) {
        input.id = `q-invoice-${index}-${/** @type {HTMLInputElement} */ (input).dataset.invoice}`;
      }
    });
  }

  /** Numbers are shown with the language's decimal mark (6000,5 in French). @param {unknown} value */
  function formatNumber(value) {
    return typeof value === "number" ? String(value).replace(".", separators.decimal) : String(value);
  }

  /** @param {HTMLElement} field @param {unknown} value */
  function fillField(field, value) {
    const kind = field.dataset.kind;
    if (kind === "choice" || kind === "choices") {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      for (const input of field.querySelectorAll("input")) input.checked = values.includes(input.value);
    } else if (kind === "bool") {
      inputIn(field, "input").checked = value === true;
      field.dataset.answered = String(typeof value === "boolean");
    } else if (kind === "invoices") {
      // Every row is shown, however many: none is dropped at the next edit (the engine says
      // when there are more than the answers format accepts).
      /** @type {HTMLElement} */ (field.querySelector(".fdm-invoice-rows")).replaceChildren();
      for (const invoice of Array.isArray(value) ? value : []) {
        if (isPlainObject(invoice)) addInvoiceRow(invoice);
      }
    } else {
      const input = inputIn(field, "input, textarea");
      input.value = value == null ? "" : (kind === "decimal" ? formatNumber(value) : String(value));
      if (kind === "decimal") understood(input, parseDecimal(input.value, separators));
    }
  }

  /** Fill a field the reader may be in: the focus stays on the same control (the same cell
   * of the same invoice row), with its caret.
   * @param {HTMLElement} field @param {unknown} value */
  function refillKeepingFocus(field, value) {
    const active = /** @type {HTMLInputElement | null} */ (document.activeElement);
    if (!active || !field.contains(active)) {
      fillField(field, value);
      return;
    }
    const row = /** @type {HTMLElement | null} */ (active.closest(".fdm-invoice"));
    const cell = active.dataset.invoice || active.value;
    const index = row?.dataset.index;
    let start = null;
    try {
      start = active.selectionStart;
    } catch { /* not a text field */ }
    fillField(field, value);
    const scope = index === undefined ? field : field.querySelector(`.fdm-invoice[data-index="${index}"]`);
    const again = /** @type {HTMLInputElement | null} */ (scope?.querySelector(
      row ? `[data-invoice="${cell}"]` : `input[value="${CSS.escape(cell)}"]`) ?? null);
    const target = again || /** @type {HTMLElement | null} */ (field.querySelector("input, button"));
    target?.focus({ preventScroll: true });
    if (again && start !== null) {
      try {
        again.setSelectionRange(start, start);
      } catch { /* not a text field */ }
    }
  }

  /** @param {Answers} answers @param {{except?: HTMLElement | null}} [options] */
  function fill(answers, { except = null } = {}) {
    elements.forEach((element, index) => {
      if (element !== except) fillField(element, getPath(answers, fields[index].name));
    });
  }

  /** Show the questions that apply, hide the others.
   * @param {Answers} answers @param {Record<string, unknown>} defaults */
  function updateVisibility(answers, defaults) {
    elements.forEach((element, index) => {
      element.hidden = !isShown(fields[index], answers, defaults);
    });
  }

  /** @param {HTMLElement} field */
  function labelOf(field) {
    const label = /** @type {HTMLElement} */ (field.querySelector("legend, label"));
    const clone = /** @type {HTMLElement} */ (label.cloneNode(true));
    for (const hidden of clone.querySelectorAll(".fdm-visually-hidden, [aria-hidden='true'], input")) hidden.remove();
    return (clone.textContent || "").trim();
  }

  /** The label of a question, by its answers path. @param {string} name */
  const label = (name) => {
    const field = byName.get(name);
    return field ? labelOf(field) : name;
  };

  /** @param {HTMLElement} field @param {string} path @returns {HTMLElement | null} */
  function focusTarget(field, path) {
    const index = invoiceIndex(path);
    const scope = index === null ? field
      : /** @type {HTMLElement | null} */ (field.querySelector(`.fdm-invoice[data-index="${index}"]`)) || field;
    const part = /\.(\w+)$/.exec(path);
    return /** @type {HTMLElement | null} */ (
      (part && scope.querySelector(`[data-invoice="${part[1]}"]`)) || scope.querySelector("input, textarea"));
  }

  /**
   * Messages at fields: `errors` are the ones the reader sees. Each message box keeps its
   * room whether or not it has a message (site.css), so that nothing moves when one appears.
   * Returns them with their question's label and the control to focus.
   * @param {readonly MergedError[]} errors
   * @returns {(MergedError & {label: string | null, target: HTMLElement | null})[]}
   */
  function showErrors(errors) {
    /** @type {Map<HTMLElement, string>} */
    const texts = new Map();
    const shown = [];
    for (const error of errors) {
      const field = error.name ? byName.get(error.name) : undefined;
      if (!field || field.hidden) {
        shown.push({ ...error, label: null, target: null });
        continue;
      }
      const row = error.row === null ? null
        : /** @type {HTMLElement | null} */ (field.querySelector(`.fdm-invoice[data-index="${error.row}"]`));
      const box = /** @type {HTMLElement} */ ((row || field).querySelector("[data-error-for]"));
      const text = texts.get(box);
      texts.set(box, text ? `${text} ${error.message}` : error.message);
      const target = focusTarget(field, error.field);
      shown.push({ ...error, label: labelOf(field), target });
    }
    for (const box of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll("[data-error-for]"))) {
      const text = texts.get(box) || "";
      if (box.textContent !== text) box.textContent = text;
    }
    const invalid = new Set(shown.map((error) => error.target).filter(Boolean));
    for (const input of form.querySelectorAll("input")) {
      if (invalid.has(input)) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    return shown;
  }

  const fieldFor = (/** @type {string} */ path) => matchField(path, names);

  return {
    elements, fields, names, byName, read, fill, fillField, refillKeepingFocus, updateVisibility,
    showErrors, addInvoiceRow, numberInvoiceRows, label, fieldFor,
  };
}
