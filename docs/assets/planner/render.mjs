// @ts-check
// Puts the engine's view of the plan into the page. Every sentence comes from the engine or
// the page's strings; user text is only ever inserted with textContent.

import { drawTimeline, markId } from "./timeline.mjs";

// The engine's view of a plan (checklist/view.py), as far as the page reads it.
/** @typedef {{text?: string, basis?: {text?: string}[], uncertainty?: string}} Reason */
/** @typedef {Reason & {subject: string}} SubjectReason */
/** @typedef {{kind: string, date: string, date_text: string, label: string, item: string,
 *   deadline?: boolean}} TimelineEntry */
/** @typedef {{kind: string, start: string, end: string, start_text: string, end_text: string,
 *   label: string}} Band */
/** @typedef {{code: string, severity: string, severity_label: string, title: string,
 *   explanation: string, reasoning?: string, basis?: {text?: string}[], uncertainty?: string}} Risk */
/** @typedef {{lines: {key: string, label: string, text: string}[],
 *   invoices?: {status: string, label: string, amount_text: string, status_text: string}[],
 *   rate: {text: string, reasoning?: string, basis?: {text?: string}[], uncertainty?: string}}} Money */
/** @typedef {{id: string, text: string, due: string, due_text: string, url: string}} Step */
/** @typedef {{phase: string, title: string, steps: Step[]}} Phase */
/** @typedef {{role: string, text: string}} LetterBlock */
/** @typedef {{format: string, media_type: string, filename: string}} LetterDocument */
/** @typedef {{id: string, title: string, body: string, meta_text?: string, kind?: string,
 *   postal?: boolean, blocks?: LetterBlock[], complete?: boolean, to_complete_text?: string,
 *   warnings_text?: string, copy_text?: string, mailto?: string | null,
 *   document?: LetterDocument | null}} Message */
/** @typedef {{summary?: string, route_text?: string, counterparty_text?: string,
 *   timeline?: TimelineEntry[], timeline_bands?: Band[], dates?: SubjectReason[], risks?: Risk[],
 *   money?: Money | null, phases?: Phase[], messages?: Message[], notes?: SubjectReason[]}} View */

/**
 * A new element.
 * @param {string} tag
 * @param {{className?: string, text?: string, attrs?: Record<string, string>}} [options]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** @typedef {(key: string, params?: Record<string, unknown>) => string} Translate */

/**
 * @param {{t: Translate, guideURL: URL, isTicked: (id: string) => boolean,
 *   copy: (text: string) => Promise<boolean>}} options
 */
export function createRenderer({ t, guideURL, isTicked, copy }) {
  // "Why?": the reasoning, its legal basis and what is uncertain, as the engine worded them.
  /** @param {Reason} reason */
  function explanation(reason) {
    const parts = [];
    if (reason.text) parts.push(el("p", { text: reason.text }));
    const basis = (reason.basis || []).map((source) => source.text).filter(Boolean);
    if (basis.length) {
      parts.push(el("p", { className: "fdm-basis",
        text: t("punctuation.label", { label: t("ui.basis"), text: basis.join(t("punctuation.list")) }) }));
    }
    if (reason.uncertainty) {
      parts.push(el("p", { className: "fdm-uncertain",
        text: t("punctuation.label", { label: t("ui.uncertain"), text: reason.uncertainty }) }));
    }
    return parts;
  }

  /** @param {Reason} reason */
  function why(reason) {
    const parts = explanation(reason);
    return parts.length ? el("details", { className: "fdm-why" },
      [el("summary", { text: t("ui.why") }), ...parts]) : "";
  }

  /** @param {TimelineEntry[]} entries @param {Record<string, SubjectReason>} reasons */
  function timeline(entries, reasons) {
    return entries.map((entry) => {
      const reason = reasons[`dates.${entry.kind}`];
      return el("li", { attrs: { "data-key": entry.kind, "data-date": entry.date, id: markId(entry.item),
        tabindex: "-1" } }, [
        el("time", { text: entry.date_text, attrs: { datetime: entry.date } }),
        t("punctuation.dash"),
        el("strong", { text: entry.label }),
        reason ? why(reason) : "",
      ]);
    });
  }

  /** @param {Risk[]} list */
  function risks(list) {
    if (!list.length) return [el("p", { text: t("ui.no_risks") })];
    return list.map((risk) => {
      const kind = risk.severity === "high" ? "danger" : risk.severity === "medium" ? "warning" : "note";
      return el("div", { className: `admonition ${kind} fdm-risk`, attrs: { "data-risk": risk.code } }, [
        el("p", { className: "admonition-title",
          text: t("punctuation.label", { label: risk.severity_label, text: risk.title }) }),
        el("p", { text: risk.explanation }),
        why({ text: risk.reasoning, basis: risk.basis, uncertainty: risk.uncertainty }),
      ]);
    });
  }

  /** @param {Money | null} view */
  function money(view) {
    if (!view) return [];
    const rows = view.lines.map((line) => el("tr", { attrs: { "data-money": line.key } }, [
      el("th", { text: line.label, attrs: { scope: "row" } }),
      el("td", { text: line.text }),
    ]));
    const invoices = (view.invoices || []).map((invoice) => el("li", {
      attrs: { "data-invoice-status": invoice.status },
      text: [invoice.label, invoice.amount_text, invoice.status_text].join(t("punctuation.dash")),
    }));
    return [
      el("table", {}, [el("tbody", {}, rows)]),
      el("ul", { className: "fdm-invoice-detail" }, invoices),
      el("p", { text: view.rate.text }),
      why({ text: view.rate.reasoning, basis: view.rate.basis, uncertainty: view.rate.uncertainty }),
    ];
  }

  // Steps by phase, each phase folded (its summary says how many are done) so that the plan
  // does not add a hundred tab stops.
  /** @param {Phase[]} phases */
  function steps(phases) {
    const shown = phases.filter((phase) => phase.steps.length);
    return shown.map((phase) => {
      const done = phase.steps.filter((step) => isTicked(step.id)).length;
      const details = el("details", { className: "fdm-phase", attrs: { "data-phase": phase.phase } }, [
        el("summary", {}, [
          el("span", { className: "fdm-phase-title", text: phase.title }),
          " ",
          el("span", { className: "fdm-phase-count", text: t("ui.phase_progress", { done, total: phase.steps.length }) }),
        ]),
        el("ul", { className: "fdm-items" }, phase.steps.map((step) => {
          const id = `plan-item-${step.id}`;
          return el("li", { attrs: { "data-step": step.id, "data-due": step.due } }, [
            el("input", { attrs: { type: "checkbox", id, "data-item": step.id } }),
            el("label", { text: step.text, attrs: { for: id } }),
            " ",
            el("span", { className: "fdm-due", text: t("ui.due", { date: step.due_text }) }),
            " ",
            el("a", { className: "fdm-guide-link", text: t("ui.see_guide"),
              attrs: { href: new URL(step.url, guideURL).href } }),
          ]);
        })),
      ]);
      return details;
    });
  }

  // A postal letter is shown laid out as it is posted (sender, recipient's window, place and
  // date, subject…: the engine's blocks, letter_view.py); an email as the text to paste.
  /** @param {Message} message */
  function letterBody(message) {
    const blocks = message.postal ? message.blocks || [] : [];
    const attrs = { tabindex: "0", "aria-label": message.title };
    if (!blocks.length) return el("pre", { className: "fdm-message-body", text: message.body, attrs });
    return el("div", { className: "fdm-message-body fdm-letter", attrs: { ...attrs, role: "document" } },
      blocks.map((block) => el("div", { className: `fdm-letter-block fdm-letter-${block.role}`, text: block.text })));
  }

  // What to do with a letter: copy it; a postal letter is also downloaded (.odt, to edit and
  // print with its layout) or printed alone; an email opens in the reader's mail program.
  /** @param {Message} message */
  function letterActions(message) {
    const feedback = el("span", { className: "fdm-copy-feedback", attrs: { role: "status" } });
    const button = el("button", { className: "md-button", text: t("ui.copy"), attrs: { type: "button" } });
    button.addEventListener("click", async () => {
      feedback.textContent = (await copy(message.body)) ? t("ui.copied") : t("ui.copy_failed");
    });
    /** @type {(Node | string)[]} */
    const actions = [button];
    if (message.document) {
      actions.push(" ", el("button", { className: "md-button", text: t("ui.letter_download"),
        attrs: { type: "button", "data-action": "download-letter", "data-letter": message.id } }));
    }
    if (message.postal) {
      actions.push(" ", el("button", { className: "md-button", text: t("ui.letter_print"),
        attrs: { type: "button", "data-action": "print-letter", "data-letter": message.id } }));
    }
    if (message.mailto) {
      actions.push(" ", el("a", { className: "md-button", text: t("ui.letter_mailto"),
        attrs: { href: message.mailto } }));
    }
    return el("p", { className: "fdm-copy" }, [...actions, " ", feedback]);
  }

  /** @param {Message[]} list */
  function messages(list) {
    return list.map((message) => {
      // Who receives the letter and the day to send it: decided by the engine, shown as is.
      const parts = [el("summary", { text: message.title }),
        el("p", { className: "fdm-message-meta", text: message.meta_text || "" })];
      if (message.copy_text) parts.push(el("p", { className: "fdm-message-cc", text: message.copy_text }));
      // What the reader must fill in before sending, and the plan's risks to read first.
      if (message.to_complete_text) {
        parts.push(el("p", { className: "fdm-message-todo", text: message.to_complete_text }));
      }
      if (message.warnings_text) {
        parts.push(el("p", { className: "fdm-message-warning", text: message.warnings_text }));
      }
      parts.push(letterBody(message), letterActions(message));
      return el("details", { className: "fdm-message", attrs: { "data-template": message.id } }, parts);
    });
  }

  /** @param {SubjectReason[]} list */
  function notes(list) {
    return list.map((note) => el("div", { className: "fdm-note", attrs: { "data-subject": note.subject } },
      explanation(note)));
  }

  // The timeline picture (timeline.mjs), redrawn when its width changes; a mark leads to its
  // date in the list, with its "why" opened.
  /** @type {View | null} */
  let drawn = null;
  /** @param {string} item */
  function followMark(item) {
    const entry = document.getElementById(markId(item));
    if (!entry) return;
    const details = entry.querySelector("details");
    if (details) details.open = true;
    entry.scrollIntoView({ block: "nearest" });
    entry.focus({ preventScroll: true });
  }
  /** @param {View} view */
  function chart(view) {
    const container = document.getElementById("fdm-chart");
    if (!container) return;
    // The same dates at the same width: keep the drawing (and the focus on one of its marks).
    const key = JSON.stringify([view.timeline, view.timeline_bands]);
    const same = drawn && key === JSON.stringify([drawn.timeline, drawn.timeline_bands])
      && Math.abs(Math.round(container.clientWidth) - Number(container.dataset.width || 0)) <= 8;
    drawn = view;
    if (!same) drawTimeline(container, view, t, followMark);
    if (!container.dataset.observed && typeof ResizeObserver === "function") {
      container.dataset.observed = "true";
      new ResizeObserver(() => {
        const width = Math.round(container.clientWidth);
        if (drawn && width && Math.abs(width - Number(container.dataset.width || 0)) > 8) {
          drawTimeline(container, drawn, t, followMark);
        }
      }).observe(container);
    }
  }

  /** The whole plan, from the engine's view. @param {View} view */
  function render(view) {
    const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    byId("fdm-summary").textContent = view.summary || "";
    // How this exit happens and who acts: the engine's route and counterparty, in words.
    byId("fdm-summary").append(...[view.route_text, view.counterparty_text].filter(Boolean)
      .map((text) => el("span", { className: "fdm-route", text })));
    const reasons = Object.fromEntries((view.dates || []).map((entry) => [entry.subject, entry]));
    byId("fdm-timeline").replaceChildren(...timeline(view.timeline || [], reasons));
    chart(view);
    byId("fdm-risks").replaceChildren(...risks(view.risks || []));
    byId("fdm-money").replaceChildren(...money(view.money || null));
    byId("fdm-money-heading").hidden = !view.money;
    // Keep the phases the reader opened or closed as they were.
    /** @param {ParentNode} root */
    const phases = (root) => /** @type {HTMLDetailsElement[]} */ ([...root.querySelectorAll("details[data-phase]")]);
    const open = new Map(phases(byId("fdm-steps")).map((details) => [details.dataset.phase, details.open]));
    byId("fdm-steps").replaceChildren(...steps(view.phases || []));
    if (open.size) {
      for (const details of phases(byId("fdm-steps"))) {
        if (open.has(details.dataset.phase)) details.open = Boolean(open.get(details.dataset.phase));
      }
    }
    byId("fdm-messages").replaceChildren(...messages(view.messages || []));
    byId("fdm-notes").replaceChildren(...notes(view.notes || []));
  }

  return { render };
}
