// The planner page's thin UI. It reads the form, keeps the reader's work in this browser,
// talks to the Python engine in a module worker and puts the engine's text into the page.
// It decides nothing about the plan: dates, risks, steps, wording and exports come from
// Python (checklist.api.run). All text comes from the page's strings; user text is only ever
// inserted with textContent.

const data = JSON.parse(document.getElementById("fdm-data").textContent);
const form = document.getElementById("fdm-form");
const statusLine = document.getElementById("fdm-status");
const notices = document.getElementById("fdm-notices");
const planSection = document.getElementById("fdm-plan");

const STORAGE_KEY = "fin-de-mission";
const STATE_VERSION = 2;
const BOOT_TIMEOUT_SECONDS = 90;
const MAX_FRAGMENT_LENGTH = 8192;
const MAX_FILE_BYTES = 256 * 1024;

// ---------- strings ----------

function t(key, params = {}) {
  const template = data.strings[key];
  if (typeof template !== "string") return `⟦${key}⟧`;
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole);
}

function setStatus(state, key, params) {
  statusLine.dataset.state = state;
  statusLine.textContent = t(key, params);
}

function notice(key, params, { kind = "info", action = null } = {}) {
  const box = document.createElement("div");
  box.className = `admonition ${kind === "warning" ? "warning" : "note"} fdm-notice`;
  const text = document.createElement("p");
  text.textContent = t(key, params);
  box.append(text);
  if (action) box.append(action);
  notices.append(box);
}

function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { attrs: { href: url, download: filename } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------- answers <-> form ----------

const fields = [...form.querySelectorAll("[data-answer]")];
const touched = new Set();

function setPath(target, path, value) {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[parts.at(-1)] = value;
}

function getPath(source, path) {
  return path.split(".").reduce((node, part) => (node == null ? undefined : node[part]), source);
}

function readNumber(input) {
  // Text the browser cannot read as a number is passed on as text, so that the engine
  // reports it at its field instead of it silently becoming "no answer".
  if (input.validity.badInput) return input.value || "invalid";
  return input.value === "" ? null : Number(input.value);
}

function readField(field) {
  const kind = field.dataset.kind;
  if (kind === "choice") {
    const checked = field.querySelector("input:checked");
    return checked ? checked.value : null;
  }
  if (kind === "choices") return [...field.querySelectorAll("input:checked")].map((i) => i.value);
  if (kind === "bool") return field.querySelector("input").checked;
  if (kind === "invoices") {
    return [...field.querySelectorAll(".fdm-invoice")].map((row) => ({
      amount: readNumber(row.querySelector('[data-invoice="amount"]')),
      due: row.querySelector('[data-invoice="due"]').value || null,
      paid: row.querySelector('[data-invoice="paid"]').checked,
      ref: row.querySelector('[data-invoice="ref"]').value,
    }));
  }
  const input = field.querySelector("input");
  if (kind === "int" || kind === "decimal") return readNumber(input);
  if (kind === "date") return input.value || null;
  return input.value;
}

function collectAnswers() {
  const answers = { version: 1 };
  for (const field of fields) {
    // A question hidden because it does not apply (the term of an open-ended contract) is
    // sent as unanswered, whatever it held before.
    const hiddenDate = field.hidden && field.dataset.kind === "date";
    setPath(answers, field.dataset.answer, hiddenDate ? null : readField(field));
  }
  return answers;
}

function addInvoiceRow(invoice = {}) {
  const list = form.querySelector(".fdm-invoice-rows");
  const row = document.getElementById("fdm-invoice-row").content.firstElementChild.cloneNode(true);
  row.querySelector('[data-invoice="amount"]').value = invoice.amount ?? "";
  row.querySelector('[data-invoice="due"]').value = invoice.due ?? "";
  row.querySelector('[data-invoice="paid"]').checked = Boolean(invoice.paid);
  row.querySelector('[data-invoice="ref"]').value = invoice.ref ?? "";
  list.append(row);
  numberInvoiceRows();
  return row;
}

function numberInvoiceRows() {
  const list = form.querySelector(".fdm-invoice-rows");
  [...list.children].forEach((row, index) => {
    row.dataset.index = String(index);
    row.querySelector(".fdm-invoice-legend").textContent =
      list.dataset.rowLabel.replace("{number}", String(index + 1));
    row.querySelector("[data-error-for]").dataset.errorFor = `invoices.${index}`;
  });
}

function fillForm(answers) {
  for (const field of fields) {
    const value = getPath(answers, field.dataset.answer);
    const kind = field.dataset.kind;
    if (kind === "choice" || kind === "choices") {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      for (const input of field.querySelectorAll("input")) input.checked = values.includes(input.value);
    } else if (kind === "bool") {
      field.querySelector("input").checked = value === true;
    } else if (kind === "invoices") {
      field.querySelector(".fdm-invoice-rows").replaceChildren();
      for (const invoice of Array.isArray(value) ? value.slice(0, 200) : []) {
        if (invoice && typeof invoice === "object") addInvoiceRow(invoice);
      }
    } else {
      const input = field.querySelector("input");
      input.value = value == null ? "" : String(value);
    }
  }
  updateVisibility();
}

function updateVisibility() {
  const answers = {};
  for (const field of fields) setPath(answers, field.dataset.answer, readField(field));
  for (const field of form.querySelectorAll("[data-shown-when]")) {
    const [path, values] = field.dataset.shownWhen.split("=");
    field.hidden = !values.split(",").includes(String(getPath(answers, path)));
  }
}

function updateProgress(answers) {
  const visible = fields.filter((field) => !field.hidden);
  const answered = visible.filter((field) => {
    const value = getPath(answers, field.dataset.answer);
    return field.dataset.kind === "bool" ? touched.has(field.dataset.answer) || value
      : Array.isArray(value) ? value.length > 0 : value !== null && value !== "";
  });
  document.getElementById("fdm-progress").textContent =
    t("ui.progress", { answered: answered.length, total: visible.length });
}

// ---------- saved state (localStorage, versioned) ----------

// Each migration takes a state of version N and returns version N + 1.
const MIGRATIONS = {
  // Version 1 kept ticked items as a list of ids.
  1: (state) => ({
    version: 2,
    answers: state.answers ?? null,
    ticked: Object.fromEntries((state.checked ?? []).map((id) => [String(id), true])),
  }),
};

function migrate(state) {
  let current = state;
  while (current.version < STATE_VERSION) {
    const step = MIGRATIONS[current.version];
    if (!step) throw new Error(`no migration from version ${current.version}`);
    current = step(current);
  }
  if (current.version !== STATE_VERSION) throw new Error("state from a newer version");
  return current;
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function loadState() {
  let raw = null;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return { state: emptyState(), event: "save_failed" };
  }
  if (raw === null) return { state: emptyState(), event: null };
  try {
    const parsed = JSON.parse(raw);
    if (!isPlainObject(parsed) || !Number.isInteger(parsed.version)) throw new Error("shape");
    const state = migrate(parsed);
    if (!isPlainObject(state.ticked) || (state.answers !== null && !isPlainObject(state.answers))) {
      throw new Error("shape");
    }
    return { state, event: parsed.version === STATE_VERSION ? "restored" : "migrated" };
  } catch {
    // Never drop the reader's data silently: keep the unreadable copy and offer it back.
    try {
      localStorage.setItem(`${STORAGE_KEY}:unreadable`, raw);
    } catch { /* the notice below still offers the copy held in memory */ }
    return { state: emptyState(), event: "corrupt", raw };
  }
}

function emptyState() {
  return { version: STATE_VERSION, answers: null, ticked: {} };
}

let state = emptyState();
let saveFailedShown = false;

function saveState() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    saveFailedShown = false;
  } catch {
    if (!saveFailedShown) notice("storage.save_failed", {}, { kind: "warning" });
    saveFailedShown = true;
  }
}

// ---------- static checklist ----------

const itemBoxes = [...document.querySelectorAll("#fdm-checklist [data-item]")];

function syncTicks() {
  for (const box of document.querySelectorAll("[data-item]")) {
    box.checked = state.ticked[box.dataset.item] === true;
  }
  const done = itemBoxes.filter((box) => box.checked).length;
  document.getElementById("fdm-checklist-progress").textContent =
    t("checklist.progress", { done, total: itemBoxes.length });
}

document.addEventListener("change", (event) => {
  const box = event.target.closest("[data-item]");
  if (!box) return;
  if (box.checked) state.ticked[box.dataset.item] = true;
  else delete state.ticked[box.dataset.item];
  saveState();
  syncTicks();
});

// ---------- the engine in a worker ----------

let worker = null;
let nextId = 1;
const pending = new Map();
let engineReady = false;

function ask(message) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, ...message });
  });
}

function failEngine(reasonKey, params, detail) {
  engineReady = false;
  for (const { reject } of pending.values()) reject(new Error(detail || reasonKey));
  pending.clear();
  const reason = reasonKey ? t(reasonKey, params) : detail;
  setStatus("failed", "status.failed", { reason });
  if (worker) worker.terminate();
  worker = null;
}

async function startEngine() {
  try {
    worker = new Worker(new URL(data.worker, location.href), { type: "module" });
  } catch {
    failEngine("status.unsupported");
    return;
  }
  worker.onmessage = (event) => {
    const { id, type, ...body } = event.data;
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (type === "error") waiting.reject(new Error(body.message));
    else waiting.resolve(body);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failEngine(null, {}, event.message || "worker error");
  };
  const timer = setTimeout(
    () => failEngine("status.timeout", { seconds: BOOT_TIMEOUT_SECONDS }), BOOT_TIMEOUT_SECONDS * 1000);
  try {
    const ready = await ask({
      type: "boot",
      indexURL: new URL(data.pyodide, location.href).href,
      checklist: data.checklist,
      strings: data.strings,
      jurisdiction: data.jurisdiction,
    });
    clearTimeout(timer);
    engineReady = true;
    document.documentElement.dataset.python = ready.python;
    setStatus("ready", "status.ready", { version: ready.python });
    schedulePlan();
  } catch (error) {
    clearTimeout(timer);
    if (worker) failEngine(null, {}, error.message);
  }
}

// ---------- the plan ----------

let planTimer = null;
let latest = 0;

// aria-busy marks the plan as out of date while an answer is being worked on.
function schedulePlan() {
  clearTimeout(planTimer);
  planSection.setAttribute("aria-busy", "true");
  planTimer = setTimeout(() => {
    planTimer = null;
    computePlan();
  }, 200);
}

function settle(ticket) {
  if (ticket === latest && planTimer === null) planSection.setAttribute("aria-busy", "false");
}

function onFormChange(event) {
  const field = event.target.closest("[data-answer]");
  if (field) touched.add(field.dataset.answer);
  updateVisibility();
  const answers = collectAnswers();
  state.answers = answers;
  saveState();
  updateProgress(answers);
  schedulePlan();
}

async function computePlan() {
  if (!engineReady) {
    planSection.setAttribute("aria-busy", "false");
    return;
  }
  const ticket = ++latest;
  const answers = collectAnswers();
  let result;
  try {
    result = await ask({ type: "run", request: { answers, exports: [] } });
  } catch (error) {
    failEngine(null, {}, error.message);
    return;
  }
  if (ticket !== latest) return;  // a newer answer is on its way
  const response = result.response;
  showErrors(response.errors || []);
  if (!response.ok) {
    const shown = (response.errors || []).filter(errorIsShown);
    planSection.hidden = true;
    setStatus("invalid", shown.length ? "status.invalid" : "status.incomplete",
      { count: shown.length, version: document.documentElement.dataset.python });
    settle(ticket);
    return;
  }
  setStatus("ready", "status.ready", { version: document.documentElement.dataset.python });
  renderPlan(response.view);
  settle(ticket);
}

function errorIsShown(error) {
  // A missing answer is only pointed out once the reader has been to that question.
  return error.key !== "error.required" || [...touched].some((name) => error.field.startsWith(name));
}

function fieldFor(path) {
  let best = null;
  for (const field of fields) {
    const name = field.dataset.answer;
    if ((path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))
        && (!best || name.length > best.dataset.answer.length)) best = field;
  }
  return best;
}

function showErrors(errors) {
  for (const box of form.querySelectorAll("[data-error-for]")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const error of errors.filter(errorIsShown)) {
    const field = fieldFor(error.field);
    if (!field) continue;
    const match = /^invoices[.[](\d+)/.exec(error.field);
    const row = match ? field.querySelector(`.fdm-invoice[data-index="${match[1]}"]`) : null;
    const box = (row || field).querySelector("[data-error-for]");
    box.hidden = false;
    box.textContent = box.textContent ? `${box.textContent} ${error.message}` : error.message;
    for (const input of (row || field).querySelectorAll("input")) input.setAttribute("aria-invalid", "true");
  }
}

// ---------- rendering the engine's view ----------

function renderPlan(view) {
  planSection.hidden = false;
  document.getElementById("fdm-summary").textContent = view.summary || "";
  const reasons = Object.fromEntries((view.dates || []).map((entry) => [entry.subject, entry]));
  renderTimeline(view.timeline || [], reasons);
  renderRisks(view.risks || []);
  renderMoney(view.money || null);
  renderSteps(view.phases || []);
  renderMessages(view.messages || []);
  renderNotes(view.notes || []);
  syncTicks();
}

// "Why?": the reasoning, its legal basis and what is uncertain, as the engine worded them.
function explanation(reason) {
  const parts = [];
  if (reason.text) parts.push(el("p", { text: reason.text }));
  const basis = (reason.basis || []).map((source) => source.text).filter(Boolean);
  if (basis.length) {
    parts.push(el("p", { className: "fdm-basis",
      text: t("punctuation.label", { label: t("ui.basis"), text: basis.join(" ; ") }) }));
  }
  if (reason.uncertainty) {
    parts.push(el("p", { className: "fdm-uncertain",
      text: t("punctuation.label", { label: t("ui.uncertain"), text: reason.uncertainty }) }));
  }
  return parts;
}

function why(reason) {
  const parts = explanation(reason);
  return parts.length ? el("details", { className: "fdm-why" },
    [el("summary", { text: t("ui.why") }), ...parts]) : "";
}

function renderTimeline(entries, reasons) {
  document.getElementById("fdm-timeline").replaceChildren(...entries.map((entry) => {
    const reason = reasons[`dates.${entry.kind}`];
    return el("li", { attrs: { "data-key": entry.kind, "data-date": entry.date } }, [
      el("time", { text: entry.date_text, attrs: { datetime: entry.date } }),
      " — ",
      el("strong", { text: entry.label }),
      reason ? why(reason) : "",
    ]);
  }));
}

function renderRisks(risks) {
  const box = document.getElementById("fdm-risks");
  if (!risks.length) {
    box.replaceChildren(el("p", { text: t("ui.no_risks") }));
    return;
  }
  box.replaceChildren(...risks.map((risk) => {
    const kind = risk.severity === "high" ? "danger" : risk.severity === "medium" ? "warning" : "note";
    return el("div", { className: `admonition ${kind} fdm-risk`, attrs: { "data-risk": risk.code } }, [
      el("p", { className: "admonition-title", text: `${risk.severity_label} — ${risk.title}` }),
      el("p", { text: risk.explanation }),
      why({ text: risk.reasoning, basis: risk.basis, uncertainty: risk.uncertainty }),
    ]);
  }));
}

function renderMoney(money) {
  const box = document.getElementById("fdm-money");
  const heading = document.getElementById("fdm-money-heading");
  if (!money) {
    box.replaceChildren();
    heading.hidden = true;
    return;
  }
  heading.hidden = false;
  const rows = money.lines.map((line) => el("tr", { attrs: { "data-money": line.key } }, [
    el("th", { text: line.label, attrs: { scope: "row" } }),
    el("td", { text: line.text }),
  ]));
  const invoices = (money.invoices || []).map((invoice) => el("li", {
    attrs: { "data-invoice-status": invoice.status },
    text: `${invoice.label} — ${invoice.amount_text} — ${invoice.status_text}`,
  }));
  box.replaceChildren(
    el("table", {}, [el("tbody", {}, rows)]),
    el("ul", { className: "fdm-invoice-detail" }, invoices),
    el("p", { text: money.rate.text }),
    why({ text: money.rate.reasoning, basis: money.rate.basis, uncertainty: money.rate.uncertainty }),
  );
}

function renderSteps(phases) {
  const guide = new URL(data.guide, location.href);
  document.getElementById("fdm-steps").replaceChildren(...phases.filter((phase) => phase.steps.length)
    .map((phase) => el("section", { attrs: { "data-phase": phase.phase } }, [
      el("h4", { text: phase.title }),
      el("ul", { className: "fdm-items" }, phase.steps.map((step) => {
        const id = `plan-item-${step.id}`;
        return el("li", { attrs: { "data-step": step.id, "data-due": step.due } }, [
          el("input", { attrs: { type: "checkbox", id, "data-item": step.id } }),
          el("label", { text: step.text, attrs: { for: id } }),
          " ",
          el("span", { className: "fdm-due", text: t("ui.due", { date: step.due_text }) }),
          " ",
          el("a", { className: "fdm-guide-link", text: t("ui.see_guide"),
            attrs: { href: new URL(step.url, guide).href } }),
        ]);
      })),
    ])));
}

function renderMessages(messages) {
  document.getElementById("fdm-messages").replaceChildren(...messages.map((message) => {
    const body = el("pre", { className: "fdm-message-body", text: message.body, attrs: { tabindex: "0" } });
    const button = el("button", { className: "md-button", text: t("ui.copy"), attrs: { type: "button" } });
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(message.body);
        setStatus("ready", "ui.copied");
      } catch {
        setStatus("ready", "ui.copy_failed");
      }
    });
    return el("details", { className: "fdm-message", attrs: { "data-template": message.id } },
      [el("summary", { text: message.title }), body, button]);
  }));
}

function renderNotes(notes) {
  document.getElementById("fdm-notes").replaceChildren(
    ...notes.map((note) => el("div", { className: "fdm-note", attrs: { "data-subject": note.subject } },
      explanation(note))));
}

// ---------- exports, files, share links ----------

async function exportAs(format) {
  if (!engineReady) return;
  const request = { answers: collectAnswers(), exports: [format], base_url: new URL(data.guide, location.href).href };
  const result = await ask({ type: "run", request });
  const text = result.response.exports && result.response.exports[format];
  if (!text) return;
  if (format === "md") download(t("files.plan_md"), text, "text/markdown;charset=utf-8");
  else download(t("files.plan_ics"), text, "text/calendar;charset=utf-8");
}

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function shareLink() {
  const answers = collectAnswers();
  if (!document.getElementById("fdm-share-names").checked) {
    for (const field of form.querySelectorAll("[data-personal]")) setPath(answers, field.dataset.answer, "");
    // Invoice numbers are free text too.
    for (const invoice of answers.invoices || []) invoice.ref = "";
  }
  const url = new URL(location.href);
  url.hash = `answers=${toBase64Url(JSON.stringify(answers))}`;
  return url.href;
}

function readFragment() {
  const hash = location.hash.slice(1);
  if (!hash.startsWith("answers=")) return null;
  history.replaceState(null, "", location.pathname + location.search);
  if (hash.length > MAX_FRAGMENT_LENGTH) {
    notice("share.too_large", {}, { kind: "warning" });
    return null;
  }
  try {
    const answers = JSON.parse(fromBase64Url(hash.slice("answers=".length)));
    if (!isPlainObject(answers)) throw new Error("shape");
    notice("share.loaded");
    return answers;
  } catch {
    notice("share.invalid", {}, { kind: "warning" });
    return null;
  }
}

function saveFile() {
  const file = { app: "fin-de-mission", kind: "answers", version: STATE_VERSION, answers: collectAnswers() };
  download(t("files.answers"), JSON.stringify(file, null, 2), "application/json");
}

async function loadFile(input) {
  const [file] = input.files;
  input.value = "";
  if (!file) return;
  try {
    if (file.size > MAX_FILE_BYTES) throw new Error("size");
    const parsed = JSON.parse(await file.text());
    if (!isPlainObject(parsed) || parsed.app !== "fin-de-mission" || !isPlainObject(parsed.answers)) {
      throw new Error("shape");
    }
    applyAnswers(parsed.answers);
    notice("file.loaded");
  } catch {
    notice("file.invalid", {}, { kind: "warning" });
  }
}

function applyAnswers(answers) {
  fillForm(answers);
  for (const field of fields) touched.add(field.dataset.answer);
  state.answers = collectAnswers();
  saveState();
  updateProgress(state.answers);
  schedulePlan();
}

form.addEventListener("input", onFormChange);
form.addEventListener("change", onFormChange);
form.addEventListener("submit", (event) => event.preventDefault());
form.querySelector(".fdm-add-invoice").addEventListener("click", () => {
  const row = addInvoiceRow();
  row.querySelector("input").focus();
  onFormChange({ target: row });
});
form.addEventListener("click", (event) => {
  const remove = event.target.closest(".fdm-remove-invoice");
  if (!remove) return;
  const list = remove.closest(".fdm-invoice-rows");
  remove.closest(".fdm-invoice").remove();
  numberInvoiceRows();
  form.querySelector(".fdm-add-invoice").focus();
  onFormChange({ target: list });
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-action]");
  if (!button) return;
  const action = button.dataset.action;
  if (action === "download-md") await exportAs("md");
  else if (action === "download-ics") await exportAs("ics");
  else if (action === "print") window.print();
  else if (action === "save-file") saveFile();
  else if (action === "share") {
    // The link is shown in a field (to copy by hand) and offered to the clipboard.
    const field = document.getElementById("fdm-share-url");
    field.value = shareLink();
    field.closest(".fdm-share").hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      setStatus("ready", "share.copied");
    } catch {
      setStatus("ready", "share.shown");
    }
  } else if (action === "reset" && window.confirm(t("ui.reset_confirm"))) {
    state = emptyState();
    saveState();
    fillForm(defaultAnswers());
    touched.clear();
    syncTicks();
    planSection.hidden = true;
    notice("storage.cleared");
    schedulePlan();
  }
});
document.getElementById("fdm-load-file").addEventListener("change", (event) => loadFile(event.target));
// On paper every "why" and every message is shown in full.
window.addEventListener("beforeprint", () => {
  for (const details of planSection.querySelectorAll("details")) details.open = true;
});

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function defaultAnswers() {
  return { version: 1, today: localToday(), contract: { intermediary: "none" }, ip_assigned: "unknown", personal_data: "unknown" };
}

// ---------- start ----------

statusLine.hidden = false;  // hidden in the HTML so that readers without JavaScript see <noscript>

const loaded = loadState();
state = loaded.state;
if (loaded.event === "corrupt") {
  const button = el("button", { className: "md-button", text: t("storage.download_corrupt"), attrs: { type: "button" } });
  button.addEventListener("click", () => download(t("files.unreadable"), loaded.raw, "text/plain"));
  notice("storage.corrupt", {}, { kind: "warning", action: button });
  saveState();
} else if (loaded.event === "migrated") {
  notice("storage.migrated");
  saveState();
} else if (loaded.event === "save_failed") {
  notice("storage.save_failed", {}, { kind: "warning" });
}

const shared = readFragment();
if (shared) {
  applyAnswers(shared);
} else {
  fillForm(state.answers || defaultAnswers());
  if (state.answers) for (const field of fields) touched.add(field.dataset.answer);
}
state.answers = collectAnswers();
updateProgress(state.answers);
syncTicks();
startEngine();
