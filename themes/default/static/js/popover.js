// popover.js — hover previews of internal links, tags and folders (mouse only; loaded by site.js on first hover):
// fetches the linked page once (pages.js, shared with instant navigation), shows its note body
// in a popover scrolled to the linked heading or block (Cyrillic anchors and ^block ids included).
// A tag or a folder shows the list of its notes. External links get none. Esc, moving away or
// opening another page closes it.

import { fetchPage } from "./pages.js";

// Links that get a preview: wikilinks and note lists, tags, breadcrumbs (folders); site.js has the same.
export const PREVIEWED = "a.internal[href], a.tag[href], .breadcrumbs a[href], .backlink-list a[href]";
const SHOW_DELAY = 350;
const HIDE_DELAY = 250;
let popover = null;
let showTimer = 0;
let hideTimer = 0;
let anchor = null;

function element() {
  if (!popover) {
    popover = document.createElement("div");
    popover.className = "popover";
    popover.setAttribute("role", "complementary"); // a landmark of its own: a preview of another note
    popover.hidden = true;
    popover.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    popover.addEventListener("pointerleave", scheduleHide);
    document.body.append(popover);
  }
  return popover;
}

// The fetched page's relative links and images must keep pointing where they did there.
function rebase(node, base) {
  for (const el of node.querySelectorAll("[href], [src], [poster]")) {
    for (const attr of ["href", "src", "poster"]) {
      const value = el.getAttribute(attr);
      if (value !== null) el.setAttribute(attr, new URL(value, base).href);
    }
  }
  for (const el of node.querySelectorAll("[srcset]")) el.removeAttribute("srcset");
}

async function show(link) {
  const target = new URL(link.href, document.baseURI);
  const pageUrl = target.href.split("#")[0];
  let doc;
  try {
    doc = await fetchPage(pageUrl);
  } catch {
    return;
  }
  if (anchor !== link) return; // the pointer has moved on
  // A tag's or a folder's page: the list of its notes is the preview.
  const listing = doc.body.classList.contains("page-tag") || doc.body.classList.contains("page-folder");
  const body = listing ? doc.querySelector("main .note-list, main .folder-contents")
    : doc.querySelector(".note-body") || doc.querySelector("main");
  if (!body) return;
  const content = document.createElement("div");
  content.className = "popover-content";
  const title = doc.querySelector(".note-header h1, main h1");
  if (title) {
    const h = document.createElement("p");
    h.className = "popover-title";
    h.textContent = title.textContent;
    content.append(h);
  }
  const clone = body.cloneNode(true);
  clone.classList.add(listing ? "popover-listing" : "note-body");
  rebase(clone, pageUrl);
  let focus = null;
  if (target.hash.length > 1) {
    let id = target.hash.slice(1);
    try { id = decodeURIComponent(id); } catch { /* keep as written */ }
    focus = clone.querySelector(`[id="${CSS.escape(id)}"]`);
  }
  // Ids inside the preview would clash with the page's own.
  for (const el of clone.querySelectorAll("[id]")) {
    el.dataset.previewId = el.id;
    el.removeAttribute("id");
  }
  content.append(clone);
  const pop = element();
  pop.setAttribute("aria-label", title ? title.textContent : "");
  pop.replaceChildren(content);
  pop.hidden = false;
  place(pop, link);
  if (focus) {
    focus.classList.add("popover-target");
    pop.scrollTop = focus.getBoundingClientRect().top - pop.getBoundingClientRect().top - 8;
  } else {
    pop.scrollTop = 0;
  }
}

function place(pop, link) {
  const r = link.getClientRects()[0] || link.getBoundingClientRect();
  const width = pop.offsetWidth;
  const height = pop.offsetHeight;
  const gap = 8;
  let left = Math.min(Math.max(8, r.left), innerWidth - width - 8);
  let top = r.bottom + gap;
  if (top + height > innerHeight - 8 && r.top - gap - height > 8) top = r.top - gap - height;
  pop.style.left = `${left + scrollX}px`;
  pop.style.top = `${top + scrollY}px`;
}

function hide() {
  clearTimeout(showTimer);
  anchor = null;
  if (popover) popover.hidden = true;
}

function scheduleHide() {
  clearTimeout(hideTimer);
  hideTimer = setTimeout(hide, HIDE_DELAY);
}

function candidate(el) {
  const a = el.closest && el.closest(PREVIEWED);
  if (!a || (popover && popover.contains(a))) return null;
  const url = new URL(a.href, document.baseURI);
  if (url.origin !== location.origin) return null;
  if (url.pathname === location.pathname && !url.hash) return null;
  return a;
}

function hover(a) {
  clearTimeout(hideTimer);
  if (anchor === a) return;
  clearTimeout(showTimer);
  anchor = a;
  showTimer = setTimeout(() => show(a), SHOW_DELAY);
}

export function start(first) {
  document.addEventListener("pointerover", (e) => {
    const a = candidate(e.target);
    if (a) hover(a);
  });
  document.addEventListener("pointerout", (e) => {
    const a = candidate(e.target);
    if (a && !a.contains(e.relatedTarget)) {
      clearTimeout(showTimer);
      scheduleHide();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") hide();
  });
  document.addEventListener("click", (e) => {
    if (popover && !popover.contains(e.target)) hide();
  });
  addEventListener("resize", hide);
  document.addEventListener("sitegen:page", hide); // instant navigation swapped the page
  if (candidate(first)) hover(first);
}
