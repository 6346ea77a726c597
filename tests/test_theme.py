"""The default theme's contract with readers: metadata, search markup, no-JS fallbacks, weight, no external URLs."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import build, page

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "default"
VAULT = ROOT / "vault"
WEIGHT_BUDGET = 100 * 1024

FILES = {
    "index.md": "---\ntitle: База\ndescription: Всё о наставничестве.\n---\nСм. [[Наставник]] и [[Проекты/Амал]].\n",
    "Практики/Наставник.md": (
        "---\naliases: [Ментор]\ntags: [практика/наставничество, роль]\ndate: 2022-11-21\n"
        "description: Кто такой наставник.\n---\n## Обязанности\nПомогать [[Наставляемый|наставляемому]].\n\n"
        "## Права\nТекст.\n"),
    "Практики/Наставляемый.md": "---\ntags: [роль]\n---\nУ каждого есть [[Наставник]].\n",
    "Практики/index.md": "Раздел о практиках.\n",
    "Проекты/Амал.md": "---\ntags: [проект]\n---\nСм. [[Наставник#Права]] и [[Нет такой]].\n",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The small vault, built twice: with a base URL and search, and plainly."""
    root = tmp_path_factory.mktemp("theme")
    from conftest import write_vault
    vault = write_vault(root / "vault", FILES)
    build(vault, root / "full", base_url="https://example.org/kb/", search=True)
    build(vault, root / "plain")
    return root / "full", root / "plain"


@pytest.fixture(scope="module")
def vault_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("vault") / "site"
    build(VAULT, out, base_url="https://example.org/kb/")
    return out


def meta(html: str, prop: str) -> str | None:
    m = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)
    return m.group(1) if m else None


# ---- Metadata


def test_open_graph_tags_on_a_note(small):
    full, _ = small
    html = page(full, "практики/наставник/")
    assert meta(html, "og:title") == "Наставник"
    assert meta(html, "og:description") == "Кто такой наставник."
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:url") == "https://example.org/kb/практики/наставник/"
    assert meta(html, "og:site_name") == "Заметки"
    assert meta(html, "og:locale") == "ru_RU"
    assert '<link rel="canonical" href="https://example.org/kb/практики/наставник/">' in html
    assert '<meta name="description" content="Кто такой наставник.">' in html
    assert re.search(r"<title>Наставник — [^<]+</title>", html)


def test_open_graph_on_other_pages_and_without_base_url(small):
    full, plain = small
    for url in ("", "tags/", "tags/роль/", "graph/", "практики/"):
        assert meta(page(full, url), "og:type") == "website", url
    html = page(plain, "практики/наставник/")
    assert meta(html, "og:url") is None and 'rel="canonical"' not in html
    assert meta(html, "og:title") == "Наставник"


def test_english_locale(site):
    _, out = site({"a.md": "x", "sitegen.toml": 'language = "en"\n'})
    assert meta(page(out, "a/"), "og:locale") == "en_US"


def test_feed_is_announced_only_when_there_is_one(small, site):
    full, _ = small
    assert '<link rel="alternate" type="application/atom+xml" title="Заметки" href="../../feed.xml">' in page(
        full, "практики/наставник/")
    _, out = site({"a.md": "без даты"})
    assert "application/atom+xml" not in page(out, "a/")


# ---- Search markup


def indexed_docs(out) -> dict[str, list]:
    """url → [url, title] of every document in the site's search index (its record files)."""
    docs = [d for p in (out / "search" / "r").glob("*.json") for d in json.loads(p.read_text("utf-8"))]
    return {d[0]: d for d in docs}


def test_only_notes_folder_intros_and_home_are_indexed(small, site):
    full, _ = small
    docs = indexed_docs(full)
    assert {"практики/наставник/", "практики/", ""} <= set(docs)  # a note, a folder intro, the home note
    for url in ("проекты/", "tags/", "tags/роль/", "missing/", "graph/", "404.html", "ментор/"):
        assert url not in docs, url
    _, out = site({"a.md": "x"})
    assert "" not in indexed_docs(out)  # an overview home page lists titles only


def test_pages_carry_no_markup_of_an_external_indexer(small):
    full, _ = small
    html = page(full, "практики/наставник/")
    assert "data-pagefind" not in html  # search reads the notes themselves, not the written pages


def test_search_ui_only_when_an_index_is_built(small):
    full, plain = small
    html = page(full, "практики/наставник/")
    assert '<button type="button" class="search-button needs-js"' in html
    assert '<dialog id="search"' in html and 'id="search-input"' in html and 'id="search-tag"' in html
    assert re.search(r"<noscript>.*Поиск.*JavaScript.*</noscript>", html)
    assert (full / "search" / "meta.json").exists()
    bare = page(plain, "практики/наставник/")
    assert "search-button" not in bare and "<dialog" not in bare


# ---- Chrome: theme, explorer, graph, no-JS


def test_theme_toggle_and_early_theme_script(small):
    _, plain = small
    html = page(plain, "практики/наставник/")
    head = html[: html.index("</head>")]
    assert re.search(r'<button type="button" class="icon-button theme-toggle[^"]*" aria-pressed="false" aria-label="[^"]+">',
                     html)
    # The stored theme is applied by an inline script before any stylesheet, so there is no flash.
    assert head.index("sitegen-theme") < head.index('rel="stylesheet"')
    assert '<html lang="ru" data-root="../.././" data-url="практики/наставник/">' in html


def test_explorer_container_and_toggle(small):
    _, plain = small
    html = page(plain, "практики/наставник/")
    assert re.search(r'<nav id="explorer" class="explorer" aria-label="[^"]+"', html)
    assert 'aria-controls="explorer" aria-expanded="false"' in html
    assert (plain / "nav.json").exists()


def test_graph_containers_and_noscript(small):
    _, plain = small
    note = page(plain, "практики/наставник/")
    assert re.search(r'<div class="graph graph-local" data-graph="local" data-id="Практики/Наставник"', note)
    assert re.search(r"<noscript><p class=\"noscript-note\">[^<]*JavaScript", note)
    graph = page(plain, "graph/")
    assert 'data-graph="global"' in graph and "<noscript>" in graph


def test_script_messages_come_once_per_site_not_in_every_page(small, site):
    full, _ = small
    note = page(full, "практики/наставник/")
    # Only what differs per page stays in it: the graph's label; the file:// notice (no module runs there).
    assert re.findall(r' (data-s-[a-z]+)=', note) == ["data-s-label", "data-s-file"]
    text = (full / "static" / "js" / "strings.js").read_text(encoding="utf-8")
    strings = json.loads(text.removeprefix("export default ").removesuffix(";\n"))
    assert strings["graph"]["sNotes"] == "заметка|заметки|заметок"
    assert strings["search"]["sEmpty"] == "Ничего не найдено"
    _, english = site({"sitegen.toml": 'language = "en"\n', "a.md": "Text.\n"})
    assert '"sEmpty": "No results"' in (english / "static" / "js" / "strings.js").read_text(encoding="utf-8")
    graph = page(full, "graph/")  # the one global graph page keeps its own wording
    assert "data-s-alt=" in graph and "data-s-loading=" in graph


def test_404_without_base_url_is_relative(small):
    # No <base href="/">: under an unknown sub-path it would send links and CSS off the site.
    _, plain = small
    html = (plain / "404.html").read_text(encoding="utf-8")
    assert '<base' not in html and 'data-root="./"' in html and "<style>" in html


def test_syntax_css_only_on_pages_with_code(site):
    _, out = site({"a.md": "```python\nx = 1\n```\n", "b.md": "текст [[a]]"})
    assert "css/syntax.css" in page(out, "a/") and "css/syntax.css" not in page(out, "b/")


# ---- Built-site properties over the whole repository vault


class Refs(HTMLParser):
    """URLs a page loads or links from script, link, img; ids and buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.untyped_buttons = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "button" and "type" not in a:
            self.untyped_buttons += 1
        if tag in ("script", "link", "img"):
            self.loads.append((tag, a))


def parse(path: Path) -> Refs:
    refs = Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def test_no_external_urls_and_valid_basics(vault_site):
    for path in vault_site.rglob("*.html"):
        refs = parse(path)
        for tag, a in refs.loads:
            url = a.get("src") or a.get("href") or ""
            external = re.match(r"([a-z][a-z0-9+.-]*:)?//", url, re.I)
            if tag == "link" and a.get("rel") == "canonical":
                continue  # metadata: the page's own public address
            assert not external, f"{path}: {tag} loads {url}"
        assert len(refs.ids) == len(set(refs.ids)), f"{path}: duplicate ids"
        assert refs.untyped_buttons == 0, path


def page_weight(site: Path, path: Path) -> int:
    """Bytes a page loads at once: its HTML, stylesheets, scripts (and their static imports)."""
    total = path.stat().st_size
    for tag, a in parse(path).loads:
        if (tag == "link" and a.get("rel") == "stylesheet") or (tag == "script" and a.get("src")):
            target = (path.parent / (a.get("href") or a.get("src"))).resolve()
            total += target.stat().st_size
            if tag == "script":
                text = target.read_text(encoding="utf-8")
                for dep in re.findall(r'^import\s[^;]*?from\s+"([^"]+)"', text, re.M):
                    total += (target.parent / dep).stat().st_size
    return total


def test_every_note_page_stays_under_the_weight_budget(vault_site):
    notes = [p for p in vault_site.rglob("index.html") if 'class="page-note"' in p.read_text(encoding="utf-8")]
    assert len(notes) > 50
    heaviest = max(notes, key=lambda p: page_weight(vault_site, p))
    assert page_weight(vault_site, heaviest) < WEIGHT_BUDGET, heaviest


def test_scripts_name_their_job_and_lazy_modules_exist():
    js = THEME / "static" / "js"
    for path in js.glob("*.js"):
        assert path.read_text(encoding="utf-8").startswith(f"// {path.name} — "), path.name
    for path in js.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for dep in re.findall(r'(?:import\(|new URL\()"\./([^"]+\.js)"', text):
            assert (js / dep).exists(), f"{path.name} loads missing {dep}"
    site_js = (js / "site.js").read_text(encoding="utf-8")
    assert 'import("./search.js")' in site_js and 'import("./graph.js")' in site_js
    assert 'import("./popover.js")' in site_js and not re.search(r"^import ", site_js, re.M)
