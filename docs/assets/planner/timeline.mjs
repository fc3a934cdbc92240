// @ts-check
// The plan at a glance (issue 16): the engine's timeline (marks) and timeline_bands (periods)
// drawn as SVG. Nothing is decided here: which dates, their order, their labels and the bands
// all come from the view; this module only places them. Every string goes in with
// textContent, never as markup. Two drawings are made: a horizontal one (time runs left to
// right, one row per mark) and a vertical one for narrow screens (one row per mark, time runs
// down); the stylesheet shows one or the other. Each mark is a link to its entry in the list
// of key dates below, which stays the text alternative.

/** @typedef {import("./render.mjs").TimelineEntry} TimelineEntry */
/** @typedef {import("./render.mjs").Band} Band */
/** @typedef {{timeline: TimelineEntry[], timeline_bands: Band[]}} Dates */
/** @typedef {(key: string, params?: Record<string, unknown>) => string} Translate */

const SVG = "http://www.w3.org/2000/svg";
const FONT = 12;            // px, the labels' size (matches .fdm-chart text in site.css)
const CHAR = FONT * 0.56;   // an average character's width, to wrap labels without measuring
const LINE = FONT * 1.3;
const DAY = 86400000;

export const markId = (/** @type {string} */ item) => `fdm-when-${item}`;

/** @param {string} tag @param {Record<string, string | number>} [attrs] @param {string} [text] @returns {SVGElement} */
function node(tag, attrs = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const time = (/** @type {string} */ iso) => Date.parse(`${iso}T00:00:00Z`);

// Words into lines of at most `width` characters (a word longer than that stays whole).
/** @param {string} text @param {number} width */
function wrap(text, width) {
  const lines = [];
  // Only ordinary spaces break a line: "4 200,00 €" keeps its no-break spaces together.
  for (const word of String(text).split(/[ \t\n]+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [""];
}

/** @param {number} x @param {number} y @param {string[]} lines @param {string} [anchor] @param {string} [className] */
function text(x, y, lines, anchor = "start", className = "fdm-chart-label") {
  const element = node("text", { x, y, "text-anchor": anchor, class: className });
  lines.forEach((line, index) => {
    element.append(node("tspan", { x, dy: index ? LINE : 0 }, index < lines.length - 1 ? `${line} ` : line));
  });
  return element;
}

/** @param {TimelineEntry} entry @param {Translate} t */
function markText(entry, t) {
  return t("punctuation.mark", { date: entry.date_text, label: entry.label });
}

// A band's label and dates ("… : le 3 janvier" for a single day).
/** @param {Band} band @param {Translate} t */
function bandText(band, t) {
  return t(band.start === band.end ? "punctuation.band_day" : "punctuation.band",
    { label: band.label, start: band.start_text, end: band.end_text });
}

/** @param {TimelineEntry} entry */
function markClass(entry) {
  const kind = entry.kind;
  return ["fdm-mark", `fdm-mark--${kind}`, entry.deadline ? "fdm-mark--deadline" : ""]
    .filter(Boolean).join(" ");
}

// A focusable mark: a link to the date's entry in the list below.
/** @param {TimelineEntry} entry @param {string} label */
function markLink(entry, label) {
  return node("a", { href: `#${markId(entry.item)}`, class: markClass(entry), "aria-label": label,
    "data-mark": entry.item, "data-kind": entry.kind, "data-date": entry.date });
}

/** @param {TimelineEntry} entry @param {number} x @param {number} y */
function symbol(entry, x, y) {
  if (entry.deadline) {
    const r = 6;
    return node("path", { d: `M${x} ${y - r}L${x + r} ${y}L${x} ${y + r}L${x - r} ${y}Z`, class: "fdm-mark-dot" });
  }
  return node("circle", { cx: x, cy: y, r: entry.kind === "last_day" ? 7 : 5, class: "fdm-mark-dot" });
}

// Time → position along [0, 1]: linear, except that a long stretch with nothing in it (an old
// unpaid invoice years before the notice) is shortened to GAP days, so that it does not
// squeeze the weeks that matter. Returns the map and the shortened stretches.
const GAP = 45 * DAY;
/** @param {Dates} view */
function scale(view) {
  const days = [...new Set([...view.timeline.map((entry) => entry.date),
    ...view.timeline_bands.flatMap((band) => [band.start, band.end])].map(time).filter(Number.isFinite))]
    .sort((a, b) => a - b);
  const at = [0];
  const breaks = [];
  for (let i = 1; i < days.length; i += 1) {
    const gap = days[i] - days[i - 1];
    at.push(at[i - 1] + Math.min(gap, GAP));
    if (gap > GAP) breaks.push(i);
  }
  const total = at[at.length - 1] || 1;
  const position = (/** @type {string} */ iso) => {
    const day = time(iso);
    const i = days.findIndex((known) => known >= day);
    if (days.length < 2) return 0.5;
    if (i < 0) return 1;
    if (i === 0) return 0;
    const fraction = (day - days[i - 1]) / (days[i] - days[i - 1]);
    return (at[i - 1] + fraction * (at[i] - at[i - 1])) / total;
  };
  return { position, day: DAY / total, breaks: breaks.map((i) => (at[i - 1] + at[i]) / 2 / total) };
}

/** @param {Band[]} bands @param {number} width @param {number} y @param {Translate} t @returns {[SVGElement, number]} */
function legend(bands, width, y, t) {
  const group = node("g", { class: "fdm-chart-legend" });
  for (const band of bands) {
    const lines = wrap(bandText(band, t),
      Math.max(12, Math.floor((width - 28) / CHAR)));
    group.append(node("rect", { x: 4, y: y - FONT + 2, width: 16, height: 10, rx: 2,
      class: `fdm-band fdm-band--${band.kind}` }));
    group.append(text(26, y, lines));
    y += lines.length * LINE + 6;
  }
  return [group, y];
}

/** @param {Dates} view @param {number} width @param {Translate} t */
function horizontal(view, width, t) {
  const pad = 10;
  const { position, day, breaks } = scale(view);
  const x = (/** @type {string} */ iso) => pad + position(iso) * (width - 2 * pad);
  const svg = [];
  let y = FONT + 4;
  // The bands, each on its own row: a bar from its start to the end of its last day.
  for (const band of view.timeline_bands) {
    const start = x(band.start);
    const end = Math.min(width - pad, x(band.end) + Math.max(2, (width - 2 * pad) * day));
    const label = bandText(band, t);
    const room = Math.floor((width - pad - start) / CHAR);
    const lines = label.length <= room ? [label] : wrap(label, Math.max(room, Math.floor((width - 2 * pad) / CHAR)));
    const fits = lines.length === 1 && label.length <= room;
    const group = node("g", { class: "fdm-chart-band", "data-band": band.kind, "data-start": band.start,
      "data-end": band.end });
    svg.push(group);
    group.append(text(fits ? start : pad, y, lines));
    y += (lines.length - 1) * LINE + 5;
    group.append(node("rect", { x: start, y, width: Math.max(end - start, 3), height: 9, rx: 2,
      class: `fdm-band fdm-band--${band.kind}` }));
    y += 9 + FONT + 10;
  }
  const top = y - FONT;
  // One row per mark, in the view's order (by date); the label goes on the side with room.
  /** @type {[number, SVGElement, number][]} */
  const rows = [];
  for (const entry of view.timeline) {
    const cx = x(entry.date);
    const label = markText(entry, t);
    const right = Math.floor((width - cx - 14) / CHAR);
    const left = Math.floor((cx - 14) / CHAR);
    let anchor = "start";
    let lx = cx + 12;
    let lines;
    if (label.length <= right) lines = [label];
    else if (label.length <= left) { anchor = "end"; lx = cx - 12; lines = [label]; }
    else if (right >= left) lines = wrap(label, Math.max(right, 10));
    else { anchor = "end"; lx = cx - 12; lines = wrap(label, Math.max(left, 10)); }
    const height = Math.max(18, lines.length * LINE + 4);
    const cy = y - FONT / 2 + 2;
    const link = markLink(entry, label);
    link.append(node("rect", { x: 1, y: y - FONT - 2, width: width - 2, height, rx: 3, class: "fdm-mark-hit" }),
      symbol(entry, cx, cy), text(lx, y, lines, anchor));
    rows.push([cx, link, cy]);
    y += height + 2;
  }
  // Faint guides: where each mark falls on the bands above.
  const guides = node("g", { class: "fdm-chart-guides", "aria-hidden": "true" });
  for (const [cx, , cy] of rows) guides.append(node("line", { x1: cx, x2: cx, y1: top, y2: cy, class: "fdm-chart-guide" }));
  // The time line itself, with a double stroke where a long empty stretch was shortened.
  guides.append(node("line", { x1: pad, x2: width - pad, y1: top, y2: top, class: "fdm-chart-axis" }));
  for (const at of breaks) {
    const bx = pad + at * (width - 2 * pad);
    guides.append(node("path", { d: `M${bx - 4} ${top + 5}L${bx} ${top - 5}M${bx} ${top + 5}L${bx + 4} ${top - 5}`,
      class: "fdm-chart-break" }));
  }
  return { height: y - FONT + 6, children: [guides, ...svg, ...rows.map(([, link]) => link)] };
}

/** @param {Dates} view @param {number} width @param {Translate} t */
function vertical(view, width, t) {
  const axis = 14;
  const [legendGroup, start] = legend(view.timeline_bands, width, FONT + 4, t);
  let y = start + 6;
  const chars = Math.max(12, Math.floor((width - axis - 30) / CHAR));
  /** @type {{entry: TimelineEntry, cy: number, link: SVGElement}[]} */
  const rows = [];
  for (const entry of view.timeline) {
    const label = markText(entry, t);
    const lines = wrap(label, chars);
    const cy = y - FONT / 2 + 2;
    const link = markLink(entry, label);
    const height = lines.length * LINE + 8;
    link.append(node("rect", { x: 1, y: y - FONT - 3, width: width - 2, height, rx: 3, class: "fdm-mark-hit" }),
      symbol(entry, axis, cy), text(axis + 26, y, lines));
    rows.push({ entry, cy, link });
    y += height + 2;
  }
  // Where a date falls on the axis: between the rows around it, in proportion.
  const at = (/** @type {string} */ iso) => {
    const day = time(iso);
    let before = rows[0];
    for (const row of rows) {
      if (time(row.entry.date) <= day) before = row;
    }
    const after = rows.find((row) => time(row.entry.date) >= day) || rows[rows.length - 1];
    const span = time(after.entry.date) - time(before.entry.date);
    return span > 0 ? before.cy + ((day - time(before.entry.date)) / span) * (after.cy - before.cy) : before.cy;
  };
  const bars = node("g", { class: "fdm-chart-bands" });
  view.timeline_bands.forEach((band, index) => {
    const top = at(band.start);
    const bottom = Math.max(at(band.end), top + 4);
    bars.append(node("rect", { x: axis + 8 + index * 5, y: top, width: 4, height: bottom - top, rx: 2,
      class: `fdm-band fdm-band--${band.kind}`, "data-band": band.kind, "data-start": band.start, "data-end": band.end }));
  });
  const line = node("line", { x1: axis, x2: axis, y1: start, y2: y - FONT, class: "fdm-chart-axis" });
  return { height: y - FONT + 6, children: [legendGroup, line, bars, ...rows.map((row) => row.link)] };
}

/** @param {Dates} view @param {number} width @param {"horizontal" | "vertical"} layout @param {Translate} t */
function drawing(view, width, layout, t) {
  const { height, children } = layout === "vertical" ? vertical(view, width, t) : horizontal(view, width, t);
  const svg = node("svg", { viewBox: `0 0 ${width} ${Math.ceil(height)}`, width, height: Math.ceil(height),
    class: `fdm-chart-svg fdm-chart-svg--${layout}`, "data-layout": layout, role: "group",
    "aria-label": t("ui.timeline_chart"), focusable: "false" });
  svg.append(...children);
  return svg;
}

// Draws (or redraws) the timeline of `view` in `container`; `onMark(item)` runs when a mark
// is followed. Returns nothing; an empty timeline leaves the container empty.
/** @param {HTMLElement} container @param {{timeline?: TimelineEntry[], timeline_bands?: Band[]} | null} view
 * @param {Translate} t @param {(item: string) => void} onMark */
export function drawTimeline(container, view, t, onMark) {
  const entries = (view && view.timeline) || [];
  if (!entries.length) {
    container.replaceChildren();
    return;
  }
  const data = { timeline: entries, timeline_bands: (view?.timeline_bands || []) };
  const width = Math.max(280, Math.round(container.clientWidth || 560));
  container.replaceChildren(drawing(data, width, "horizontal", t), drawing(data, width, "vertical", t));
  container.dataset.width = String(width);
  for (const link of /** @type {NodeListOf<SVGAElement>} */ (container.querySelectorAll("a[data-mark]"))) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      onMark(link.dataset.mark || "");
    });
  }
}
