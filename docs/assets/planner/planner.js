// The planner page's thin UI: wires the form, the saved state, the engine client and the plan
// together. It decides nothing about the plan: dates, risks, steps, wording and exports come
// from Python (checklist.api.run). All text comes from the page's strings.
//
// Modules: logic.mjs (pure helpers, tested in node), storage.mjs (saved state), engine.mjs
// (the worker), form.mjs (the questionnaire), render.mjs (the plan), share.mjs (files, links).

import { createEngine } from "./engine.mjs";
import { createForm } from "./form.mjs";
import {
  MAX_FRAGMENT_LENGTH, STATE_VERSION, decodeShare, deletePath, emptyState, fingerprint, getPath,
  hasUsableAnswers, isAnswered, isoDate, makeTranslator, setPath,
} from "./logic.mjs";
import { createRenderer, el } from "./render.mjs";
import { answersFile, download, readAnswersFile, shareLink } from "./share.mjs";
import {
  STORAGE_KEY, keepPrevious, loadState, parseSaved, readPrevious, saveState, updateState,
} from "./storage.mjs";

const dataText = document.getElementById("fdm-data").textContent;
const data = JSON.parse(dataText);
// What a plan depends on besides the answers: the engine (its zip's hashed name), the
// checklist, the strings, the language and rules set, all in the page's data.
const build = fingerprint(dataText);
const t = makeTranslator(data.strings);
const $ = (id) => document.getElementById(id);
const root = $("fdm-planner");
const formElement = $("fdm-form");
const statusLine = $("fdm-status");
const notices = $("fdm-notices");
const planSection = $("fdm-plan");
const guideURL = new URL(data.guide, location.href);
// The answers format names the reference date "today": left empty, it is the real today.
const TODAY = "today";
const VIEW_CACHE = `${STORAGE_KEY}:view`;

const form = createForm(formElement, {
  t, lang: data.lang, separators: { decimal: t("number.decimal"), group: t("number.group") },
});

let state = emptyState();
let preview = null;            // shared answers being looked at (not saved until chosen)
let lastView = null;           // the last valid plan
const touched = new Set();     // questions the reader has been to in this visit
const unreadable = new Map();  // field → what was typed and cannot be read
let saveFailedShown = false;

// ---------- small UI helpers ----------

function setStatus(stateName, text, action = null) {
  statusLine.dataset.state = stateName;
  statusLine.replaceChildren(el("span", { text }), ...(action ? [" ", action] : []));
}

function notice(key, params, { kind = "info", action = null } = {}) {
  const box = el("div", { className: `admonition ${kind === "warning" ? "warning" : "note"} fdm-notice`,
    attrs: { "data-notice": key } }, [el("p", { text: t(key, params) })]);
  if (action) box.append(action);
  notices.append(box);
  return box;
}

function button(text, onClick, attrs = {}) {
  const node = el("button", { className: "md-button", text, attrs: { type: "button", ...attrs } });
  node.addEventListener("click", onClick);
  return node;
}

function setIdle() {
  const idle = !engine.booting && !planTimer && !computing;
  root.dataset.idle = String(idle);
  planSection.setAttribute("aria-busy", String(!idle));
}

const longDate = new Intl.DateTimeFormat(data.lang, { dateStyle: "long" });
const formatDate = (iso) => longDate.format(new Date(`${iso}T00:00:00`));
const megabytes = new Intl.NumberFormat(data.lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

// ---------- answers ----------

function currentAnswers() {
  return preview ? preview.answers : (state.answers || {});
}

function saveChange(change) {
  try {
    state = updateState(state, change);
    saveFailedShown = false;
  } catch {
    change(state);
    if (!saveFailedShown) notice("storage.save_failed", {}, { kind: "warning" });
    saveFailedShown = true;
  }
}

function setAnswer(name, value) {
  const apply = (answers) => {
    if (value === null || value === undefined || (!isAnswered(value) && value !== false)) deletePath(answers, name);
    else setPath(answers, name, value);
  };
  if (preview) {
    apply(preview.answers);
    return;
  }
  saveChange((saved) => {
    saved.answers ??= { version: data.answers_version };
    apply(saved.answers);
  });
}

// What the engine gets: questions that do not apply are left out (their answers stay saved),
// and an empty "today" is the real today.
function requestAnswers() {
  const answers = structuredClone(currentAnswers());
  answers.version ??= data.answers_version;
  for (const field of form.fields) if (field.hidden) deletePath(answers, field.dataset.answer);
  if (!isAnswered(answers[TODAY])) answers[TODAY] = isoDate(new Date());
  return answers;
}

function updateProgress() {
  const { answered, total } = form.answeredCount(currentAnswers());
  $("fdm-progress").textContent = t("ui.progress", { answered, total });
}

function refreshForm({ except = null } = {}) {
  form.fill(currentAnswers(), { except });
  unreadable.clear();
  updateProgress();
}

function onFieldChange(event) {
  const field = event.target.closest("[data-answer]");
  if (!field) return;
  touched.add(field.dataset.answer);
  if (field.dataset.kind === "bool") field.dataset.answered = "true";
  const problems = [];
  const value = form.read(field, problems);
  unreadable.set(field.dataset.answer, problems);
  // Text that cannot be read leaves the saved answer as it was; the field says why.
  if (!problems.length || field.dataset.kind === "invoices") setAnswer(field.dataset.answer, value);
  form.updateVisibility(currentAnswers());
  updateProgress();
  schedulePlan();
}

// ---------- ticks (shared with the guide pages) ----------

const itemBoxes = [...document.querySelectorAll("#fdm-checklist [data-item]")];

function syncTicks() {
  for (const box of document.querySelectorAll("[data-item]")) {
    box.checked = state.ticked[box.dataset.item] === true;
  }
  const done = itemBoxes.filter((box) => box.checked).length;
  $("fdm-checklist-progress").textContent = t("checklist.progress", { done, total: itemBoxes.length });
}

document.addEventListener("change", (event) => {
  const box = event.target.closest("[data-item]");
  if (!box) return;
  const { item } = box.dataset;
  saveChange((saved) => {
    if (box.checked) saved.ticked[item] = true;
    else delete saved.ticked[item];
  });
  syncTicks();
});

// ---------- the engine ----------

function retryButton() {
  return button(t("status.retry"), () => {
    setStatus("loading", t("status.loading"));
    startEngine();
  }, { "data-action": "retry" });
}

const engine = createEngine({
  workerURL: new URL(data.worker, location.href),
  // boot.js (page head) started the worker and told it how to load Python.
  takeEarlyWorker() {
    const early = window.fdmWorker || null;
    window.fdmWorker = null;
    return early;
  },
  boot: {
    // The same as boot.js says it from the page's data, for when that script did not run.
    indexURL: new URL(data.pyodide, location.href).href,
    stdLibURL: new URL(data.stdlib, new URL(data.pyodide, location.href)).href,
    lockFileContents: data.lock,
    checklist: data.checklist,
    strings: data.strings,
    jurisdiction: data.jurisdiction,
  },
  onProgress(received) {
    if (statusLine.dataset.state !== "loading") return;
    setStatus("loading", t("status.loading_progress", { received: megabytes.format(received / 1e6) }));
  },
  onStalled() {
    setStatus("loading", t("status.stalled"), retryButton());
  },
  onFailed(reason, detail) {
    engine.booting = false;
    const why = reason === "unsupported" ? t("status.unsupported")
      : reason === "fetch" ? t("status.fetch_failed", { detail }) : detail;
    setStatus("failed", t("status.failed", { reason: why }), retryButton());
    setIdle();
  },
  onReady(result) {
    engine.booting = false;
    document.documentElement.dataset.python = result.python;
    $("fdm-about").textContent = t("ui.about", { version: result.python, pyodide: result.pyodide });
    computePlan();  // at once: the answers are there
  },
});
engine.booting = false;

function startEngine() {
  engine.booting = true;
  setIdle();
  engine.start();
}

// ---------- the plan ----------

let planTimer = null;
let computing = false;
let latest = 0;

// Edits in one frame (typing, a burst of events) make one request; no fixed delay. The page
// keeps only the newest answer (computePlan's ticket).
function schedulePlan() {
  if (!planTimer) {
    planTimer = requestAnimationFrame(() => {
      planTimer = null;
      computePlan();
    });
  }
  setIdle();
}

function requiredMissing(answers) {
  return form.visible()
    .filter((field) => field.dataset.required !== undefined && field.dataset.answer !== TODAY)
    .filter((field) => !isAnswered(getPath(answers, field.dataset.answer)))
    .map((field) => field.dataset.answer);
}

async function computePlan() {
  if (!engine.ready) {
    // A plan on screen before Python is ready (the kept one) no longer matches an edit: say
    // so until Python's plan replaces it. Nothing is wrong in the answers: no link to errors.
    if (shownFor !== null && !planSection.hidden && JSON.stringify(requestAnswers()) !== shownFor) {
      planSection.dataset.stale = "true";
      $("fdm-stale").hidden = false;
      $("fdm-stale-link").hidden = true;
    }
    setIdle();
    return;
  }
  const ticket = ++latest;
  const answers = requestAnswers();
  computing = true;
  setIdle();
  let response;
  try {
    response = await engine.run({ answers, exports: [] });
  } catch {
    computing = false;
    setIdle();
    return;
  } finally {
    if (ticket === latest) computing = false;
  }
  if (ticket !== latest) return;  // a newer answer is on its way
  showResult(response, answers);
  setIdle();
}

function showResult(response, answers) {
  // Older answers (a file, a link or saved state from an earlier version) are migrated by the
  // engine; the form shows what the engine read them as.
  if (response.ok && response.migrated?.length) {
    for (const change of response.migrated) setAnswer(change.field, change.value);
    refreshForm();
  }
  const missing = requiredMissing(currentAnswers());
  const engineErrors = response.errors || [];
  const errors = [
    ...[...unreadable.values()].flat().map((problem) => ({ ...problem, message: t(problem.key) })),
    ...engineErrors.filter((error) => error.key !== "error.required" || !missing.includes(error.field)),
    ...missing.map((name) => {
      const fromEngine = engineErrors.find((error) => error.field === name);
      return { field: name, key: "error.required", message: fromEngine ? fromEngine.message : t("ui.required_missing") };
    }),
  ];
  // A missing answer is pointed out at its field once the reader has been there, or when it
  // is the last thing missing; the list at the top always names it.
  const atFields = errors.filter((error) => error.key !== "error.required"
    || touched.has(form.names.find((name) => error.field.startsWith(name)) || error.field)
    || missing.length === 1);
  const listed = form.showErrors(errors);  // for the summary: every problem, with its label
  const shown = form.showErrors(atFields);
  // Problems that belong to no question (a format version, say) are listed without a link; a
  // "required" on a whole group is already said by its questions.
  const general = errors.filter((error) => !form.names.some((name) => error.field === name
    || error.field.startsWith(`${name}.`) || error.field.startsWith(`${name}[`)))
    .filter((error) => error.key !== "error.required" || missing.length === 0);
  listed.push(...general.map((error) => ({ ...error, label: null, target: null })));
  if (response.ok && errors.length === 0) {
    lastView = response.view;
    renderPlan(response.view, answers);
    keepView(answers, response.view);
    summary([]);
    setStatus("ready", t("status.ready"));
    window.fdmKeepOffline?.();  // boot.js: the next visit works offline
  } else {
    summary(listed);
    planSection.dataset.stale = String(Boolean(lastView));
    $("fdm-stale").hidden = !lastView;
    $("fdm-stale-link").hidden = false;
    const incomplete = listed.every((error) => error.key === "error.required");
    setStatus("invalid", incomplete ? t("status.incomplete") : t("status.invalid", { count: listed.length }));
  }
  updateJump();
}

// The list of problems at the top of the form, each a link to its field.
function summary(errors) {
  const box = $("fdm-errors");
  box.hidden = errors.length === 0;
  $("fdm-error-list").replaceChildren(...errors.map((error) => {
    if (!error.label) return el("li", { text: error.message });
    const link = el("a", { text: t("punctuation.label", { label: error.label, text: error.message }),
      attrs: { href: `#${error.target ? error.target.id || "" : ""}` } });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      error.target?.scrollIntoView({ block: "center" });
      error.target?.focus();
    });
    return el("li", {}, [link]);
  }));
  const first = errors[0];
  const staleLink = $("fdm-stale-link");
  staleLink.onclick = (event) => {
    event.preventDefault();
    first?.target?.scrollIntoView({ block: "center" });
    first?.target?.focus();
  };
}

let seenPlan = true;
let shownView = null;
let shownFor = null;  // the answers the plan on screen was worked out from (JSON)

function renderPlan(view, answers, { announce = true } = {}) {
  shownFor = JSON.stringify(answers);
  const wasHidden = planSection.hidden;
  planSection.hidden = false;
  planSection.dataset.stale = "false";
  $("fdm-stale").hidden = true;
  const changed = JSON.stringify(view) !== shownView;
  shownView = JSON.stringify(view);
  // The same plan again (an edit that changes nothing, a field left) keeps the page as it is:
  // an open letter stays open.
  if (changed) renderer.render(view);
  planDate(answers);
  syncTicks();
  if (changed && !planInView) seenPlan = false;
  if (wasHidden && announce) notice("ui.plan_ready_notice", {}, { action: jumpLink() });
}

function planDate(answers) {
  const chosen = getPath(currentAnswers(), TODAY);
  const line = $("fdm-plan-date");
  if (isAnswered(chosen)) {
    line.replaceChildren(el("span", { text: t("ui.simulated", { date: formatDate(answers[TODAY]) }) }), " ",
      button(t("ui.use_today"), () => {
        setAnswer(TODAY, null);
        refreshForm();
        schedulePlan();
      }, { "data-action": "use-today" }));
    line.dataset.simulated = "true";
  } else {
    line.replaceChildren(el("span", { text: t("ui.dated_today", { date: formatDate(answers[TODAY]) }) }));
    line.dataset.simulated = "false";
  }
}

function jumpLink() {
  return el("a", { text: t("ui.jump_to_plan"), attrs: { href: "#fdm-plan-heading" } });
}

const renderer = createRenderer({
  t,
  guideURL,
  isTicked: (id) => state.ticked[id] === true,
  async copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
});

// The last plan, kept beside the answers it was worked out from (localStorage, where the
// answers already live), shows at once on the next visit or on coming back from the guide,
// while Python starts: the engine gives the same plan for the same answers (date included)
// and the same build of the page's data (engine, checklist, strings), and its answer then
// replaces it without a visible change. Anything else, or an unreadable copy, is simply not
// used: it is derived data, worked out again.
function cacheView(answers, view) {
  try {
    localStorage.setItem(VIEW_CACHE, JSON.stringify({ lang: data.lang, build, answers, view }));
  } catch { /* only a speed-up */ }
}

// Written when the page is idle, not between an edit and its updated plan (the view is tens
// of kilobytes of JSON); a page being left writes what is pending at once.
let pendingView = null;

function keepView(answers, view) {
  const scheduled = pendingView !== null;
  pendingView = { answers, view };
  if (scheduled) return;
  if (window.requestIdleCallback) requestIdleCallback(flushView, { timeout: 1000 });
  else setTimeout(flushView, 200);
}

function flushView() {
  if (pendingView) cacheView(pendingView.answers, pendingView.view);
  pendingView = null;
}

window.addEventListener("pagehide", flushView);

function cachedView() {
  try {
    const cached = JSON.parse(localStorage.getItem(VIEW_CACHE));
    if (cached && cached.lang === data.lang && cached.build === build && cached.view
        && JSON.stringify(cached.answers) === JSON.stringify(requestAnswers())) return cached;
  } catch { /* ignore */ }
  return null;
}

function forgetView() {
  try {
    localStorage.removeItem(VIEW_CACHE);
  } catch { /* nothing kept */ }
}

// ---------- the phone's "see my plan" control ----------

const jump = $("fdm-jump");
let planInView = false;
let returnTo = null;

function updateJump() {
  jump.hidden = !lastView;
  if (planInView) {
    jump.textContent = t("ui.jump_to_answers");
    jump.setAttribute("href", `#${returnTo?.id || "fdm-form"}`);
  } else {
    jump.textContent = seenPlan ? t("ui.jump_to_plan") : t("ui.jump_to_plan_updated");
    jump.setAttribute("href", "#fdm-plan-heading");
  }
}

jump.addEventListener("click", (event) => {
  event.preventDefault();
  if (planInView) {
    const back = returnTo || formElement.querySelector("input");
    back.focus({ preventScroll: true });
    back.scrollIntoView({ block: "center" });
    planInView = false;
    updateJump();
  } else {
    returnTo = document.activeElement?.closest?.("#fdm-form input") ? document.activeElement : returnTo;
    $("fdm-plan-heading").scrollIntoView({ block: "start" });
    $("fdm-plan-heading").focus();
    seenPlan = true;
  }
});

new IntersectionObserver((entries) => {
  planInView = entries.some((entry) => entry.isIntersecting);
  if (planInView) seenPlan = true;
  updateJump();
}).observe($("fdm-plan-heading"));

formElement.addEventListener("focusin", (event) => {
  if (event.target.matches("input")) returnTo = event.target;
});

// ---------- shared answers, files ----------

function useAnswers(answers, noticeKey) {
  const previous = state.answers;
  const kept = hasUsableAnswers(previous, form.names) && keepPrevious(previous);
  preview = null;
  $("fdm-preview").hidden = true;
  saveChange((saved) => { saved.answers = structuredClone(answers); });
  for (const name of form.names) touched.add(name);
  refreshForm();
  schedulePlan();
  notice(noticeKey, {}, { action: kept ? button(t("storage.restore_previous"), restorePrevious,
    { "data-action": "restore-previous" }) : null });
}

function restorePrevious() {
  const answers = readPrevious();
  if (!answers) return;
  useAnswers(answers, "storage.previous_restored");
}

async function openShared(fragment) {
  const result = await decodeShare(fragment);
  if (result === null) return;
  history.replaceState(null, "", location.pathname + location.search);
  if (result.error) {
    notice(`share.${result.error}`, {}, { kind: "warning" });
    return;
  }
  if (!hasUsableAnswers(result.answers, form.names)) {
    notice("share.empty", {}, { kind: "warning" });
    return;
  }
  preview = { answers: result.answers };
  $("fdm-preview").hidden = false;
  refreshForm();
  schedulePlan();
  $("fdm-preview").focus();
}

async function loadFile(input) {
  const [file] = input.files;
  input.value = "";
  if (!file) return;
  try {
    useAnswers(await readAnswersFile(file), "file.loaded");
  } catch {
    notice("file.invalid", {}, { kind: "warning" });
  }
}

async function share(trigger) {
  const feedback = $("fdm-share-feedback");
  const personal = form.fields.filter((field) => field.dataset.personal !== undefined)
    .map((field) => field.dataset.answer);
  const link = await shareLink(currentAnswers(), { withNames: $("fdm-share-names").checked, personal });
  const box = $("fdm-share-url").closest(".fdm-share");
  if (!link) {
    box.hidden = true;
    feedback.replaceChildren(el("span", { text: t("share.too_long", { max: MAX_FRAGMENT_LENGTH }) }), " ",
      button(t("ui.save_file"), saveFile, { "data-action": "save-file-instead" }));
    return;
  }
  const field = $("fdm-share-url");
  field.value = link;
  box.hidden = false;
  field.select();
  try {
    await navigator.clipboard.writeText(link);
    feedback.textContent = t("share.copied");
  } catch {
    feedback.textContent = t("share.shown");
  }
  trigger?.focus();
}

function saveFile() {
  download(t("files.answers"), answersFile(currentAnswers(), STATE_VERSION), "application/json");
}

async function exportAs(format) {
  if (!engine.ready) return;
  const response = await engine.run({ answers: requestAnswers(), exports: [format], base_url: guideURL.href });
  const text = response.exports && response.exports[format];
  if (!text) return;
  if (format === "md") download(t("files.plan_md"), text, "text/markdown;charset=utf-8");
  else download(t("files.plan_ics"), text, "text/calendar;charset=utf-8");
}

// ---------- events ----------

formElement.addEventListener("input", onFieldChange);
formElement.addEventListener("change", onFieldChange);
// A date the browser cannot read (30 February, half typed) keeps the value "" and fires no
// input event: read date fields again as keys are typed and when the reader leaves them.
formElement.addEventListener("keyup", (event) => {
  if (event.target.type === "date") onFieldChange(event);
});
formElement.addEventListener("focusout", (event) => {
  if (event.target.type === "date") onFieldChange(event);
});
formElement.addEventListener("submit", (event) => event.preventDefault());
formElement.querySelector(".fdm-add-invoice")?.addEventListener("click", () => {
  const row = form.addInvoiceRow();
  row.querySelector("input").focus();
  onFieldChange({ target: row });
});
formElement.addEventListener("click", (event) => {
  const remove = event.target.closest(".fdm-remove-invoice");
  if (!remove) return;
  const list = remove.closest(".fdm-invoice-rows");
  remove.closest(".fdm-invoice").remove();
  form.numberInvoiceRows();
  formElement.querySelector(".fdm-add-invoice").focus();
  onFieldChange({ target: list });
});

document.addEventListener("click", async (event) => {
  const trigger = event.target.closest("[data-action]");
  if (!trigger) return;
  const action = trigger.dataset.action;
  if (action === "download-md") await exportAs("md");
  else if (action === "download-ics") await exportAs("ics");
  else if (action === "print") window.print();
  else if (action === "save-file") saveFile();
  else if (action === "share") await share(trigger);
  else if (action === "keep-mine") {
    preview = null;
    $("fdm-preview").hidden = true;
    refreshForm();
    schedulePlan();
  } else if (action === "use-shared" && preview) {
    useAnswers(preview.answers, "share.used");
  } else if (action === "reset" && window.confirm(t("ui.reset_confirm"))) {
    if (hasUsableAnswers(state.answers, form.names)) keepPrevious(state.answers);
    state = emptyState();
    try {
      saveState(state);
    } catch { /* reported on the next change */ }
    preview = null;
    lastView = null;
    pendingView = null;
    forgetView();
    touched.clear();
    refreshForm();
    syncTicks();
    planSection.hidden = true;
    notice("storage.cleared");
    schedulePlan();
  }
});
$("fdm-load-file").addEventListener("change", (event) => loadFile(event.target));

// On paper the letters are shown in full, and the steps of every phase.
window.addEventListener("beforeprint", () => {
  for (const details of planSection.querySelectorAll(".fdm-message, .fdm-phase")) details.open = true;
});

// Another tab saved: take its state (each tab writes field by field, so nothing is lost).
window.addEventListener("storage", (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  const loaded = parseSaved(event.key === null ? null : event.newValue);
  if (loaded.event === "corrupt") return;
  state = loaded.state;
  if (!preview) {
    const editing = document.activeElement?.closest?.("[data-answer]") || null;
    form.fill(currentAnswers(), { except: editing });
    updateProgress();
    schedulePlan();
  }
  syncTicks();
});

// A share link pasted into this tab.
window.addEventListener("hashchange", () => openShared(location.hash.slice(1)));

// Back from the guide: the page may come from the back/forward cache without its worker.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  const loaded = loadState();
  if (loaded.event !== "corrupt") state = loaded.state;
  if (!preview) refreshForm();
  syncTicks();
  if (!engine.alive) startEngine();
  else schedulePlan();
});

// ---------- start ----------

statusLine.hidden = false;  // hidden in the HTML so that readers without JavaScript see <noscript>
setStatus("loading", t("status.loading"));

const loaded = loadState();
state = loaded.state;
if (loaded.event === "corrupt" || loaded.event === "repaired") {
  const raw = loaded.raw;
  notice(`storage.${loaded.event}`, {}, { kind: "warning",
    action: button(t("storage.download_corrupt"), () => download(t("files.unreadable"), raw, "text/plain")) });
  try {
    saveState(state);
  } catch { /* reported on the next change */ }
} else if (loaded.event === "migrated") {
  notice("storage.migrated");
  try {
    saveState(state);
  } catch { /* reported on the next change */ }
} else if (loaded.event === "save_failed") {
  notice("storage.save_failed", {}, { kind: "warning" });
}
if (state.answers) for (const name of form.names) touched.add(name);
refreshForm();
syncTicks();
const cached = cachedView();
if (cached) {
  lastView = cached.view;
  renderPlan(cached.view, cached.answers, { announce: false });
  seenPlan = true;
}
updateJump();
startEngine();
if (location.hash.startsWith("#answers=")) openShared(location.hash.slice(1));
