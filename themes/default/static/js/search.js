// search.js — the search dialog (loaded on first use by site.js): imports the Pagefind bundle
// from the site root, searches as you type, filters by tag, and is driven by the keyboard
// (↑/↓ or Tab through results, Enter opens, Esc closes).

const html = document.documentElement;
const root = new URL(html.dataset.root || "./", document.baseURI);
const dialog = document.getElementById("search");
const input = dialog.querySelector("#search-input");
const tagSelect = dialog.querySelector("#search-tag");
const status = dialog.querySelector(".search-status");
const list = dialog.querySelector("#search-results");
const say = (key, n) => (dialog.dataset[key] || "").replace("{n}", n);
const MAX_RESULTS = 20;

let pagefind = null;
let loading = null;
let returnFocus = null;
let seq = 0;

function load() {
  loading ??= (async () => {
    const pf = await import(new URL("pagefind/pagefind.js", root).href);
    await pf.options({ baseUrl: root.pathname });
    await pf.init();
    pagefind = pf;
    await fillTags();
  })();
  return loading;
}

async function fillTags() {
  const filters = await pagefind.filters();
  const tags = Object.entries(filters.tag || {}).sort((a, b) => a[0].localeCompare(b[0], html.lang));
  for (const [name, count] of tags) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = `#${name} (${count})`;
    tagSelect.append(option);
  }
  tagSelect.parentElement.hidden = !tags.length;
}

async function run() {
  const mine = ++seq;
  const term = input.value.trim();
  const tag = tagSelect.value;
  if (!pagefind) return;
  if (!term && !tag) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  const search = await pagefind.debouncedSearch(term || null, tag ? { filters: { tag } } : {}, 180);
  if (search === null || mine !== seq) return;
  const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  if (mine !== seq) return;
  status.textContent = results.length ? say("sCount", search.results.length) : say("sEmpty");
  list.replaceChildren(...results.map(render));
}

function render(data) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.className = "search-result";
  a.href = data.url;
  const title = document.createElement("span");
  title.className = "search-result-title";
  title.textContent = data.meta?.title || decodeURI(data.url);
  a.append(title);
  if (data.excerpt) {
    const excerpt = document.createElement("span");
    excerpt.className = "search-result-excerpt";
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
    a.append(excerpt);
  }
  li.append(a);
  return li;
}

export async function open(query) {
  if (!dialog.open) {
    returnFocus = document.activeElement;
    dialog.showModal();
  }
  if (query !== undefined) input.value = query;
  input.focus();
  input.select();
  if (!pagefind) {
    status.textContent = say("sLoading");
    try {
      await load();
      status.textContent = "";
    } catch {
      loading = null;
      status.textContent = say("sError");
      return;
    }
  }
  if (input.value || tagSelect.value) run();
}

input.addEventListener("input", run);
tagSelect.addEventListener("change", run);
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
    links[(at + 1) % links.length].focus();
  } else if (e.key === "ArrowUp" && at >= 0) {
    e.preventDefault();
    (at === 0 ? input : links[at - 1]).focus();
  } else if (e.key === "Enter" && document.activeElement === input && links.length) {
    e.preventDefault();
    links[0].click();
  }
});
