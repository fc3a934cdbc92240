// Material fetches the search index (a guide page's largest download: 60–75 KB brotli) as
// soon as any page loads. Its request waits here until the reader first goes to search:
// focus in the search field (a click, the search button, or the "/", "s" and "f" keys, which
// all move focus there), or a page opened from a search result (?h=, highlighted words).
// Inlined in the head (overrides/main.html), before Material's bundle makes the request.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const { open, send } = XMLHttpRequest.prototype;
  const held = [];
  let wanted = new URLSearchParams(location.search).has("h");
  const release = () => {
    if (wanted) return;
    wanted = true;
    for (const go of held.splice(0)) go();
  };
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.fdmSearchIndex = INDEX.test(new URL(String(url), location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...body) {
    if (this.fdmSearchIndex && !wanted) {
      held.push(() => send.apply(this, body));
      return undefined;
    }
    return send.apply(this, body);
  };
  addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches("[data-md-component=search-query]")) release();
  });
  addEventListener("change", (event) => {
    if (event.target instanceof Element && event.target.id === "__search") release();
  });
  // Pointing at the search field starts the download a moment before the click.
  addEventListener("pointerover", (event) => {
    if (event.target instanceof Element && event.target.closest(".md-search, [for=__search]")) release();
  });
})();
