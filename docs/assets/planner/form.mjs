// The questionnaire form: reads a field's answer (and what the reader typed that cannot be
// read), fills the form from answers, shows or hides questions and shows messages at fields.
// Generic over the questionnaire: each field carries its answers path (data-answer) and kind.

import { fieldFor as matchField, getPath, invoiceIndex, isAnswered, isPlainObject, parseDecimal, parseWhole } from "./logic.mjs";

export function createForm(form, { t, lang, separators }) {
  const fields = [...form.querySelectorAll("[data-answer]")];
  const names = fields.map((field) => field.dataset.answer);
  const byName = new Map(fields.map((field) => [field.dataset.answer, field]));
  const money = new Intl.NumberFormat(lang, { maximumFractionDigits: 4 });

  function understood(input, result) {
    // Show the value understood next to an amount or a rate, in the reader's notation.
    let out = input.parentElement.querySelector(`output[data-for="${input.id || input.dataset.invoice}"]`);
    if (!out) {
      out = document.createElement("output");
      out.className = "fdm-understood";
      out.dataset.for = input.id || input.dataset.invoice;
      input.after(out);
    }
    out.textContent = result.value == null || result.error ? ""
      : t("input.understood", { value: money.format(result.value) });
  }

  function readNumberInput(input, kind, problems, path) {
    const result = kind === "int" ? parseWhole(input.value) : parseDecimal(input.value, separators);
    if (kind !== "int") understood(input, result);
    if (result.error) problems.push({ field: path, key: `input.${result.error}` });
    return result.error ? undefined : result.value;
  }

  function readDate(input, problems, path) {
    if (input.validity.badInput) {
      problems.push({ field: path, key: "input.date" });
      return undefined;
    }
    return input.value || null;
  }

  // A field's answer: a value, null/undefined when unanswered; `problems` gets what the
  // reader typed that cannot be read (it is never silently sent as "no answer").
  function read(field, problems = []) {
    const kind = field.dataset.kind;
    const path = field.dataset.answer;
    if (kind === "choice") {
      const checked = field.querySelector("input:checked");
      return checked ? checked.value : null;
    }
    if (kind === "choices") return [...field.querySelectorAll("input:checked")].map((i) => i.value);
    if (kind === "bool") {
      const box = field.querySelector("input");
      return box.checked || field.dataset.answered === "true" ? box.checked : null;
    }
    if (kind === "invoices") {
      return [...field.querySelectorAll(".fdm-invoice")].map((row, index) => {
        const at = `invoices[${index}]`;
        const invoice = {
          amount: readNumberInput(row.querySelector('[data-invoice="amount"]'), "decimal", problems, `${at}.amount`),
          due: readDate(row.querySelector('[data-invoice="due"]'), problems, `${at}.due`),
          paid: row.querySelector('[data-invoice="paid"]').checked,
          ref: row.querySelector('[data-invoice="ref"]').value,
        };
        if (invoice.amount === undefined) invoice.amount = null;
        if (invoice.due === undefined) invoice.due = null;
        return invoice;
      });
    }
    const input = field.querySelector("input, textarea");
    if (kind === "int" || kind === "decimal") return readNumberInput(input, kind, problems, path);
    if (kind === "date") return readDate(input, problems, path);
    return input.value;
  }

  function addInvoiceRow(invoice = {}) {
    const list = form.querySelector(".fdm-invoice-rows");
    const row = document.getElementById("fdm-invoice-row").content.firstElementChild.cloneNode(true);
    row.querySelector('[data-invoice="amount"]').value = invoice.amount == null ? "" : formatNumber(invoice.amount);
    row.querySelector('[data-invoice="due"]').value = invoice.due ?? "";
    row.querySelector('[data-invoice="paid"]').checked = Boolean(invoice.paid);
    row.querySelector('[data-invoice="ref"]').value = invoice.ref ?? "";
    list.append(row);
    numberInvoiceRows();
    return row;
  }

  function numberInvoiceRows() {
    const list = form.querySelector(".fdm-invoice-rows");
    if (!list) return;
    [...list.children].forEach((row, index) => {
      row.dataset.index = String(index);
      row.querySelector(".fdm-invoice-legend").textContent =
        list.dataset.rowLabel.replace("{number}", String(index + 1));
      row.querySelector("[data-error-for]").dataset.errorFor = `invoices.${index}`;
      for (const input of row.querySelectorAll("input[data-invoice]")) {
        input.id = `q-invoice-${index}-${input.dataset.invoice}`;
      }
    });
  }

  // Numbers are shown with the language's decimal mark (6000,5 in French).
  function formatNumber(value) {
    return typeof value === "number" ? String(value).replace(".", separators.decimal) : String(value);
  }

  function fillField(field, value) {
    const kind = field.dataset.kind;
    if (kind === "choice" || kind === "choices") {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      for (const input of field.querySelectorAll("input")) input.checked = values.includes(input.value);
    } else if (kind === "bool") {
      field.querySelector("input").checked = value === true;
      field.dataset.answered = String(typeof value === "boolean");
    } else if (kind === "invoices") {
      field.querySelector(".fdm-invoice-rows").replaceChildren();
      for (const invoice of Array.isArray(value) ? value.slice(0, 200) : []) {
        if (isPlainObject(invoice)) addInvoiceRow(invoice);
      }
    } else {
      const input = field.querySelector("input, textarea");
      input.value = value == null ? "" : (kind === "decimal" ? formatNumber(value) : String(value));
      if (kind === "decimal") understood(input, parseDecimal(input.value, separators));
    }
  }

  function fill(answers, { except = null } = {}) {
    for (const field of fields) {
      if (field === except) continue;
      fillField(field, getPath(answers, field.dataset.answer));
    }
    updateVisibility(answers);
  }

  function updateVisibility(answers) {
    for (const field of form.querySelectorAll("[data-shown-when]")) {
      const [path, values] = field.dataset.shownWhen.split("=");
      field.hidden = !values.split(",").includes(String(getPath(answers, path)));
    }
  }

  const visible = () => fields.filter((field) => !field.hidden);

  function answeredCount(answers) {
    const shown = visible();
    return {
      answered: shown.filter((field) => isAnswered(getPath(answers, field.dataset.answer))).length,
      total: shown.length,
    };
  }

  function labelOf(field) {
    const label = field.querySelector("legend, label");
    const clone = label.cloneNode(true);
    for (const hidden of clone.querySelectorAll(".fdm-visually-hidden, [aria-hidden='true'], input")) hidden.remove();
    return clone.textContent.trim();
  }

  function focusTarget(field, path) {
    const index = invoiceIndex(path);
    const scope = index === null ? field : field.querySelector(`.fdm-invoice[data-index="${index}"]`) || field;
    const part = /\.(\w+)$/.exec(path);
    return (part && scope.querySelector(`[data-invoice="${part[1]}"]`)) || scope.querySelector("input, textarea");
  }

  // Messages at fields. `errors`: [{field, message}] (already worded).
  function showErrors(errors) {
    for (const box of form.querySelectorAll("[data-error-for]")) {
      box.hidden = true;
      box.textContent = "";
    }
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    const shown = [];
    for (const error of errors) {
      const name = fieldFor(error.field);
      const field = name && byName.get(name);
      if (!field || field.hidden) continue;
      const index = invoiceIndex(error.field);
      const row = index === null ? null : field.querySelector(`.fdm-invoice[data-index="${index}"]`);
      const box = (row || field).querySelector("[data-error-for]");
      if (!box.textContent.includes(error.message)) {
        box.textContent = box.textContent ? `${box.textContent} ${error.message}` : error.message;
      }
      box.hidden = false;
      const target = focusTarget(field, error.field);
      if (target) target.setAttribute("aria-invalid", "true");
      shown.push({ ...error, label: labelOf(field), target });
    }
    return shown;
  }

  const fieldFor = (path) => matchField(path, names);

  return {
    fields, names, byName, read, fill, fillField, updateVisibility, answeredCount, showErrors,
    addInvoiceRow, numberInvoiceRows, labelOf, visible,
  };
}
