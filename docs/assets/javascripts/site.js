// Small progressive enhancements on every page; the pages work without them.
// - The guide's task boxes become tickable. Ticks are the planner's saved ticks (same
//   localStorage entry, same item ids in both languages), written field by field so that the
//   planner and other tabs never lose one. Unreadable saved data is left alone for the planner
//   to keep and report.
// - The language switcher keeps the section (#anchor) the reader is on.
// - Material's search dialog gets an accessible name; the empty corner cell of a comparison
//   table is a plain cell, not a header without a name.
(() => {
  const KEY = "fin-de-mission";
  const NEWEST = 3;  // the planner's state version (docs/assets/planner/logic.mjs)

  function read() {
    let raw;
    try {
      raw = localStorage.getItem(KEY);
    } catch {
      return null;
    }
    if (raw === null) return { version: NEWEST, answers: null, ticked: {} };
    try {
      const state = JSON.parse(raw);
      if (state && typeof state === "object" && !Array.isArray(state)
          && Number.isInteger(state.version) && state.version <= NEWEST) return state;
    } catch { /* fall through */ }
    return null;
  }

  function ticked(state) {
    if (state.version === 1) return Object.fromEntries((state.checked || []).map((id) => [id, true]));
    return state.ticked && typeof state.ticked === "object" ? state.ticked : {};
  }

  const boxes = [...document.querySelectorAll(".md-content .task-list-item input[data-item]")]
    .filter((box) => box.dataset.item);

  function sync() {
    const state = read();
    if (!state) return false;
    const ticks = ticked(state);
    for (const box of boxes) box.checked = ticks[box.dataset.item] === true;
    return true;
  }

  if (boxes.length && sync()) {
    for (const box of boxes) {
      box.disabled = false;
      box.removeAttribute("aria-hidden");
      box.setAttribute("aria-label", box.closest("li").textContent.trim());
      box.addEventListener("change", () => {
        const state = read();
        if (!state) return;
        const id = box.dataset.item;
        if (state.version === 1) {
          const ids = new Set(state.checked || []);
          if (box.checked) ids.add(id);
          else ids.delete(id);
          state.checked = [...ids];
        } else {
          state.ticked = ticked(state);
          if (box.checked) state.ticked[id] = true;
          else delete state.ticked[id];
        }
        try {
          localStorage.setItem(KEY, JSON.stringify(state));
        } catch { /* storage full or off: the box stays as ticked for this visit */ }
      });
    }
    window.addEventListener("storage", (event) => {
      if (event.key === KEY || event.key === null) sync();
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) sync();
    });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[hreflang]");
    if (!link || !location.hash || location.hash.startsWith("#answers=")) return;
    const target = new URL(link.href, location.href);
    if (!target.hash) {
      target.hash = location.hash;
      link.href = target.href;
    }
  }, true);

  for (const corner of document.querySelectorAll(".md-typeset thead th:empty")) {
    corner.replaceWith(document.createElement("td"));
  }

  const search = document.querySelector(".md-search[role='dialog']");
  const input = document.querySelector(".md-search__input");
  if (search && !search.hasAttribute("aria-label") && input) {
    search.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder || "Search");
  }
})();
