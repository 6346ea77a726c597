// pages.js — the site's own pages, fetched once and kept parsed in a URL-keyed cache shared by
// hover previews (popover.js) and instant navigation (navigate.js): a page that was previewed or
// prefetched on hover opens without a second request.

const LIMIT = 40; // parsed pages kept; the oldest goes first (a long reading session must not grow without end)
const pages = new Map(); // page URL (no fragment) → Promise<Document>

/** The cache key of a URL: absolute, without its fragment. */
export function pageKey(url) {
  const u = new URL(url, document.baseURI);
  u.hash = "";
  return u.href;
}

/** The page at `url` as a parsed Document (its final address, after redirects, in `doc.pageUrl`). */
export function fetchPage(url) {
  const key = pageKey(url);
  let promise = pages.get(key);
  if (promise) {
    pages.delete(key); // re-inserted below: the Map's order is the order of last use
  } else {
    promise = fetch(key, { credentials: "same-origin" })
      .then((r) => {
        // Only HTML pages are kept: an attachment or an error page opens the ordinary way.
        if (!r.ok || !/^text\/html/i.test(r.headers.get("content-type") || "")) throw new Error(String(r.status));
        return r.text().then((text) => {
          const doc = new DOMParser().parseFromString(text, "text/html");
          doc.pageUrl = r.url || key;
          return doc;
        });
      });
    promise.catch(() => pages.delete(key));
  }
  pages.set(key, promise);
  while (pages.size > LIMIT) pages.delete(pages.keys().next().value);
  return promise;
}
