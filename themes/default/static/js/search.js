// search.js — the search dialog (loaded on first use by site.js) over sitegen's own static index
// (search-engine.js): searches as you type, filters by tag, shows every result in pages of
// PAGE, excerpts around the matched words (fetched for the results on screen only), a preview
// of the focused result on wide screens,
// and is driven by the keyboard (↑/↓ or Tab through results, Enter opens, Esc closes).

// The dialog's messages in the site's language (written by the build; a data-s-* attribute wins).
import strings from "./strings.js";

// The engine and its stemmers load with the index, after the dialog is open and taking keys.
let words, stems;

const html = document.documentElement;
const root = new URL(html.dataset.root || "./", document.baseURI);
const dialog = document.getElementById("search");
const input = dialog.querySelector("#search-input");
const tagSelect = dialog.querySelector("#search-tag");
const status = dialog.querySelector(".search-status");
const list = dialog.querySelector("#search-results");
const more = dialog.querySelector(".search-more");
const preview = dialog.querySelector(".search-preview");
const say = (key, n) => (dialog.dataset[key] || strings.search[key] || "").replace("{n}", n);
const PAGE = 20;
const SCREEN = 8; // results a screen shows at once, about
const EXCERPT_WORDS = 28;
const DEBOUNCE = 120, MIN_WAIT = 70, MIN_EARLY = 40, EARLY = 1.25, GAPS = 5; // ms, times the rhythm, keys

let index = null;
let loading = null;
let returnFocus = null;
let seq = 0;
let timer = 0;
let shown = { ids: [], terms: new Set(), next: 0 };

function load() {
  loading ??= (async () => {
    const [engine, text] = await Promise.all([import("./search-engine.js"), import("./search-words.js")]);
    ({ words, stems } = text);
    const found = new engine.SearchIndex(new URL("search/", root));
    await text.ready((await found.load()).langs);
    index = found;
    fillTags();
  })();
  return loading;
}

function fillTags() {
  const tags = [...index.meta.tags].sort((a, b) => a[0].localeCompare(b[0], html.lang));
  for (const [name, count] of tags) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = `#${name} (${count})`;
    tagSelect.append(option);
  }
  tagSelect.parentElement.hidden = !tags.length;
}

// Typing has stopped once the reader pauses longer than their own rhythm between keys (twice
// the median of their last GAPS gaps, so one late key does not stretch it), never less than
// MIN_WAIT nor more than DEBOUNCE; after a space, where the next word usually follows, DEBOUNCE.
// The search itself starts earlier, once the pause is longer than the rhythm (EARLY times it):
// what it fetches and ranks is ready when typing is called stopped, and shown only then, and
// only if no key came in between.
let lastKey = 0, rhythm = DEBOUNCE, early = 0, prepared = null;
const gaps = [];
function schedule() {
  const now = performance.now(), since = now - lastKey;
  lastKey = now;
  if (since < 1000) {
    gaps.push(since);
    if (gaps.length > GAPS) gaps.shift();
    rhythm = [...gaps].sort((a, b) => a - b)[gaps.length >> 1];
  }
  clearTimeout(timer);
  clearTimeout(early);
  const wait = /\s$/.test(input.value) ? DEBOUNCE : Math.min(DEBOUNCE, Math.max(MIN_WAIT, 2 * rhythm));
  timer = setTimeout(run, wait);
  early = setTimeout(prepare, Math.min(wait, Math.max(MIN_EARLY, EARLY * rhythm)));
  if (!index) return;
  // The words already finished (a space typed after them) will be searched: fetch their shards
  // (and typo buckets) while the reader types the next one; and the shards of the one being typed.
  for (const word of words(input.value.replace(/\S+$/, ""))) index.prefetch(word);
  const typed = words(input.value.match(/\S*$/)[0]).pop();
  if (typed) index.prefetchTyped(typed);
}

function prepare() {
  const term = input.value, tag = tagSelect.value;
  if (!index || (!term.trim() && !tag)) return;
  const found = index.search(term, tag).then((result) => {
    for (const id of result.ids.slice(0, SCREEN)) index.record(id).catch(() => {});
    return result;
  });
  found.catch(() => {});
  prepared = { term, tag, found };
}

async function run() {
  const mine = ++seq;
  const term = input.value;
  const tag = tagSelect.value;
  if (!index) return;
  if (!term.trim() && !tag) {
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    preview.replaceChildren();
    return;
  }
  const ready = prepared?.term === term && prepared.tag === tag ? prepared.found : index.search(term, tag);
  prepared = null;
  const found = await ready;
  if (mine !== seq) return;
  shown = { ...found, next: 0 };
  onScreen.disconnect();
  pending = 0;
  list.replaceChildren();
  preview.replaceChildren();
  status.textContent = found.ids.length ? say("sCount", found.ids.length) : say("sEmpty");
  // Which query the first screen and then the whole list answer (tests and the benchmark wait on them).
  await showMore(mine, () => { dialog.dataset.first = term; });
  if (mine === seq) dialog.dataset.shown = term;
}

// A page of results: the first screenful goes up as soon as its records are in, the rest after.
// Pages go up one after another (a click on "more" while one loads waits for it), and the button
// hides as soon as the last page is asked for.
let paging = Promise.resolve();
function showMore(mine = seq, firstShown = () => {}) {
  if (mine !== paging.seq) paging = Object.assign(Promise.resolve(), { seq: mine }); // a new query: no waiting
  const ids = shown.ids.slice(shown.next, shown.next + PAGE);
  shown.next += ids.length;
  more.hidden = shown.next >= shown.ids.length;
  const records = ids.map((id) => index.record(id));
  paging = Object.assign(paging.catch(() => {}).then(async () => {
    for (const [from, to] of [[0, SCREEN], [SCREEN, ids.length]]) {
      const part = await Promise.all(records.slice(from, to));
      if (mine !== seq) return;
      const items = part.map((record, i) => render(record, ids[from + i]));
      list.append(...items);
      for (const li of items) onScreen.observe(li);
      if (!from) firstShown();
    }
  }), { seq: mine });
  return paging;
}

// An excerpt is fetched once its result scrolls into view: a query downloads the texts it shows.
let pending = 0;
const onScreen = new IntersectionObserver((entries) => {
  for (const { target, isIntersecting } of entries) {
    if (!isIntersecting) continue;
    onScreen.unobserve(target);
    const mine = seq, terms = shown.terms;
    pending++;
    index.text(+target.dataset.doc).then((text) => {
      const a = target.firstElementChild;
      if (text && a.isConnected) a.append(excerpt(text, a.firstElementChild.textContent, terms));
    }).catch(() => {}).finally(() => {
      // Which query's visible excerpts are all in (tests and the benchmark wait on it).
      if (mine === seq && !--pending) dialog.dataset.excerpts = input.value;
    });
  }
}, { root: list.parentElement });

// The words of `text` with their places, and whether each one's stem is a matched term. A word is
// stemmed only when it begins as a matched term does (a stem keeps its word's first letters).
function marked(text, terms) {
  const out = [];
  const starts = new Set([...terms].map((t) => t.slice(0, 2)));
  const long = [...terms].filter((t) => t.length >= 3);
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const [w] = words(m[0]);
    const hit = !!w && starts.has(w.slice(0, 2))
      && stems(w, index.meta.langs).some((s) => terms.has(s) || long.some((t) => s.startsWith(t)));
    out.push({ start: m.index, end: m.index + m[0].length, hit, word: w });
  }
  return out;
}

// Where the excerpt starts: a few words before the window that holds the most different matched
// words, the earliest such window.
function passage(places) {
  let best = -1, most = 0;
  places.forEach((p, i) => {
    if (!p.hit) return;
    const seen = new Set();
    for (let j = i; j < Math.min(places.length, i + EXCERPT_WORDS - 6); j++) if (places[j].hit) seen.add(places[j].word);
    if (seen.size > most) [best, most] = [i, seen.size];
  });
  return Math.max(0, best - 6);
}

// An excerpt of the passage that matches (never the title repeated at the top), with <mark>s.
export function excerpt(text, title, terms) {
  text = text.normalize("NFC");
  const folded = words(title).join(" ");
  let places = marked(text, terms);
  const lead = words(text.slice(0, places[Math.min(places.length, words(title).length) - 1]?.end ?? 0)).join(" ");
  if (folded && lead === folded) places = places.slice(words(title).length);
  const from = passage(places);
  const part = places.slice(from, from + EXCERPT_WORDS);
  const span = document.createElement("span");
  span.className = "search-result-excerpt";
  if (!part.length) return span;
  let at = part[0].start;
  if (from > 0) span.append("… ");
  for (const p of part) {
    span.append(text.slice(at, p.start));
    const word = text.slice(p.start, p.end);
    if (p.hit) {
      const mark = document.createElement("mark");
      mark.textContent = word;
      span.append(mark);
    } else span.append(word);
    at = p.end;
  }
  if (from + EXCERPT_WORDS < places.length) span.append(" …");
  return span;
}

function render([url, title], id) {
  const li = document.createElement("li");
  li.dataset.doc = id;
  const a = document.createElement("a");
  a.className = "search-result";
  a.href = new URL(url, root).href;
  const heading = document.createElement("span");
  heading.className = "search-result-title";
  heading.textContent = title || decodeURI(url);
  a.append(heading);
  li.append(a);
  return li;
}

// ---- The preview pane (wide screens): the first screen of the focused or hovered result.
// Pages come from the cache hover previews and instant navigation share (pages.js): a result
// previewed here opens without a second request, and one hovered before shows at once.
const wide = matchMedia("(min-width: 64rem)");
let previewTimer = 0;

function showPreview(link) {
  if (!wide.matches || !link) return;
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    let page;
    try {
      // Loaded here, not with the dialog: opening search waits for no more code than it needs.
      const { fetchPage } = await import("./pages.js");
      page = await fetchPage(link.href);
    } catch {
      return; // not a page (an attachment) or not there: no preview
    }
    const href = page.pageUrl;
    const article = page.querySelector("main article") || page.querySelector("main"); // the article, inside main
    if (!article || !link.isConnected) return;
    const copy = article.cloneNode(true); // the shared page stays as it was
    for (const el of copy.querySelectorAll("script, iframe, video, audio, [id]")) {
      if (el.matches("[id]")) el.removeAttribute("id"); else el.remove();
    }
    for (const el of copy.querySelectorAll("[src], [href]")) {
      // Addresses in the page are relative to it, not to this one.
      for (const name of ["src", "href"]) if (el.hasAttribute(name)) el.setAttribute(name, new URL(el.getAttribute(name), href).href);
    }
    preview.replaceChildren(copy);
    preview.scrollTop = 0;
  }, 60);
}

export async function open(query) {
  returnFocus = dialog.returnFocus ?? returnFocus; // site.js opened the dialog and knows where focus was
  dialog.returnFocus = null;
  if (!dialog.open) {
    dialog.showModal();
    input.focus();
    input.select();
  }
  // Opened by site.js, the dialog has taken keys while this code loaded: selecting now would let
  // the next key replace what the reader already typed.
  if (query !== undefined) {
    input.value = query;
    input.select();
  }
  if (!index) {
    status.textContent = say("sLoading");
    try {
      await load();
      status.textContent = "";
    } catch {
      loading = null;
      // Browsers refuse fetch() for pages opened from disk: say so instead of "failed".
      status.textContent = location.protocol === "file:" ? say("sFile") : say("sError");
      return;
    }
  }
  if (input.value || tagSelect.value) run();
}

input.addEventListener("input", schedule);
tagSelect.addEventListener("change", run);
more.addEventListener("click", () => showMore());
list.addEventListener("focusin", (e) => showPreview(e.target.closest("a.search-result")));
list.addEventListener("mouseover", (e) => showPreview(e.target.closest("a.search-result")));
dialog.querySelector(".search-close").addEventListener("click", () => dialog.close());
dialog.addEventListener("click", (e) => {
  if (e.target === dialog) dialog.close(); // a click on the backdrop
  else if (e.target.closest("a.search-result")) setTimeout(() => dialog.close());
});
dialog.addEventListener("close", () => {
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
});
dialog.addEventListener("keydown", (e) => {
  const links = [...list.querySelectorAll("a")];
  const at = links.indexOf(document.activeElement);
  if (e.key === "Escape") {
    e.preventDefault(); // a search field would only clear itself
    dialog.close();
  } else if (e.key === "ArrowDown" && links.length && (at >= 0 || document.activeElement === input)) {
    e.preventDefault();
    if (at === links.length - 1 && !more.hidden) {
      showMore().then(() => list.querySelectorAll("a")[at + 1]?.focus());
    } else links[(at + 1) % links.length].focus();
  } else if (e.key === "ArrowUp" && at >= 0) {
    e.preventDefault();
    (at === 0 ? input : links[at - 1]).focus();
  } else if (e.key === "Enter" && document.activeElement === input && links.length) {
    e.preventDefault();
    clearTimeout(timer);
    links[0].click();
  }
});
