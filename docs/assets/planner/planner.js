// @ts-check
// The planner page's thin UI. One state object (store.mjs) holds what the page knows: the
// saved answers and ticks, a share link being looked at, the engine's phase and last answer,
// which questions the reader has left, the one notice shown. Actions change that state; the
// views below render from it, every time it changes. Nothing here decides the plan: dates,
// risks, steps, wording and exports come from Python (checklist.api.run); what to show of
// errors and progress is decided by the pure functions of logic.mjs.
//
// Modules: logic.mjs (pure, tested in node), store.mjs (the state), storage.mjs (what is kept
// in this browser), engine.mjs (the worker), form.mjs (the questionnaire), render.mjs (the
// plan), share.mjs (files, links).

import { createEngine, runtimeSettings } from "./engine.mjs";
import { createForm } from "./form.mjs";
import {
  MAX_FRAGMENT_LENGTH, STATE_VERSION, checkAnswers, decodeShare, defaultsOf, emptyState,
  fingerprint, formatDate, getPath, hasUsableAnswers, isAnswered, isoDate, makeTranslator,
  mergeErrors, mergeList, phaseCounts, progress, putAnswer, requestAnswers, sameJSON, statusOf,
  visibleErrors, withPrevious,
} from "./logic.mjs";
import { createRenderer, el } from "./render.mjs";
import { answersFile, download, readAnswersFile, shareLink } from "./share.mjs";
import * as storage from "./storage.mjs";
import { createStore } from "./store.mjs";

/** @typedef {import("./logic.mjs").Answers} Answers */
/** @typedef {import("./logic.mjs").SavedState} SavedState */
/** @typedef {import("./logic.mjs").PreviousAnswers} PreviousAnswers */
/** @typedef {import("./logic.mjs").MergedError} MergedError */
/** @typedef {import("./engine.mjs").EngineState} EngineState */
/** @typedef {import("./form.mjs").Problem} Problem */
/** @typedef {{action: string, label: string} | {href: string, label: string}} NoticeAction */
/** @typedef {{key: string, params?: Record<string, unknown>, kind: "info" | "warning" | "error",
 *   actions?: NoticeAction[]}} Notice */
/**
 * @typedef {object} PageState
 * @property {SavedState} saved         what is saved in this browser (as this tab last read it)
 * @property {boolean} readOnly         a newer build's data is saved here: never written over
 * @property {{answers: Answers} | null} preview  a share link's answers being looked at
 * @property {PreviousAnswers[]} previous  the reader's earlier answers, kept
 * @property {EngineState} engine
 * @property {{ok: boolean, errors: any[], for: string} | null} response  the engine's last answer
 * @property {boolean} computing        a plan request is on its way
 * @property {boolean} scheduled        an edit waits for the next frame to be sent
 * @property {Record<string, Problem[]>} problems  typed text that cannot be read, by question
 * @property {Set<string>} left         questions the reader has left (their errors show)
 * @property {boolean} submitted        the reader asked for the plan (every error shows)
 * @property {string | null} typing     the question being typed in (its errors wait)
 * @property {Notice | null} notice     the one notice shown
 * @property {{view: any, for: string, today: string} | null} plan  the plan on screen
 * @property {boolean} confirmClear     "clear everything" asks what to clear
 */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const dataText = /** @type {string} */ ($("fdm-data").textContent);
const data = JSON.parse(dataText);
const { runtime } = runtimeSettings();
// What a plan depends on besides the answers: the engine (its zip's hashed name), the
// checklist, the strings, the language and rules set.
const build = fingerprint(`${dataText}\n${runtime.stdLibURL}`);
const t = makeTranslator(data.strings);
const root = $("fdm-planner");
const formElement = /** @type {HTMLFormElement} */ ($("fdm-form"));
const planSection = $("fdm-plan");
const guideURL = new URL(data.guide, location.href);
const VERSION = /** @type {number} */ (data.answers_version);
// The most invoices the answers format accepts (the questionnaire's data, on the invoices field).
const MAX_INVOICES = Number(document.querySelector("[data-answer='invoices']")?.getAttribute("data-max-items") || Infinity);
// Engine errors the page words its own way: a date in a file or link that the page's
// calendar cannot show is "not a date", with no format the reader never sees.
/** @type {Record<string, string>} */
const PAGE_WORDING = { "error.date_format": "input.date" };

const form = createForm(formElement, {
  t, lang: data.lang, separators: { decimal: t("number.decimal"), group: t("number.group") },
});
const defaults = defaultsOf(form.fields);
const personal = form.fields.filter((field) => field.personal).map((field) => field.name);
const rowTemplate = /** @type {HTMLTemplateElement | null} */ (document.getElementById("fdm-invoice-row"));
const personalInvoice = rowTemplate ? [...rowTemplate.content.querySelectorAll("[data-invoice][data-personal]")]
  .map((input) => /** @type {string} */ (/** @type {HTMLElement} */ (input).dataset.invoice)) : [];

/** @type {ReturnType<typeof createStore<PageState>>} */
const store = createStore(/** @type {PageState} */ ({
  saved: emptyState(),
  readOnly: false,
  preview: null,
  previous: [],
  engine: { phase: "idle", received: 0, reason: null, detail: "", python: "", pyodide: "" },
  response: null,
  computing: false,
  scheduled: false,
  problems: {},
  left: new Set(),
  submitted: false,
  typing: null,
  notice: null,
  plan: null,
  confirmClear: false,
}));

const megabytes = new Intl.NumberFormat(data.lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
let unreadableRaw = "";  // saved data that could not be read, offered for download

// ---------- answers ----------

/** @param {PageState} [state] @returns {Answers} */
function currentAnswers(state = store.state) {
  return state.preview ? state.preview.answers : (state.saved.answers || {});
}

/** @param {Answers} answers */
function requestFor(answers) {
  return requestAnswers(answers, form.fields, { version: VERSION, today: isoDate(new Date()) });
}

/** Questions answered in `answers`: their errors show at once (they came from a file, a
 * link or an earlier visit; nothing is being typed there). @param {Answers | null} answers */
function answeredNames(answers) {
  return new Set(form.names.filter((name) => isAnswered(getPath(answers || {}, name))));
}

/** @param {Notice} notice */
function notify(notice) {
  const current = store.state.notice;
  // The same notice again (another tab typing, say) is not announced again.
  if (current && current.key === notice.key && sameJSON(current.params || {}, notice.params || {})) return;
  store.update({ notice });
}

const SAVE_FILE = { action: "save-file", label: "ui.save_file" };
const RESTORE = { action: "restore-previous", label: "storage.restore_previous" };

/** A change that could not be saved: say why (a newer build's data is never written over). @param {unknown} error */
function unsaved(error) {
  if (!(error instanceof storage.Unsaved)) throw error;
  if (error.reason === "newer") {
    store.update({ readOnly: true });
    notify({ key: "storage.newer", kind: "warning" });
  } else {
    notify({ key: "storage.save_failed", kind: "warning", actions: [SAVE_FILE] });
  }
}

/** Change the saved state, or (when it cannot be saved) the state in memory only.
 * @param {(state: SavedState) => void} change */
function saveChange(change) {
  const state = store.state;
  if (!state.readOnly) {
    try {
      store.update({ saved: storage.updateState(state.saved, change) });
      return true;
    } catch (error) {
      unsaved(error);
    }
  } else {
    notify({ key: "storage.newer", kind: "warning" });
  }
  const saved = structuredClone(store.state.saved);
  change(saved);
  store.update({ saved });
  return false;
}

/** The reader answered a question (`element`: its field in the form).
 * @param {string} name @param {unknown} value @param {HTMLElement} element */
function setAnswer(name, value, element) {
  const state = store.state;
  if (state.preview) {
    adoptPreview(name, value, element);
    return;
  }
  if (state.readOnly) {
    saveChange((saved) => {
      saved.answers ??= {};
      putAnswer(saved.answers, name, value);
    });
    return;
  }
  try {
    const result = storage.saveAnswer(state.saved, name, value);
    store.update({ saved: result.state });
    if (result.merged) {
      // Another tab changed this list meanwhile: both tabs' items are kept and shown.
      form.refillKeepingFocus(element, result.merged);
      notify(result.conflict ? { key: "storage.merged", kind: "warning" } : { key: "storage.other_tab", kind: "info" });
    }
  } catch (error) {
    const saved = structuredClone(store.state.saved);
    saved.answers ??= {};
    putAnswer(saved.answers, name, value);
    delete saved.from;
    store.update({ saved });
    unsaved(error);
  }
}

/**
 * Make `answers` the reader's own, keeping a copy of theirs first (unless theirs are an
 * unedited copy of a link or file, which can be opened again, or `keepMine` is false because
 * the caller kept them). When no copy can be kept, nothing is replaced, and the reader is
 * told. Returns whether the answers were replaced.
 * @param {Answers} answers @param {"link" | "file" | null} from
 * @param {{except?: HTMLElement | null, keepMine?: boolean}} [options]
 */
function replaceAnswers(answers, from, { except = null, keepMine = true } = {}) {
  const state = store.state;
  const mine = state.saved.answers;
  let previous = state.previous;
  if (keepMine && !state.readOnly && hasUsableAnswers(mine, form.names) && !state.saved.from
      && !sameJSON(mine, answers)) {
    try {
      previous = storage.keepPrevious(/** @type {Answers} */ (mine));
    } catch {
      notify({ key: "storage.no_room", kind: "error", actions: [SAVE_FILE] });
      return false;
    }
  }
  const change = (/** @type {SavedState} */ saved) => {
    saved.answers = structuredClone(answers);
    if (from) saved.from = from;
    else delete saved.from;
  };
  let saved = structuredClone(state.saved);
  if (state.readOnly) {
    change(saved);  // a newer build's data is kept: this tab works on its own copy
  } else {
    try {
      saved = storage.updateState(state.saved, change);
    } catch (error) {
      unsaved(error);  // nothing replaced: the reader still has their answers, and is told
      return false;
    }
  }
  store.update({
    saved, previous, preview: null, problems: {}, left: answeredNames(answers), submitted: false,
    typing: except ? state.typing : null,
  });
  dropShareFragment();
  form.fill(answers, { except });
  schedulePlan();
  return true;
}

/** An answer changed while a share link's answers are shown: they become the reader's own
 * (with theirs kept), and the change is made to them.
 * @param {string} name @param {unknown} value @param {HTMLElement} element */
function adoptPreview(name, value, element) {
  const preview = /** @type {{answers: Answers}} */ (store.state.preview);
  const answers = structuredClone(preview.answers);
  putAnswer(answers, name, value);
  if (replaceAnswers(answers, null, { except: element })) {
    notify({ key: "share.adopted", kind: "info", actions: store.state.previous.length ? [RESTORE] : [] });
  } else {
    // Not replaced (no room for a copy of theirs): the change stays on the link's answers.
    store.update({ preview: { answers } });
  }
}

function restorePrevious() {
  const state = store.state;
  const [newest, ...rest] = storage.readPrevious();
  if (!newest) return;
  const mine = state.saved.answers;
  const list = hasUsableAnswers(mine, form.names) && !state.saved.from
    ? withPrevious(rest, /** @type {Answers} */ (mine), new Date().toISOString()) : rest;
  try {
    storage.setPrevious(list);
  } catch {
    notify({ key: "storage.no_room", kind: "error", actions: [SAVE_FILE] });
    return;
  }
  store.update({ previous: list });
  if (replaceAnswers(newest.answers, null, { keepMine: false })) notify({ key: "storage.previous_restored", kind: "info" });
}

function forgetPrevious() {
  try {
    storage.setPrevious([]);
  } catch { /* nothing kept */ }
  store.update({ previous: [] });
  notify({ key: "storage.previous_forgotten", kind: "info" });
}

// ---------- reading the form ----------

// Kinds of question whose answer is one value typed in one box.
const SINGLE = new Set(["text", "int", "decimal", "date"]);

/** @param {{target: EventTarget | null}} event @param {{leaving?: boolean}} [options] */
function onFieldChange(event, { leaving = false } = {}) {
  const element = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("[data-answer]"));
  if (!element) return;
  const name = /** @type {string} */ (element.dataset.answer);
  if (element.dataset.kind === "bool" && !leaving) element.dataset.answered = "true";
  /** @type {Problem[]} */
  const found = [];
  const value = form.read(element, found);
  const state = store.state;
  const problems = { ...state.problems };
  if (found.length) problems[name] = found;
  else delete problems[name];
  const changed = !sameJSON(value ?? null, getPath(currentAnswers(), name) ?? null);
  store.update({ problems, typing: leaving ? state.typing : name });
  // Leaving a question is not an edit: only a single answer shown differently from the saved
  // one (another tab saved meanwhile) is saved then, and a share link's answers stay a preview.
  if (leaving && (state.preview || !SINGLE.has(element.dataset.kind || ""))) return;
  // Text that cannot be read leaves the saved answer as it was; the field says why.
  if (changed && (!found.length || element.dataset.kind === "invoices")) setAnswer(name, value, element);
  schedulePlan();
}

/** The reader left a question: its messages may show now. @param {FocusEvent} event */
function onLeave(event) {
  const element = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("[data-answer]"));
  if (!element) return;
  const next = /** @type {Node | null} */ (event.relatedTarget);
  if (next && element.contains(next)) return;  // still in the same question (another option, cell)
  // Read it again: a half-typed date fires no input event, and another tab may have saved
  // something else while the reader was here (what they see is what they keep).
  onFieldChange(event, { leaving: true });
  const left = new Set(store.state.left);
  left.add(/** @type {string} */ (element.dataset.answer));
  store.update({ left, typing: null });
}

// ---------- the engine and the plan ----------

const engine = createEngine({
  context: { checklist: data.checklist, strings: data.strings, jurisdiction: data.jurisdiction },
  onChange(engineState) {
    const was = store.state.engine.phase;
    store.update({ engine: engineState });
    if (engineState.phase === "ready" && was !== "ready") {
      document.documentElement.dataset.python = engineState.python;
      $("fdm-about").textContent = t("ui.about", { version: engineState.python, pyodide: engineState.pyodide });
      computePlan();  // at once: the answers are there
    }
  },
});

let frame = 0;
// Edits in one frame (typing, a burst of events) make one request; no fixed delay. The page
// keeps only the newest answer (computePlan's ticket).
function schedulePlan() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    store.update({ scheduled: false });
    computePlan();
  });
  store.update({ scheduled: true });
}

let latestTicket = 0;

async function computePlan() {
  if (engine.state.phase !== "ready") return;  // the views mark a kept plan out of date
  const ticket = ++latestTicket;
  const request = requestFor(currentAnswers());
  const key = JSON.stringify(request);
  store.update({ computing: true });
  let response;
  try {
    response = await engine.run({ answers: request, exports: [] });
  } catch {
    if (ticket === latestTicket) store.update({ computing: false });
    return;  // the engine's failure is on the status line, with a retry
  }
  if (ticket !== latestTicket) return;  // a newer answer is on its way
  // Older answers (a file, a link or saved state from an earlier version) are migrated by the
  // engine; the page keeps and shows what the engine read them as.
  if (response.ok && response.migrated?.length) migrate(response.migrated);
  const first = store.state.plan === null;
  const plan = response.ok ? { view: response.view, for: key, today: request.today } : store.state.plan;
  store.update({ computing: false, response: { ok: response.ok, errors: response.errors || [], for: key }, plan });
  if (response.ok) {
    keepView(key, response.view);
    // The first plan of the visit is said, unless a notice about what the reader just did
    // (a file loaded, a link used) is up: that one stays.
    if (first && !store.state.notice) {
      notify({ key: "ui.plan_ready_notice", kind: "info", actions: [{ href: "#fdm-plan-heading", label: "ui.jump_to_plan" }] });
    }
    /** @type {any} */ (window).fdmKeepOffline?.();  // boot.js: the next visit works offline
  }
}

/** @param {{field: string, value: unknown}[]} changes */
function migrate(changes) {
  const apply = (/** @type {Answers} */ answers) => {
    for (const change of changes) putAnswer(answers, change.field, change.value);
  };
  const preview = store.state.preview;
  if (preview) {
    const answers = structuredClone(preview.answers);
    apply(answers);
    store.update({ preview: { answers } });
  } else {
    saveChange((saved) => {
      saved.answers ??= {};
      apply(saved.answers);
    });
  }
  form.fill(currentAnswers());
  schedulePlan();
}

// The last plan, kept beside the answers it was worked out from, shows at once on the next
// visit while Python starts; only for the same answers (date included) and the same build.
// Written when the page is idle (the view is tens of kilobytes of JSON) or when it is left.
/** @type {{answers: any, view: any} | null} */
let pendingView = null;

/** @param {string} key @param {any} view */
function keepView(key, view) {
  const scheduled = pendingView !== null;
  pendingView = { answers: JSON.parse(key), view };
  if (scheduled) return;
  if ("requestIdleCallback" in window) requestIdleCallback(flushView, { timeout: 1000 });
  else setTimeout(flushView, 200);
}

function flushView() {
  if (pendingView && !store.state.readOnly) {
    storage.writeView({ lang: data.lang, build, answers: pendingView.answers, view: pendingView.view });
  }
  pendingView = null;
}

window.addEventListener("pagehide", flushView);

function keptPlan() {
  const kept = storage.readView();
  const request = requestFor(currentAnswers());
  if (kept && kept.lang === data.lang && kept.build === build && kept.view && sameJSON(kept.answers, request)) {
    return { view: kept.view, for: JSON.stringify(request), today: request.today };
  }
  return null;
}

const renderer = createRenderer({
  t,
  guideURL,
  isTicked: (id) => store.state.saved.ticked[id] === true,
  async copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
});

// ---------- views: each renders one part of the page from the state ----------

/** What the state says about errors and progress (pure functions of logic.mjs). @param {PageState} state */
function derive(state) {
  const answers = currentAnswers(state);
  const progressed = progress(form.fields, answers);
  const engineErrors = (state.response?.errors || []).map((error) => (PAGE_WORDING[error.key]
    ? { ...error, message: t(PAGE_WORDING[error.key]) } : error));
  const problems = Object.values(state.problems).flat()
    .map((problem) => ({ ...problem, message: t(problem.key) }));
  const errors = mergeErrors({
    problems, engine: engineErrors, missing: progressed.missing, names: form.names,
    requiredMessage: t("ui.required_missing"),
  });
  const visible = visibleErrors(errors, state);
  const corrections = visible.filter((error) => !(error.key === "error.required"
    && progressed.missing.includes(error.field)));
  const request = JSON.stringify(requestFor(answers));
  return { answers, progressed, errors, visible, corrections, request };
}

/** @param {PageState} state @param {ReturnType<typeof derive>} derived */
function renderStatus(state, derived) {
  const status = statusOf({
    engine: state.engine.phase, shown: derived.corrections.length,
    hidden: derived.errors.length - derived.visible.length, missing: derived.progressed.missing.length,
    ok: Boolean(state.response?.ok),
  });
  let text;
  if (status.key === "status.failed") {
    const { reason, detail } = state.engine;
    text = reason === "timeout" ? t("status.no_answer") : t("status.failed", {
      reason: reason === "unsupported" ? t("status.unsupported")
        : reason === "fetch" ? t("status.fetch_failed", { detail }) : detail,
    });
  } else {
    text = t(status.key, {
      count: derived.corrections.length,
      list: derived.progressed.missing.map(form.label).join(t("punctuation.list")),
    });
  }
  const line = $("fdm-status");
  const received = status.key === "status.loading" && state.engine.received
    ? t("status.received", { received: megabytes.format(state.engine.received / 1e6) }) : "";
  const retry = status.state === "failed" || status.key === "status.stalled";
  const signature = JSON.stringify([status.state, text, retry]);
  if (line.dataset.signature !== signature) {
    line.dataset.signature = signature;
    line.dataset.state = status.state;
    line.replaceChildren(el("span", { className: "fdm-status-text", text }));
    // The bytes received change many times a second: shown, not announced.
    line.append(el("span", { className: "fdm-received", attrs: { "aria-hidden": "true" } }));
    if (retry) line.append(" ", el("button", { className: "md-button", text: t("status.retry"), attrs: { type: "button", "data-action": "retry" } }));
  }
  const bytes = /** @type {HTMLElement} */ (line.querySelector(".fdm-received"));
  if (bytes.textContent !== received) bytes.textContent = received ? ` ${received}` : "";
}

let shownNotice = /** @type {Notice | null} */ (null);

/** @param {PageState} state */
function renderNotice(state) {
  if (state.notice === shownNotice) return;
  shownNotice = state.notice;
  const polite = $("fdm-notice");
  const alert = $("fdm-alert");
  const notice = state.notice;
  if (!notice) {
    polite.replaceChildren();
    alert.replaceChildren();
    return;
  }
  const box = el("div", {
    className: `admonition ${notice.kind === "info" ? "note" : "warning"} fdm-notice`,
    attrs: { "data-notice": notice.key },
  }, [el("p", { text: t(notice.key, notice.params) })]);
  for (const action of notice.actions || []) {
    box.append("href" in action
      ? el("a", { text: t(action.label), attrs: { href: action.href } })
      : el("button", { className: "md-button", text: t(action.label), attrs: { type: "button", "data-action": action.action } }));
  }
  // One notice at a time: the new one replaces the last, in the alert region for problems.
  (notice.kind === "error" ? polite : alert).replaceChildren();
  (notice.kind === "error" ? alert : polite).replaceChildren(box);
}

/** @param {PageState} state @param {ReturnType<typeof derive>} derived */
function renderForm(state, derived) {
  form.updateVisibility(derived.answers, defaults);
  const { answered, total } = derived.progressed;
  setText($("fdm-progress"), t("ui.progress", { answered, total }));
  const listed = form.showErrors(derived.visible);
  firstProblem = listed.find((error) => error.target)?.target || null;
  // The list at the top of the form is for when the reader asks for the plan: a question
  // left with a problem says so at the question, and nothing above it moves.
  const box = $("fdm-errors");
  box.hidden = listed.length === 0 || !state.submitted;
  const signature = JSON.stringify(listed.map((error) => [error.field, error.message, error.label]));
  if (box.dataset.signature !== signature) {
    box.dataset.signature = signature;
    $("fdm-error-list").replaceChildren(...listed.map((error) => {
      if (!error.label) return el("li", { text: error.message });
      const target = error.target;
      const link = el("a", {
        text: t("punctuation.label", { label: error.label, text: error.message }),
        attrs: { href: `#${target?.id || ""}` },
      });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        target?.scrollIntoView({ block: "center" });
        target?.focus();
      });
      return el("li", {}, [link]);
    }));
  }
  $("fdm-preview").hidden = !state.preview;
}

/** @type {HTMLElement | null} */
let firstProblem = null;

// "See what needs correcting", under an out-of-date plan: the list, or the first question.
$("fdm-stale-link").addEventListener("click", (event) => {
  event.preventDefault();
  const target = $("fdm-errors").hidden ? firstProblem : $("fdm-errors");
  target?.scrollIntoView({ block: "center" });
  target?.focus();
});

/** @param {HTMLElement} node @param {string} text */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

let shownView = "";

/** @param {PageState} state @param {ReturnType<typeof derive>} derived */
function renderPlan(state, derived) {
  const plan = state.plan;
  planSection.hidden = !plan;
  const idle = state.engine.phase !== "loading" && state.engine.phase !== "stalled"
    && !state.computing && !state.scheduled;
  root.dataset.idle = String(idle);
  planSection.setAttribute("aria-busy", String(!idle));
  if (!plan) {
    shownView = "";
    return;
  }
  const json = JSON.stringify(plan.view);
  if (json !== shownView) {
    // The same plan again keeps the page as it is (an open letter stays open); a new one
    // keeps the focus where the reader was in it.
    const focused = document.activeElement && planSection.contains(document.activeElement)
      ? document.activeElement.id : "";
    renderer.render(plan.view);
    shownView = json;
    if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
  }
  const counts = phaseCounts(plan.view, state.saved.ticked);
  for (const count of /** @type {NodeListOf<HTMLElement>} */ (planSection.querySelectorAll(".fdm-phase[data-phase] .fdm-phase-count"))) {
    const phase = /** @type {HTMLElement} */ (count.closest("[data-phase]")).dataset.phase || "";
    if (counts[phase]) setText(count, t("ui.phase_progress", counts[phase]));
  }
  renderPlanDate(plan, derived.answers);
  // Out of date: a problem the reader sees (what they typed is not in this plan), or answers
  // that changed with no newer plan coming (Python not ready, an answer still missing).
  // Unfinished typing does not count.
  const outOfDate = derived.corrections.length > 0 || (plan.for !== derived.request
    && (state.engine.phase !== "ready" || derived.progressed.missing.length > 0));
  planSection.dataset.stale = String(outOfDate);
  $("fdm-stale").hidden = !outOfDate;
  $("fdm-stale-link").hidden = derived.visible.length === 0;
}

/** @param {{today: string}} plan @param {Answers} answers */
function renderPlanDate(plan, answers) {
  const line = $("fdm-plan-date");
  const simulated = isAnswered(getPath(answers, "today"));
  const signature = JSON.stringify([plan.today, simulated]);
  if (line.dataset.signature === signature) return;
  line.dataset.signature = signature;
  const date = formatDate(plan.today, data.strings);
  line.dataset.simulated = String(simulated);
  line.replaceChildren(el("span", { text: t(simulated ? "ui.simulated" : "ui.dated_today", { date }) }));
  if (simulated) {
    line.append(" ", el("button", { className: "md-button", text: t("ui.use_today"),
      attrs: { type: "button", "data-action": "use-today" } }));
  }
}

/** @param {PageState} state */
function renderTicks(state) {
  const ticked = state.saved.ticked;
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll("input[data-item]"))) {
    const on = ticked[/** @type {string} */ (box.dataset.item)] === true;
    if (box.checked !== on) box.checked = on;
  }
  const boxes = document.querySelectorAll("#fdm-checklist [data-item]");
  const done = [...boxes].filter((box) => /** @type {HTMLInputElement} */ (box).checked).length;
  setText($("fdm-checklist-progress"), t("checklist.progress", { done, total: boxes.length }));
}

/** @param {PageState} state */
function renderKeep(state) {
  const previous = $("fdm-previous");
  // The way back is shown once: in the notice that just replaced the answers, or here.
  const inNotice = (state.notice?.actions || []).some((action) => "action" in action && action.action === RESTORE.action);
  previous.hidden = state.previous.length === 0 || Boolean(state.preview) || inNotice;
  const newest = state.previous[0];
  if (newest) {
    setText($("fdm-previous-text"), t("storage.previous_kept",
      { date: newest.saved ? formatDate(newest.saved.slice(0, 10), data.strings) : "" }));
  }
  const clear = $("fdm-clear");
  clear.hidden = !state.confirmClear;
  const count = Object.keys(state.saved.ticked).length;
  setText($("fdm-clear-ticks-label"), t("ui.reset_ticks", { count }));
  /** @type {HTMLElement} */ (document.querySelector("[data-action='reset']"))
    .setAttribute("aria-expanded", String(state.confirmClear));
}

// The phone's "see my plan" control: it says where it leads (the plan, or back to the answers
// when the plan is in view).
const jump = /** @type {HTMLAnchorElement} */ ($("fdm-jump"));
let planInView = false;
let seenPlan = "";
/** @type {HTMLElement | null} */
let returnTo = null;

/** @param {PageState} state */
function renderJump(state) {
  jump.hidden = !state.plan;
  if (state.plan && planInView) seenPlan = shownView;
  if (planInView) {
    setText(jump, t("ui.jump_to_answers"));
    jump.setAttribute("href", `#${returnTo?.id || "fdm-form"}`);
  } else {
    setText(jump, t(!seenPlan || seenPlan === shownView ? "ui.jump_to_plan" : "ui.jump_to_plan_updated"));
    jump.setAttribute("href", "#fdm-plan-heading");
  }
}

/** @param {PageState} state */
function render(state) {
  const derived = derive(state);
  renderForm(state, derived);
  renderPlan(state, derived);
  renderStatus(state, derived);
  renderNotice(state);
  renderTicks(state);
  renderKeep(state);
  renderJump(state);
}

store.subscribe(render);

jump.addEventListener("click", (event) => {
  event.preventDefault();
  if (planInView) {
    const back = returnTo || /** @type {HTMLElement} */ (formElement.querySelector("input"));
    back.focus({ preventScroll: true });
    back.scrollIntoView({ block: "center" });
  } else {
    showPlan();
  }
});

function showPlan() {
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  if (active?.closest?.("#fdm-form")) returnTo = active;
  $("fdm-plan-heading").scrollIntoView({ block: "start" });
  $("fdm-plan-heading").focus({ preventScroll: true });
}

// The plan is "in view" when it reaches the upper half of the screen (not when its first line
// peeks in under the last question).
new IntersectionObserver((entries) => {
  planInView = entries.some((entry) => entry.isIntersecting);
  render(store.state);
}, { rootMargin: "0px 0px -50% 0px" }).observe(planSection);

formElement.addEventListener("focusin", (event) => {
  if (/** @type {HTMLElement} */ (event.target).matches("input")) returnTo = /** @type {HTMLElement} */ (event.target);
});

// ---------- shared answers, files ----------

function dropShareFragment() {
  if (location.hash.startsWith("#answers=")) history.replaceState(null, "", location.pathname + location.search);
}

/** A share link in the address: its answers are shown, the reader's own are left as they
 * are until the reader chooses (or changes one of the link's answers). The address keeps the
 * link meanwhile, so a reload shows the same. @param {string} fragment */
async function openShared(fragment) {
  const result = await decodeShare(fragment);
  if (result === null) return;
  /** @param {string} key @param {Record<string, unknown>} [params] */
  const refuse = (key, params = {}) => {
    dropShareFragment();
    notify({ key: `share.${key}`, params, kind: "error" });
  };
  if (result.error) return refuse(result.error);
  const answers = /** @type {Answers} */ (result.answers);
  const problem = checkAnswers(answers, { version: VERSION, maxInvoices: MAX_INVOICES });
  if (problem) return refuse(problem.key, problem.params);
  if (!hasUsableAnswers(answers, form.names)) return refuse("empty");
  store.update({ preview: { answers }, left: answeredNames(answers), problems: {}, submitted: false, typing: null });
  form.fill(answers);
  schedulePlan();
  $("fdm-preview").focus();
}

function keepMine() {
  dropShareFragment();
  store.update({ preview: null, left: answeredNames(store.state.saved.answers), problems: {} });
  form.fill(currentAnswers());
  schedulePlan();
}

/** @param {HTMLInputElement} input */
async function loadFile(input) {
  const file = input.files?.[0];
  input.value = "";
  if (!file) return;
  let answers;
  try {
    answers = await readAnswersFile(file);
  } catch {
    notify({ key: "file.invalid", kind: "error" });
    return;
  }
  const problem = checkAnswers(answers, { version: VERSION, maxInvoices: MAX_INVOICES });
  if (problem) {
    notify({ key: `file.${problem.key}`, params: problem.params, kind: "error" });
    return;
  }
  if (replaceAnswers(answers, "file")) {
    notify({ key: "file.loaded", kind: "info", actions: store.state.previous.length ? [RESTORE] : [] });
  }
}

/** @param {HTMLElement | null} trigger */
async function share(trigger) {
  const feedback = $("fdm-share-feedback");
  const link = await shareLink(currentAnswers(), {
    withNames: /** @type {HTMLInputElement} */ ($("fdm-share-names")).checked, personal, personalInvoice,
  });
  const box = /** @type {HTMLElement} */ ($("fdm-share-url").closest(".fdm-share"));
  if (!link) {
    box.hidden = true;
    feedback.replaceChildren(el("span", { text: t("share.too_long", { max: MAX_FRAGMENT_LENGTH }) }), " ",
      el("button", { className: "md-button", text: t("ui.save_file"), attrs: { type: "button", "data-action": "save-file-instead" } }));
    return;
  }
  const field = /** @type {HTMLInputElement} */ ($("fdm-share-url"));
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

/**
 * One export of the current answers, written by the engine: its text (base64 for a binary
 * file), or null when it could not be made (said on the status line). A plan kept from the
 * last visit shows before Python is ready: its files wait for it, and the reader is told.
 * @param {string} format @param {Record<string, unknown>} [options] @returns {Promise<string | null>}
 */
async function engineExport(format, options = {}) {
  if (engine.state.phase !== "ready") {
    notify({ key: "files.needs_python", kind: "info" });
    return null;
  }
  try {
    const response = await engine.run({ answers: requestFor(currentAnswers()), exports: [format],
      base_url: guideURL.href, ...options });
    return (response.exports && response.exports[format]) || null;
  } catch {
    return null;
  }
}

/** @param {"md" | "ics"} format */
async function exportAs(format) {
  const text = await engineExport(format);
  if (!text) return;
  if (format === "md") download(t("files.plan_md"), text, "text/markdown;charset=utf-8");
  else download(t("files.plan_ics"), text, "text/calendar;charset=utf-8");
}

/**
 * One postal letter as an OpenDocument file the reader edits and prints with its layout,
 * handed over by the engine in base64.
 * @param {string} id
 */
async function downloadLetter(id) {
  const plan = store.state.plan;
  /** @type {{id: string, document?: {filename: string, media_type: string} | null}[]} */
  const letters = (plan && plan.view.messages) || [];
  const letter = letters.find((message) => message.id === id);
  if (!letter || !letter.document) return;
  const data = await engineExport("odt", { letter: id });
  if (!data) return;
  const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
  download(letter.document.filename, bytes, letter.document.media_type);
}

/**
 * Print one letter alone, laid out for an A4 sheet (the stylesheet's print rules for
 * body.fdm-printing-letter); the page is back as it was after printing.
 * @param {string} id
 */
function printLetter(id) {
  const target = planSection.querySelector(`.fdm-message[data-template="${CSS.escape(id)}"]`);
  if (!target) return;
  target.classList.add("fdm-print-target");
  document.body.classList.add("fdm-printing-letter");
  window.print();
}

window.addEventListener("afterprint", () => {
  document.body.classList.remove("fdm-printing-letter");
  for (const letter of planSection.querySelectorAll(".fdm-print-target")) letter.classList.remove("fdm-print-target");
});

/** Clear everything the planner keeps in this browser (the ticks too, if the reader says so). */
function clearEverything() {
  const clearTicks = /** @type {HTMLInputElement} */ ($("fdm-clear-ticks")).checked;
  pendingView = null;
  const saved = storage.clearAll({ keepTicks: !clearTicks, ticked: store.state.saved.ticked });
  dropShareFragment();
  store.update({
    saved, readOnly: false, preview: null, previous: [], response: null, plan: null, problems: {},
    left: new Set(), submitted: false, typing: null, confirmClear: false,
  });
  form.fill({});
  notify({ key: clearTicks || !Object.keys(saved.ticked).length ? "storage.cleared" : "storage.cleared_kept_ticks", kind: "info" });
  /** @type {HTMLElement} */ (document.querySelector("[data-action='reset']")).focus();
  schedulePlan();
}

// ---------- events ----------

formElement.addEventListener("input", (event) => onFieldChange(event));
formElement.addEventListener("change", (event) => onFieldChange(event));
// A date the browser cannot read (30 February, half typed) keeps the value "" and fires no
// input event: read date fields again as keys are typed.
formElement.addEventListener("keyup", (event) => {
  if (/** @type {HTMLInputElement} */ (event.target).type === "date") onFieldChange(event);
});
formElement.addEventListener("focusout", onLeave);
// Asking for the plan (the button, or Enter in a field): every message shows, and the reader
// is taken to the first problem, or to the plan.
formElement.addEventListener("submit", (event) => {
  event.preventDefault();
  store.update({ submitted: true, typing: null });
  if (!$("fdm-errors").hidden) $("fdm-errors").focus();
  else if (store.state.plan) showPlan();
});
formElement.querySelector(".fdm-add-invoice")?.addEventListener("click", () => {
  const row = form.addInvoiceRow();
  /** @type {HTMLElement} */ (row.querySelector("input")).focus();
  onFieldChange({ target: row });
});
formElement.addEventListener("click", (event) => {
  const remove = /** @type {HTMLElement} */ (event.target).closest(".fdm-remove-invoice");
  if (!remove) return;
  const list = /** @type {HTMLElement} */ (remove.closest(".fdm-invoice-rows"));
  /** @type {HTMLElement} */ (remove.closest(".fdm-invoice")).remove();
  form.numberInvoiceRows();
  /** @type {HTMLElement} */ (formElement.querySelector(".fdm-add-invoice")).focus();
  onFieldChange({ target: list });
});

// Ticks: the checklist's and the plan's boxes, shared with the guide's pages.
document.addEventListener("change", (event) => {
  const box = /** @type {HTMLInputElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("[data-item]"));
  if (!box) return;
  const id = /** @type {string} */ (box.dataset.item);
  const on = box.checked;
  saveChange((saved) => {
    if (on) saved.ticked[id] = true;
    else delete saved.ticked[id];
  });
});

/** @type {Record<string, (trigger: HTMLElement) => void>} */
const ACTIONS = {
  "download-md": () => exportAs("md"),
  "download-ics": () => exportAs("ics"),
  print: () => window.print(),
  "download-letter": (trigger) => downloadLetter(trigger.dataset.letter || ""),
  "print-letter": (trigger) => printLetter(trigger.dataset.letter || ""),
  "save-file": saveFile,
  "save-file-instead": saveFile,
  share: (trigger) => share(trigger),
  "keep-mine": keepMine,
  "use-shared": () => {
    const preview = store.state.preview;
    if (preview && replaceAnswers(preview.answers, "link")) {
      notify({ key: "share.used", kind: "info", actions: store.state.previous.length ? [RESTORE] : [] });
    }
  },
  "restore-previous": restorePrevious,
  "forget-previous": forgetPrevious,
  "download-unreadable": () => download(t("files.unreadable"), unreadableRaw, "text/plain"),
  retry: () => engine.start(),
  "use-today": () => {
    const element = /** @type {HTMLElement} */ (form.byName.get("today"));
    setAnswer("today", null, element);
    form.fillField(element, null);
    schedulePlan();
  },
  reset: () => {
    store.update({ confirmClear: !store.state.confirmClear });
    if (store.state.confirmClear) $("fdm-clear").focus();
  },
  "reset-confirm": clearEverything,
  "reset-cancel": () => {
    store.update({ confirmClear: false });
    /** @type {HTMLElement} */ (document.querySelector("[data-action='reset']")).focus();
  },
};

document.addEventListener("click", (event) => {
  const trigger = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("[data-action]"));
  const action = trigger && ACTIONS[trigger.dataset.action || ""];
  if (action) action(/** @type {HTMLElement} */ (trigger));
});
$("fdm-load-file").addEventListener("change", (event) => loadFile(/** @type {HTMLInputElement} */ (event.target)));

// On paper the letters are shown in full, and the steps of every phase.
window.addEventListener("beforeprint", () => {
  for (const details of planSection.querySelectorAll(".fdm-message, .fdm-phase")) {
    /** @type {HTMLDetailsElement} */ (details).open = true;
  }
});

// Another tab saved: take its answers and ticks. The question being edited here keeps what
// is typed (a list is merged item by item); the focus stays; the change is said once.
window.addEventListener("storage", (event) => {
  if (event.storageArea !== localStorage) return;
  if (event.key === storage.PREVIOUS_KEY) {
    store.update({ previous: storage.readPrevious() });
    return;
  }
  if (event.key !== storage.STORAGE_KEY && event.key !== null) return;
  const loaded = storage.parseSaved(event.key === null ? null : event.newValue);
  if (loaded.event === "newer") {
    store.update({ readOnly: true });
    notify({ key: "storage.newer", kind: "warning" });
    return;
  }
  if (loaded.event === "corrupt" || loaded.event === "repaired") return;  // the next load keeps and reports it
  takeOtherTab(loaded.state, event.key === null);
});

/** @param {SavedState} next @param {boolean} cleared */
function takeOtherTab(next, cleared) {
  const state = store.state;
  const answersChanged = !sameJSON(next.answers, state.saved.answers);
  if (cleared) store.update({ previous: storage.readPrevious() });
  if (!answersChanged) {
    store.update({ saved: next });
    return;
  }
  let saved = next;
  if (!state.preview) {
    const editing = /** @type {HTMLElement | null} */ (document.activeElement?.closest?.("[data-answer]") ?? null);
    form.fill(next.answers || {}, { except: editing });
    const name = editing?.dataset.answer;
    if (editing && name) {
      const mine = form.read(editing);
      const theirs = getPath(next.answers, name);
      if (Array.isArray(mine) && Array.isArray(theirs)) {
        const base = getPath(state.saved.answers, name);
        const merged = mergeList(Array.isArray(base) ? base : [], mine, theirs);
        if (!sameJSON(merged.value, theirs)) {
          try {
            saved = storage.saveAnswer(next, name, merged.value).state;
          } catch (error) {
            unsaved(error);
          }
        }
        if (!sameJSON(merged.value, mine)) form.refillKeepingFocus(editing, merged.value);
      }
      // A single answer being typed keeps what is typed: it is saved as the reader goes on
      // or leaves the question (onLeave).
    }
  }
  store.update({ saved, left: new Set([...state.left, ...answeredNames(next.answers)]) });
  notify({ key: "storage.other_tab", kind: "info" });
  schedulePlan();
}

// A share link pasted into this tab.
window.addEventListener("hashchange", () => openShared(location.hash.slice(1)));

// Back from the guide: the page may come from the back/forward cache without its worker.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  const loaded = storage.loadState();
  if (loaded.event !== "corrupt" && loaded.event !== "newer") takeOtherTab(loaded.state, false);
  if (!engine.alive) engine.start();
  else schedulePlan();
});

// ---------- start ----------

$("fdm-status").hidden = false;  // hidden in the HTML so that readers without JavaScript see <noscript>
const loaded = storage.loadState();
unreadableRaw = loaded.raw || "";
store.update({
  saved: loaded.state,
  readOnly: loaded.event === "newer",
  previous: storage.readPrevious(),
  left: answeredNames(loaded.state.answers),
});
if (loaded.event === "corrupt" || loaded.event === "repaired") {
  notify({ key: `storage.${loaded.event}`, kind: "warning",
    actions: [{ action: "download-unreadable", label: "storage.download_corrupt" }] });
  try {
    storage.writeState(loaded.state);
  } catch { /* said at the next change */ }
} else if (loaded.event === "migrated") {
  notify({ key: "storage.migrated", kind: "info" });
  try {
    storage.writeState(loaded.state);
  } catch { /* said at the next change */ }
} else if (loaded.event === "newer") {
  notify({ key: "storage.newer", kind: "warning" });
} else if (loaded.event === "save_failed") {
  notify({ key: "storage.save_failed", kind: "warning", actions: [SAVE_FILE] });
}
form.fill(currentAnswers());
store.update({ plan: keptPlan() });
engine.start();
if (location.hash.startsWith("#answers=")) openShared(location.hash.slice(1));
