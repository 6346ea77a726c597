// navigate.js — instant navigation between the site's pages (started by site.js): a page is
// prefetched when the reader points at or focuses its link, and a click swaps the page's content
// in place (in a view transition where the browser has one and motion is welcome) instead of
// loading the whole document again. History, scroll position and focus behave as on a full load.
// Anything unexpected (an error, a page with scripts of its own, a redirect page) falls back to the
// browser's own navigation, and without JavaScript every page is a complete document anyway.

import { fetchPage, pageKey } from "./pages.js";

const html = document.documentElement;
const root = new URL(html.dataset.root || "./", document.baseURI);
const scrolls = new Map(); // history entry key → the scroll position the reader left it at
let entry = ""; // the key of the history entry on screen
let shown = pageKey(location.href); // the page the document shows
let seq = 0; // the latest navigation; an older one that finishes late is dropped
let onPage = () => {};

// A short cross-fade where the browser has view transitions; the header stays still. Set from here,
// not style.css: the rules matter only with this script, and HTML checkers do not know them yet.
const TRANSITION_CSS = `
.site-header { view-transition-name: site-header; }
::view-transition-old(root), ::view-transition-new(root) { animation-duration: .18s; }
@media (prefers-reduced-motion: reduce) {
  ::view-transition-group(*), ::view-transition-old(*), ::view-transition-new(*) { animation: none !important; }
}`;

const newKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const still = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

/** The URL a click on `a` would open in place, or null for the browser to handle it. */
function target(a, e) {
  if (!a || !a.href || a.hasAttribute("download") || (a.target && a.target !== "_self")) return null;
  if (e && (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented)) return null;
  const url = new URL(a.href, document.baseURI);
  if (url.origin !== location.origin || !url.pathname.startsWith(root.pathname)) return null;
  // Pages only: attachments, feeds and data files open the ordinary way.
  if (!/(\/|\.html?)$/.test(url.pathname)) return null;
  if (pageKey(url) === shown) return null; // a jump within the page, or a reload
  return url;
}

/** Open a link that was clicked before this module had loaded: in place, or the ordinary way. */
export function follow(a) {
  const url = target(a);
  if (url) visit(url); else location.assign(a.href);
}

/** Start fetching the page behind a link the reader is about to open. */
export function prefetch(a) {
  const url = target(a);
  if (url && !navigator.connection?.saveData) fetchPage(url).catch(() => {});
}

// Pages whose own scripts would have to run (the canvas board, diagrams) load in full.
function swappable(doc) {
  if (!doc.querySelector("main#content") || !doc.querySelector("body > .layout") || doc.querySelector("base")) return false;
  const known = new Set([...document.scripts].map((s) => s.src).filter(Boolean));
  return [...doc.querySelectorAll("script[src]")].every((s) => known.has(new URL(s.getAttribute("src"), doc.pageUrl).href));
}

// Stylesheets the new page needs and this document lacks are added, and waited for, first.
function stylesheets(doc) {
  const have = new Set([...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href));
  const loads = [];
  for (const link of doc.querySelectorAll('head link[rel="stylesheet"]')) {
    const href = new URL(link.getAttribute("href"), doc.pageUrl).href;
    if (have.has(href)) continue;
    const el = document.createElement("link");
    el.rel = "stylesheet";
    el.href = href;
    loads.push(new Promise((resolve) => { el.onload = el.onerror = resolve; setTimeout(resolve, 3000); }));
    document.head.append(el);
  }
  return Promise.all(loads);
}

// Links outside the swapped part (header, explorer) take the new page's addresses, which are
// relative to it, and its aria-current marks.
function syncLinks(selector, doc) {
  const mine = document.querySelectorAll(selector);
  const theirs = doc.querySelectorAll(selector);
  if (mine.length !== theirs.length) return;
  mine.forEach((a, i) => {
    for (const attr of ["href", "aria-current"]) {
      const value = theirs[i].getAttribute(attr);
      if (value === null) a.removeAttribute(attr); else a.setAttribute(attr, value);
    }
  });
}

function swap(doc) {
  document.title = doc.title;
  for (const attr of ["lang", "data-root", "data-url"]) {
    const value = doc.documentElement.getAttribute(attr);
    if (value === null) html.removeAttribute(attr); else html.setAttribute(attr, value);
  }
  html.classList.remove("graph-expanded-open");
  // What describes the page (description, canonical address, Open Graph) follows it.
  const described = 'meta[name="description"], link[rel="canonical"], meta[property^="og:"]';
  for (const el of document.head.querySelectorAll(described)) el.remove();
  for (const el of doc.head.querySelectorAll(described)) document.head.append(document.importNode(el, true));
  document.body.className = doc.body.className;
  syncLinks(".site-header a[href]", doc);
  syncLinks(".explorer-links a[href]", doc);
  // Everything of the layout but the explorer (kept, with its open folders and scroll) is replaced.
  // Nodes are copied, not moved: the cached document serves previews and later visits.
  const layout = document.querySelector("body > .layout");
  for (const el of [...layout.children]) if (el.id !== "explorer") el.remove();
  for (const el of doc.querySelector("body > .layout").children) {
    if (el.id !== "explorer") layout.append(document.importNode(el, true));
  }
  const footer = doc.querySelector("body > .site-footer");
  if (footer) document.querySelector("body > .site-footer")?.replaceWith(document.importNode(footer, true));
}

function hashTarget(url) {
  if (url.hash.length < 2) return null;
  let id = url.hash.slice(1);
  try { id = decodeURIComponent(id); } catch { /* keep as written */ }
  return document.getElementById(id);
}

// As after a full load: at the linked section or the top (or where the reader left the page, going
// back), with focus on the new page's heading or the linked section, where a screen reader starts.
function position(url, scroll) {
  const section = hashTarget(url);
  if (scroll !== undefined) scrollTo(0, scroll);
  else if (section) section.scrollIntoView();
  else scrollTo(0, 0);
}

function focusPage(url) {
  const focus = hashTarget(url) || document.querySelector("main#content h1") || document.querySelector("main#content");
  if (!focus) return;
  if (!focus.hasAttribute("tabindex")) {
    focus.setAttribute("tabindex", "-1");
    focus.addEventListener("blur", () => focus.removeAttribute("tabindex"), { once: true });
  }
  focus.focus({ preventScroll: true });
}

function remember() {
  if (entry) scrolls.set(entry, scrollY);
}

/** Open `url` in place; `push` false when the history already moved there (back, forward). */
export async function visit(url, push = true, scroll = undefined) {
  url = new URL(url, document.baseURI);
  const mine = ++seq;
  let moved = !push;
  try {
    for (const d of document.querySelectorAll("dialog[open]")) d.close();
    const doc = await fetchPage(url);
    if (mine !== seq) return;
    if (!swappable(doc)) throw new Error("not swappable");
    await stylesheets(doc);
    if (mine !== seq) return;
    // The address moves in the same step as the content, and first: the new content's relative
    // links and images resolve against it.
    const change = () => {
      if (push) {
        remember();
        history.replaceState({ ...history.state, key: entry, scroll: scrollY }, "");
        const final = new URL(doc.pageUrl);
        final.hash = url.hash;
        entry = newKey();
        history.pushState({ key: entry }, "", final.href);
        moved = true;
      }
      swap(doc);
      shown = pageKey(location.href);
      position(new URL(location.href), scroll);
      onPage();
    };
    if (document.startViewTransition && !still()) await document.startViewTransition(change).updateCallbackDone;
    else change();
    await new Promise((resolve) => setTimeout(resolve)); // after a closing dialog has given focus back
    if (mine !== seq) return;
    focusPage(new URL(location.href));
    document.dispatchEvent(new CustomEvent("sitegen:page"));
  } catch {
    if (moved) location.reload(); else location.assign(url.href);
  }
}

/** Handle clicks, hovers and history for the whole document; `pageStart` re-runs the page's own scripts. */
export function start(pageStart) {
  onPage = pageStart;
  // The icon is asked for again when the address changes: its relative address must not follow the
  // page's depth. (Stylesheets are not; rewriting theirs would load them again.)
  for (const link of document.head.querySelectorAll('link[rel~="icon"], link[rel="alternate"]')) {
    link.setAttribute("href", link.href);
  }
  if (document.startViewTransition && "adoptedStyleSheets" in document) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(TRANSITION_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  entry = history.state?.key || newKey();
  history.replaceState({ ...history.state, key: entry }, "");
  // Scroll positions are restored here, once the old page's content has been replaced.
  history.scrollRestoration = "manual";
  addEventListener("pagehide", () => { remember(); history.scrollRestoration = "auto"; });
  addEventListener("pageshow", () => { history.scrollRestoration = "manual"; });

  document.addEventListener("click", (e) => {
    const a = e.target.closest?.("a[href]");
    const url = target(a, e);
    if (!url) return;
    e.preventDefault();
    visit(url);
  });
  let hoverTimer = 0;
  document.addEventListener("pointerover", (e) => {
    const a = e.target.closest?.("a[href]");
    clearTimeout(hoverTimer);
    // A short pause, so that a pointer crossing the page does not fetch every link it passes.
    if (a) hoverTimer = setTimeout(() => prefetch(a), 80);
  });
  document.addEventListener("focusin", (e) => prefetch(e.target.closest?.("a[href]")));
  document.addEventListener("touchstart", (e) => prefetch(e.target.closest?.("a[href]")), { passive: true });

  addEventListener("hashchange", () => {
    // A jump within the page made a history entry of its own.
    if (!history.state?.key) history.replaceState({ ...history.state, key: newKey() }, "");
    entry = history.state.key;
  });
  addEventListener("popstate", (e) => {
    remember();
    entry = e.state?.key || newKey();
    if (!e.state?.key) history.replaceState({ ...history.state, key: entry }, "");
    const url = new URL(location.href);
    const scroll = scrolls.get(entry) ?? e.state?.scroll;
    if (pageKey(url) === shown) {
      // A step between sections of the page on screen.
      position(url, scroll);
      return;
    }
    visit(url, false, scroll);
  });
}
