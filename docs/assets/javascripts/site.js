// @ts-check
// Small progressive enhancements on every page; the pages work without them.
// - The guide's task boxes become tickable: a box and its sentence both tick it. Ticks are the
//   planner's saved ticks, read and written through the planner's own storage module (same
//   localStorage entry, same versions and migrations, same item ids in both languages), so
//   that the planner and other tabs never lose one. Data the planner cannot read, or that a
//   newer build of the site wrote, is left alone (the boxes stay as they are).
// - The language switcher keeps the section (#anchor) the reader is on.
// - The page-not-found page speaks the language of the address it is shown at.
// - Material's search dialog gets an accessible name; the empty corner cell of a comparison
//   table is a plain cell, not a header without a name.
(() => {
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  const boxes = /** @type {HTMLInputElement[]} */ ([...document.querySelectorAll(
    ".md-content .task-list-item input[data-item]")]).filter((box) => box.dataset.item);

  // Each box gets its sentence as its label: a click on the sentence ticks it, and the box is
  // named by it.
  for (const box of boxes) {
    const item = /** @type {HTMLElement} */ (box.closest("li"));
    box.id ||= `task-${box.dataset.item}`;
    const label = document.createElement("label");
    label.className = "fdm-task";
    label.htmlFor = box.id;
    const nested = item.querySelector(":scope > ul, :scope > ol");
    for (const node of [...item.childNodes]) {
      if (node !== box && node !== nested) label.append(node);
    }
    item.insertBefore(label, nested);
  }

  if (boxes.length && script) {
    import(new URL("../planner/storage.mjs", script.src).href).then((storage) => {
      const sync = () => {
        const ticked = storage.readTicks();
        if (!ticked) return false;
        for (const box of boxes) box.checked = ticked[/** @type {string} */ (box.dataset.item)] === true;
        return true;
      };
      if (!sync()) return;
      for (const box of boxes) {
        box.disabled = false;
        box.removeAttribute("aria-hidden");
        box.addEventListener("change", () => {
          try {
            storage.setTick(box.dataset.item, box.checked);
          } catch {
            // Not saved (storage full, or changed by another page meanwhile): show what is saved.
            sync();
          }
        });
      }
      window.addEventListener("storage", (event) => {
        if (event.key === storage.STORAGE_KEY || event.key === null) sync();
      });
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) sync();
      });
    }).catch(() => { /* the boxes stay as printed */ });
  }

  document.addEventListener("click", (event) => {
    const link = /** @type {HTMLAnchorElement | null} */ (
      /** @type {HTMLElement} */ (event.target).closest?.("a[hreflang]") ?? null);
    if (!link || !location.hash || location.hash.startsWith("#answers=")) return;
    const target = new URL(link.href, location.href);
    if (!target.hash) {
      target.hash = location.hash;
      link.href = target.href;
    }
  }, true);

  // Page not found (overrides/404.html carries each language's text): one page serves every
  // missing address, so it shows the language of the address the reader asked for.
  const notFound = document.querySelector("[data-not-found]");
  if (notFound) {
    const config = document.getElementById("__config");
    const base = new URL(config ? JSON.parse(config.textContent || "{}").base || "/" : "/", location.href);
    const rest = location.pathname.startsWith(base.pathname) ? location.pathname.slice(base.pathname.length) : "";
    const langs = [...notFound.querySelectorAll("[lang]")].map((node) => node.getAttribute("lang") || "");
    const lang = langs.find((code) => rest === code || rest.startsWith(`${code}/`)) || notFound.getAttribute("data-not-found") || "";
    for (const node of /** @type {NodeListOf<HTMLElement>} */ (notFound.querySelectorAll("[lang]"))) {
      node.hidden = node.lang !== lang;
    }
    document.documentElement.lang = lang;
    const block = /** @type {HTMLElement | null} */ (notFound.querySelector(`[lang="${lang}"]`));
    const title = block?.querySelector("h1");
    if (title) document.title = title.textContent || document.title;
    const name = block?.dataset.siteName;
    if (name) {
      for (const topic of document.querySelectorAll(".md-header__topic:first-child .md-ellipsis")) {
        topic.textContent = name;
      }
    }
  }

  for (const corner of document.querySelectorAll(".md-typeset thead th:empty")) {
    corner.replaceWith(document.createElement("td"));
  }

  const search = document.querySelector(".md-search[role='dialog']");
  const input = document.querySelector(".md-search__input");
  if (search && !search.hasAttribute("aria-label") && input) {
    search.setAttribute("aria-label", input.getAttribute("aria-label")
      || /** @type {HTMLInputElement} */ (input).placeholder || "Search");
  }
})();
