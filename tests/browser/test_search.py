"""Search in Chromium over the project's vault: the query table, the same stems in Python and JS,
every result reachable, excerpts, and the preview pane."""

from __future__ import annotations

import re
import zlib

import pytest

import json

from sitegen.search import postings, typos
from sitegen.search.tokens import fold, stem

from .conftest import VAULT

pytestmark = pytest.mark.browser

# (query, the note a reader means, the highest rank it may have: 1 = first)
QUERIES = [
    ("целевой модели", "Целевая модель наставничества", 1),
    ("наставниками", "Наставник", 1),
    ("волонтёрских", "Годовой план волонтёрских проектов Мангистау", 3),
    ("социальной ответственности", "Социальная ответственность", 1),
    ("наставнек", "Наставник", 3),  # a typo
    ("нцставник", "Наставник", 3),  # a typo in the first three letters
    ("наставничиство", "Наставничество", 1),  # a typo in a long word
    ("ЦМН", "Целевая модель наставничества", 1),  # its alias
    ("сетевое взаимодействие", "Сетевое взаимодействие колледжей", 1),
    ("Mazowsze", "Mazowiecka Sieć Edukacyjna", 2),  # Polish text, Polish stemmer
    ("сетевой", "Сетевой проект", 1),
    ("социальной", "Социальная ответственность", 2),
    ("волонтёрской", "Практики волонтёрского образования", 3),
    ("профессиональный", "Областной центр развития технического и профессионального образования", 1),
    ("наставляемых", "Наставляемый", 1),
    ("куратором", "Куратор наставничества", 1),
    ("дорожной карте", "Дорожная карта", 1),
    ("мониторинга", "Мониторинг наставничества", 1),
    ("форм наставничества", "Формы наставничества", 1),
    ("положения о наставничестве", "Положение о наставничестве", 1),
    ("Мангистау", "Мангистауская область", 3),
    ("ярославской области", "Ярославская область", 1),
    ("добровольческой деятельности", "Добровольческая деятельность в образовании", 1),
    ("волонтерство", "Фронт-офис волонтёрства Мангистау", 3),  # е for ё
    ("РИП", "Сетевое взаимодействие колледжей", 1),  # an alias of three letters
    ("green challenge", "Green Challenge", 1),
    ("индивидуального плана", "Индивидуальный план", 1),
]

ENGINE = """async ([queries]) => {
  const { SearchIndex } = await import(new URL("static/js/search-engine.js", document.baseURI).href);
  const index = new SearchIndex(new URL("search/", document.baseURI));
  const words = await import(new URL("static/js/search-words.js", document.baseURI).href);
  await words.ready((await index.load()).langs);
  const out = {};
  for (const q of queries) {
    const found = await index.search(q + " ");
    out[q] = { count: found.ids.length, titles: await Promise.all(found.ids.slice(0, 5).map(async (d) => (await index.record(d))[1])) };
  }
  return out;
}"""


def test_query_table(browse, site):
    page = browse.page()
    page.goto(site.url())
    found = page.evaluate(ENGINE, [[q for q, _, _ in QUERIES]])
    wrong = []
    for query, title, rank in QUERIES:
        titles = found[query]["titles"]
        if title not in titles[:rank]:
            wrong.append(f"{query!r}: wanted {title!r} in the top {rank}, got {titles}")
    assert not wrong, "\n".join(wrong)
    # A two-letter word never floods the results through prefixes (the old engine gave 66 for «наставнек»).
    assert found["наставнек"]["count"] < 40


def test_python_and_javascript_stem_alike(browse, site):
    """Every word of the vault, stemmed as a Russian, Polish and English page, by PyStemmer and by
    the vendored Snowball JavaScript: one differing stem would make a word unfindable."""
    vocabulary = sorted({w for p in VAULT.rglob("*.md") for w in re.findall(r"[^\W_]+", fold(p.read_text("utf-8")))})
    assert len(vocabulary) > 2000
    page = browse.page()
    page.goto(site.url())
    js = page.evaluate("""async ([words]) => {
      const m = await import(new URL("static/js/search-words.js", document.baseURI).href);
      await m.ready(["pl"]);
      return ["ru", "pl", "en"].map((lang) => words.map((w) => m.stem(w, lang)));
    }""", [vocabulary])
    for lang, stems in zip(["ru", "pl", "en"], js):
        differ = [(w, stem(w, lang), s) for w, s in zip(vocabulary, stems) if stem(w, lang) != s]
        assert not differ, f"{lang}: {differ[:10]}"


def test_typo_buckets_are_the_ones_python_wrote(browse, site):
    """The browser files a word's typo keys under the buckets sitegen.search.typos chose."""
    stems = ["наставник", "mazowsz", "ёлка", "модел", "x"]
    keys = sorted({k for w in stems for k in typos.keys(w)})
    page = browse.page()
    page.goto(site.url())
    crcs, js_keys = page.evaluate("""async ([keys, stems]) => {
      const m = await import(new URL("static/js/search-engine.js", document.baseURI).href);
      return [keys.map((k) => m.crc32(k)), stems.map((s) => [...m.typoKeys(s)].sort())];
    }""", [keys, stems])
    assert crcs == [zlib.crc32(k.encode("utf-8")) for k in keys]
    assert js_keys == [sorted(typos.keys(s)) for s in stems]


def test_javascript_reads_the_postings_python_wrote(browse, site):
    shard = sorted((site.root / "search" / "t").glob("*.json"))[0]
    data = json.loads(shard.read_text("utf-8"))
    page = browse.page()
    page.goto(site.url())
    js = page.evaluate("""async ([lists]) => {
      const m = await import(new URL("static/js/search-engine.js", document.baseURI).href);
      return lists.map((text) => m.decodePostings(text));
    }""", [data["p"]])
    expected = []
    for text in data["p"]:
        ids, codes = postings.decode(text)
        expected.append([v for i, c in zip(ids, codes) for v in (i, ord(c) - 0x60)])
    assert js == expected


def _search(page, query):
    page.click(".search-button")
    page.wait_for_function("document.activeElement?.id === 'search-input'")  # keys typed before are lost
    page.locator("#search-input").press_sequentially(query)
    page.wait_for_function("document.getElementById('search').dataset.shown === document.getElementById('search-input').value")
    return page.locator("#search-results a.search-result")


def test_every_result_is_reachable_and_the_count_is_true(browse, site):
    page = browse.page()
    page.goto(site.url())
    results = _search(page, "наставничество")
    results.first.wait_for()
    count = int(re.search(r"\d+", page.locator(".search-status").inner_text()).group())
    assert count > 20 and results.count() == 20
    while page.locator(".search-more").is_visible():
        shown = results.count()
        page.click(".search-more")
        # the next batch loads asynchronously: wait for it before asking whether more remain
        page.wait_for_function("n => document.querySelectorAll('#search-results a.search-result').length > n", arg=shown)
    assert results.count() == count
    assert len({results.nth(i).get_attribute("href") for i in range(count)}) == count


def test_excerpt_highlights_the_match_and_does_not_repeat_the_title(browse, site):
    page = browse.page()
    page.goto(site.url())
    results = _search(page, "наставниками")
    first = results.first
    first.locator(".search-result-excerpt").wait_for()  # texts come after the list, for the results on screen
    marks = [m.lower() for m in first.locator("mark").all_inner_texts()]
    assert marks and all(m.startswith("наставник") for m in marks)
    title = first.locator(".search-result-title").inner_text()
    assert not first.locator(".search-result-excerpt").inner_text().startswith(title)
    browse.shot(page, "search-excerpts")


def test_only_the_results_on_screen_fetch_their_text(browse, site):
    page = browse.page(viewport={"width": 800, "height": 600})
    page.goto(site.url())
    texts: list[str] = []
    page.on("request", lambda r: texts.append(r.url) if "/search/x/" in r.url else None)
    results = _search(page, "наставничество")
    page.wait_for_function("document.getElementById('search').dataset.excerpts === 'наставничество'")
    assert results.count() == 20
    first = len(texts)
    assert 0 < first < 20
    results.nth(19).scroll_into_view_if_needed()
    results.nth(19).locator(".search-result-excerpt").wait_for()  # scrolled to: its text comes
    assert len(set(texts)) > first


def test_preview_pane_on_wide_screens(browse, site):
    page = browse.page(viewport={"width": 1400, "height": 900})
    page.goto(site.url())
    results = _search(page, "целевой модели")
    results.first.wait_for()
    page.keyboard.press("ArrowDown")
    preview = page.locator(".search-preview h1")
    preview.wait_for()
    assert "Целевая модель наставничества" in preview.inner_text()
    box = page.locator(".search-preview").bounding_box()
    assert box["width"] > 300 and box["x"] > page.locator("#search-results").bounding_box()["x"]
    browse.shot(page, "search-preview")


def test_a_previewed_result_opens_without_fetching_its_page_again(browse, site):
    """The preview takes its page from the cache instant navigation and hover previews share (pages.js)."""
    page = browse.page(viewport={"width": 1400, "height": 900})
    page.goto(site.url())
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url.split("#")[0]))
    results = _search(page, "целевой модели")
    results.first.wait_for()
    href = results.first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    page.locator(".search-preview h1").wait_for()
    page.keyboard.press("Enter")
    page.wait_for_function("href => location.href === href", arg=href)
    page.locator("main h1").wait_for()
    assert asked.count(href) == 1, asked


def test_narrow_screens_have_no_preview(browse, site):
    page = browse.page(viewport={"width": 800, "height": 900})
    page.goto(site.url())
    results = _search(page, "целевой модели")
    results.first.wait_for()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert not page.locator(".search-preview").is_visible()


def test_a_page_opened_from_a_file_says_search_needs_a_server(browser, site):
    """Browsers run no module script on file:// pages: the search button shows why instead of nothing."""
    context = browser.new_context(locale="ru-RU")
    try:
        page = context.new_page()
        page.goto((site.root / "index.html").as_uri())
        page.click(".search-button")
        status = page.locator("#search .search-status")
        status.wait_for()
        assert status.inner_text() == page.locator("#search").get_attribute("data-s-file")
        assert "с сервера" in status.inner_text()
    finally:
        context.close()
