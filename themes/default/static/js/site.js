// site.js — loaded on every page: the theme toggle, the folder explorer (from nav.json), the
// table-of-contents scroll spy, the search shortcut (Ctrl/⌘+K, "/"), instant navigation, and lazy
// loading of the search dialog, the link graph and hover previews, each only when it is needed.
// What belongs to the document (theme, explorer, search, shortcuts) starts once; what belongs to
// the page shown (contents, graphs) starts in initPage(), again after each instant navigation.

const html = document.documentElement;
const root = new URL(html.dataset.root || "./", document.baseURI);

function store(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch { /* storage disabled: the page still works, it just forgets */ }
  return null;
}

// ---- Theme: follows the system until the reader picks one; the inline script in <head> applies it before paint.
const THEME = "sitegen-theme";
const systemDark = matchMedia("(prefers-color-scheme: dark)");
const themeButton = document.querySelector(".theme-toggle");
const effectiveTheme = () => html.dataset.theme || (systemDark.matches ? "dark" : "light");

function syncTheme() {
  themeButton?.setAttribute("aria-pressed", String(effectiveTheme() === "dark"));
  document.dispatchEvent(new CustomEvent("sitegen:theme"));
}
function setTheme(theme) {
  // A choice equal to the system's is dropped, so the page follows the system again.
  if (!theme || theme === (systemDark.matches ? "dark" : "light")) {
    delete html.dataset.theme;
    store(THEME, null);
  } else {
    html.dataset.theme = theme;
    store(THEME, theme);
  }
  syncTheme();
}
themeButton?.addEventListener("click", () => setTheme(effectiveTheme() === "dark" ? "light" : "dark"));
systemDark.addEventListener("change", syncTheme);
addEventListener("storage", (e) => {
  if (e.key !== THEME) return;
  if (e.newValue) html.dataset.theme = e.newValue; else delete html.dataset.theme;
  syncTheme();
});
syncTheme();

// ---- Explorer: folders and notes from nav.json; folders fold, the state is remembered per site.
const explorer = document.getElementById("explorer");
const explorerButton = document.querySelector(".explorer-toggle");
const wide = matchMedia("(min-width: 78rem)")  // the CSS breakpoint (style.css);
const OPEN_KEY = "sitegen-explorer:" + root.pathname;
let explorerBuilt = null;

// Links are relative to the site root, like the server-rendered ones (a <base> on 404.html included).
const href = (url) => (html.dataset.root || "./") + encodeURI(url);

function buildExplorer() {
  if (explorerBuilt) return explorerBuilt;
  explorerBuilt = fetch(new URL("nav.json", root))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
    .then(renderExplorer)
    .catch(() => { explorerBuilt = null; });
  return explorerBuilt;
}

function renderExplorer(nav) {
  const here = html.dataset.url;
  const folders = new Map(nav.folders.map((f) => [f.path, { ...f, folders: [], notes: [] }]));
  const top = { folders: [], notes: [] };
  const parentOf = (path) => (path.includes("/") ? folders.get(path.slice(0, path.lastIndexOf("/"))) : top);
  for (const f of folders.values()) (parentOf(f.path) || top).folders.push(f);
  for (const n of nav.notes) (folders.get(n.folder) || top).notes.push(n);

  let saved = [];
  try { saved = JSON.parse(store(OPEN_KEY) || "[]"); } catch { /* ignore */ }
  const open = new Set(saved);
  // The folders around the current page are open, whatever was saved.
  const current = nav.notes.find((n) => n.url === here) || [...folders.values()].find((f) => f.url === here);
  if (current) {
    const path = current.folder ?? current.path;
    const parts = path ? path.split("/") : [];
    for (let i = 1; i <= parts.length; i++) open.add(parts.slice(0, i).join("/"));
  }

  const link = (item, cls) => {
    const a = document.createElement("a");
    a.href = href(item.url);
    a.textContent = item.title;
    a.className = cls;
    a.dataset.url = item.url; // to point it again from another page's depth (instant navigation)
    if (item.url === here) a.setAttribute("aria-current", "page");
    return a;
  };
  const fill = (ul, node) => {
    for (const f of node.folders) {
      const li = document.createElement("li");
      li.className = "tree-folder";
      const row = document.createElement("div");
      row.className = "tree-row";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "tree-toggle";
      button.setAttribute("aria-label", f.title);
      const sub = document.createElement("ul");
      const setOpen = (isOpen) => {
        button.setAttribute("aria-expanded", String(isOpen));
        sub.hidden = !isOpen;
        if (isOpen && !sub.childElementCount) fill(sub, f);
      };
      button.addEventListener("click", () => {
        const isOpen = button.getAttribute("aria-expanded") !== "true";
        setOpen(isOpen);
        if (isOpen) open.add(f.path); else open.delete(f.path);
        store(OPEN_KEY, JSON.stringify([...open]));
      });
      row.append(button, link(f, "tree-link tree-folder-link"));
      li.append(row, sub);
      ul.append(li);
      setOpen(open.has(f.path));
    }
    for (const n of node.notes) {
      const li = document.createElement("li");
      li.append(link(n, "tree-link"));
      ul.append(li);
    }
  };
  const ul = document.createElement("ul");
  ul.className = "tree";
  fill(ul, top);
  explorer.querySelector(".explorer-tree").replaceChildren(ul);
  const active = explorer.querySelector('[aria-current="page"]');
  if (active) explorer.scrollTop = active.offsetTop - explorer.clientHeight / 3;
}

const header = document.querySelector(".site-header");
const drawerOpen = () => html.classList.contains("explorer-open");

function setDrawer(isOpen, focus = true) {
  // The drawer starts below the header, so its own button stays in sight and in reach.
  if (isOpen && header) explorer.style.setProperty("--drawer-top", `${Math.max(0, header.getBoundingClientRect().bottom)}px`);
  html.classList.toggle("explorer-open", isOpen);
  explorerButton?.setAttribute("aria-expanded", String(isOpen));
  if (isOpen) {
    buildExplorer()?.then(() => {
      if (focus) (explorer.querySelector('.explorer-tree [aria-current="page"]') || explorer.querySelector("a, button"))?.focus();
    });
  } else if (focus && (explorer.contains(document.activeElement) || document.activeElement === document.body)) {
    explorerButton?.focus();
  }
}

// After an instant navigation: the tree's links point from the new page's depth, the page shown
// is marked, and an open drawer closes.
function syncExplorer() {
  const here = html.dataset.url;
  for (const a of explorer.querySelectorAll(".explorer-tree a[data-url]")) {
    a.setAttribute("href", href(a.dataset.url));
    if (a.dataset.url === here) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  if (drawerOpen()) setDrawer(false, false);
}

// While the drawer is open, Tab cycles through the menu button and the drawer's own links.
function trapFocus(e) {
  const stops = [explorerButton, ...explorer.querySelectorAll("a[href], button")]
    .filter((el) => el && el.getClientRects().length && !el.closest("[hidden]"));
  if (!stops.length) return;
  const at = stops.indexOf(document.activeElement);
  const next = at < 0 ? (e.shiftKey ? stops.length - 1 : 0) : (at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length;
  e.preventDefault();
  stops[next].focus();
}

if (explorer) {
  explorerButton?.addEventListener("click", () => setDrawer(!html.classList.contains("explorer-open")));
  // Esc closes the drawer wherever focus is (the search dialog handles its own Esc first).
  document.addEventListener("keydown", (e) => {
    if (!drawerOpen() || e.defaultPrevented || document.querySelector("dialog[open]")) return;
    if (e.key === "Escape") {
      e.preventDefault();
      setDrawer(false, false);
      explorerButton?.focus();
    } else if (e.key === "Tab") {
      trapFocus(e);
    }
  });
  document.addEventListener("click", (e) => {
    if (html.classList.contains("explorer-open") && !explorer.contains(e.target) && !explorerButton?.contains(e.target)) {
      setDrawer(false, false);
    }
  });
  const onWide = () => {
    if (wide.matches) {
      setDrawer(false, false);
      // Off the critical path: nav.json of a big vault is megabytes.
      (window.requestIdleCallback || setTimeout)(buildExplorer, { timeout: 1500 });
    }
  };
  wide.addEventListener("change", onWide);
  onWide();
}

// ---- Search: the dialog's code and the index load on first use.
const searchDialog = document.getElementById("search");
// The dialog opens and takes keys at once: what is typed while its code loads is kept, not lost.
const openSearch = (query) => {
  if (!searchDialog.open) {
    searchDialog.returnFocus = document.activeElement;
    searchDialog.showModal();
    const input = searchDialog.querySelector("#search-input");
    input?.focus();
    input?.select(); // a query from last time is replaced by the first key typed
  }
  return import("./search.js").then((m) => m.open(typeof query === "string" ? query : undefined));
};
if (searchDialog) {
  for (const b of document.querySelectorAll(".search-button")) b.addEventListener("click", openSearch);
  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable;
    if ((e.key === "k" || e.key === "K" || e.code === "KeyK") && (e.ctrlKey || e.metaKey) && !e.altKey) {
      e.preventDefault();
      openSearch();
    } else if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      openSearch();
    }
  });
}

// ---- Table of contents: the section being read is marked as you scroll.
// Narrow screens show a copy of the contents before the backlinks: both follow.
function watchContents(signal) {
  for (const toc of "IntersectionObserver" in window ? document.querySelectorAll(".toc") : []) {
    const pairs = [];
    for (const a of toc.querySelectorAll('a[href^="#"]')) {
      let id = a.getAttribute("href").slice(1);
      try { id = decodeURIComponent(id); } catch { /* keep as written */ }
      const heading = document.getElementById(id);
      if (heading) pairs.push([heading, a]);
    }
    let active = null;
    const update = () => {
      const line = innerHeight * 0.3;
      let pick = pairs[0];
      for (const pair of pairs) {
        if (pair[0].getBoundingClientRect().top <= line) pick = pair; else break;
      }
      const a = pick && pick[1];
      if (a === active) return;
      active?.removeAttribute("aria-current");
      active = a;
      active?.setAttribute("aria-current", "location");
    };
    const observer = new IntersectionObserver(update, { rootMargin: "0px 0px -70% 0px" });
    for (const [heading] of pairs) observer.observe(heading);
    signal.addEventListener("abort", () => observer.disconnect());
    // A jump (End, a TOC click, scrollTo) can skip past every observed edge: check on scroll too.
    let pending = false;
    addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; update(); });
    }, { passive: true, signal });
    update();
  }
}

// ---- Graph: the global graph loads at once. A note's local graph is an extra, so its code waits
// until the reader does something (moves the pointer, scrolls, types, touches) and it is in view:
// the page itself stays light. Input events only: the explorer scrolling itself into place on load
// must not count.
const engaged = new Promise((resolve) => {
  const events = ["pointermove", "wheel", "keydown", "touchstart"];
  const go = () => {
    for (const name of events) removeEventListener(name, go, true);
    removeEventListener("scroll", go);
    resolve();
  };
  for (const name of events) addEventListener(name, go, { capture: true, passive: true });
  addEventListener("scroll", go, { passive: true });  // the page itself, not inner boxes
});

function mountGraphs(signal) {
  for (const el of document.querySelectorAll("[data-graph]")) {
    const load = () => signal.aborted || import("./graph.js").then((m) => m.mount(el, signal));
    if (el.dataset.graph === "global" || !("IntersectionObserver" in window)) {
      load();
      continue;
    }
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        engaged.then(load);
      }
    }, { rootMargin: "200px" });
    io.observe(el);
    signal.addEventListener("abort", () => io.disconnect());
  }
}

// ---- Hover previews: only with a mouse; the code loads when the pointer first reaches an internal
// link, a tag or a folder.
if (matchMedia("(hover: hover) and (pointer: fine)").matches) {
  const first = (e) => {
    const a = e.target.closest && e.target.closest("a.internal[href], a.tag[href], .breadcrumbs a[href], .backlink-list a[href]"); // popover.js PREVIEWED
    if (!a) return;
    document.removeEventListener("pointerover", first);
    import("./popover.js").then((m) => m.start(a));
  };
  document.addEventListener("pointerover", first);
}

// ---- The page shown: started on load and again after each instant navigation, when the
// previous page's observers and listeners are dropped with its AbortController.
let pageScope = null;

function initPage() {
  pageScope?.abort();
  pageScope = new AbortController();
  const { signal } = pageScope;
  if (explorer) syncExplorer();
  watchContents(signal);
  mountGraphs(signal);
  if (searchDialog) {
    for (const b of document.querySelectorAll("[data-search-url]")) {
      b.addEventListener("click", () => {
        let words = location.pathname.split("/").filter(Boolean).pop() || "";
        try { words = decodeURIComponent(words); } catch { /* keep as written */ }
        openSearch(words.replace(/\.html?$/, "").replace(/[-_]+/g, " ").trim());
      }, { signal });
    }
  }
}

initPage();

// ---- Instant navigation (navigate.js): its code loads when the reader first points at, focuses or
// touches a link, so a page that is only read costs nothing more. A click that comes before it has
// loaded waits for it. A 404 page can be served at any address, so its relative links are not to
// be trusted in place: it has none.
const NAV_EVENTS = ["pointerover", "focusin", "touchstart"];
let navigation = null;
function startNavigation(e) {
  const a = e.target.closest?.("a[href]");
  if (!a) return;
  for (const name of NAV_EVENTS) document.removeEventListener(name, startNavigation, true);
  navigation ??= import("./navigate.js").then((m) => {
    document.removeEventListener("click", earlyClick);
    m.start(initPage);
    m.prefetch(a);
    return m;
  });
}
function earlyClick(e) {
  const a = e.target.closest?.("a[href]");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.hasAttribute("download") || a.origin !== location.origin || a.pathname === location.pathname) return;
  document.removeEventListener("click", earlyClick);
  startNavigation(e);
  e.preventDefault();
  navigation.then((m) => m.follow(a), () => location.assign(a.href));
}
if (!document.body.classList.contains("page-404")) {
  for (const name of NAV_EVENTS) document.addEventListener(name, startNavigation, { capture: true, passive: true });
  // Bubbling, after the click handlers of the page; navigate.js takes over clicks once started.
  document.addEventListener("click", earlyClick);
}
