"""The pages a reader gets: note pages, home, tags, folders, redirects, missing notes, 404, graph.json."""

from __future__ import annotations

import json
import re

import pytest

from conftest import build, codes, page, write_vault
from sitegen import cli
from sitegen.config import ConfigError, load_config
from sitegen.emit.theme import Theme, ThemeError

BASIC = {
    "index.md": "---\ntitle: База\n---\nДобро пожаловать. См. [[Наставник]] и [[Нет такой заметки]].\n",
    "Практики/Наставник.md": (
        "---\naliases: [Ментор]\ntags: [практика/наставничество, роль]\n"
        "date: 2022-11-21\ndescription: Кто такой наставник.\npermalink: mentor\n---\n"
        "## Обязанности\nПомогать [[Наставляемый|наставляемому]].\n\n## Права\nТекст #Проект\n"),
    "Практики/Наставляемый.md": (
        "---\ntags: [роль]\n---\nУ каждого есть [[Наставник]] — он помогает расти и учиться.\n\n"
        "Второй абзац без ссылки.\n"),
    "Практики/index.md": "Раздел о практиках. #проект\n",
    "Проекты/Амал.md": "---\ntags: [проект, Практика]\n---\nСм. [[Наставник#Права]].\n",
    "Черновик.md": "---\ndraft: true\n---\nСекрет.\n",
}


def test_note_page_has_title_date_tags_body_toc_breadcrumbs(site):
    result, out = site(BASIC)
    html = page(out, "практики/наставник/")
    assert "<h1>Наставник</h1>" in html
    assert '<time datetime="2022-11-21T00:00:00+00:00">21 ноября 2022</time>' in html
    assert 'href="../../tags/роль/">#роль</a>' in html
    assert '<h2 id="обязанности">Обязанности<a class="heading-anchor" href="#обязанности"' in html
    assert '<a href="#права">Права</a>' in html  # table of contents
    assert re.search(r'<p class="aliases">(<span[^>]*>)?Другие названия:(</span>)? <span[^>]*>Ментор</span></p>', html)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert ">База<" not in crumbs and ">Главная<" in crumbs and ">Практики<" in crumbs
    assert '<meta name="description" content="Кто такой наставник.">' in html


def test_backlinks_list_sources_with_context(site):
    _, out = site(BASIC)
    html = page(out, "практики/наставник/")
    backlinks = html[html.index('class="backlinks"'):]
    assert ">Наставляемый</a>" in backlinks
    assert "он помогает расти и учиться" in backlinks  # the paragraph around the link
    assert "Второй абзац" not in backlinks
    assert ">Амал</a>" in backlinks  # a heading link counts
    assert ">База</a>" in backlinks
    assert "Черновик" not in html


def test_home_page_renders_index_note(site):
    _, out = site(BASIC)
    html = page(out, "")
    assert "Добро пожаловать" in html
    assert 'href="практики/наставник/"' in html


def test_home_page_without_index_is_an_overview(site):
    files = {k: v for k, v in BASIC.items() if k != "index.md"}
    _, out = site(files)
    html = page(out, "")
    assert 'href="практики/"' in html  # folders
    assert "#практика/наставничество" in html  # tags
    assert "Чаще всего упоминаются" in html and ">Наставник</a>" in html  # most linked


def test_tag_pages_nest_and_fold_case(site):
    _, out = site(BASIC)
    parent = page(out, "tags/практика/")
    assert ">Наставник</a>" in parent  # listed under the parent of `практика/наставничество`
    assert ">Амал</a>" in parent  # `Практика` is the same tag as `практика`
    assert "#практика/наставничество" in parent  # child tags linked
    child = page(out, "tags/практика/наставничество/")
    assert ">Наставник</a>" in child and ">Амал</a>" not in child
    # An inline `#Проект` and front matter `проект` are one tag, shown as first seen.
    project = page(out, "tags/проект/")
    assert ">Амал</a>" in project and ">Наставник</a>" in project


def test_tag_index_counts_and_collation(site):
    _, out = site({"a.md": "#яблоко #Ёлка #ель #Банан #apple #еда", "b.md": "#ель [[a]]"})
    html = page(out, "tags/")
    names = re.findall(r'class="tag" href="[^"]+">#([^<]+)</a> <span class="count">(\d+)', html)
    # Cyrillic before Latin; `ё` sorts as `е` (CLDR), so Ёлка comes before ель.
    assert names == [("Банан", "1"), ("еда", "1"), ("Ёлка", "1"), ("ель", "2"), ("яблоко", "1"), ("apple", "1")]


def test_folder_page_with_intro_note(site):
    _, out = site(BASIC)
    html = page(out, "практики/")
    assert "Раздел о практиках." in html
    assert ">Наставник</a>" in html and ">Наставляемый</a>" in html
    generated = page(out, "проекты/")
    assert "<h1>Проекты</h1>" in generated and ">Амал</a>" in generated


def test_alias_and_permalink_redirects(site):
    _, out = site(BASIC)
    for url in ("ментор/", "mentor/"):
        html = page(out, url)
        assert '<meta http-equiv="refresh" content="0; url=../прак' in html
        assert '<meta name="robots" content="noindex">' in html
        assert 'rel="canonical"' in html


def test_redirect_canonical_is_absolute_with_base_url(site):
    _, out = site(BASIC, base_url="https://example.org/kb/")
    html = page(out, "ментор/")
    assert ('<link rel="canonical" href="https://example.org/kb/практики/наставник/">' in html)


def test_missing_notes_page_and_404(site):
    _, out = site(BASIC)
    html = page(out, "missing/")
    assert "Нет такой заметки" in html and ">База</a>" in html
    not_found = (out / "404.html").read_text()
    assert '<base' not in not_found and 'href="tags/"' in not_found  # relative: see below


def test_404_works_under_a_sub_path(site):
    _, out = site(BASIC, base_url="https://user.github.io/project/")
    assert '<base href="/project/">' in (out / "404.html").read_text()


def test_unresolved_link_is_styled_and_not_navigating(site):
    _, out = site(BASIC)
    html = page(out, "")
    assert '<a class="internal unresolved" data-target="Нет такой заметки">Нет такой заметки</a>' in html


def test_graph_json(site):
    _, out = site(BASIC)
    graph = json.loads((out / "graph.json").read_text())
    ids = {n["id"] for n in graph["nodes"]}
    assert ids == {"index", "Практики/Наставник", "Практики/Наставляемый", "Практики/index", "Проекты/Амал"}
    mentor = next(n for n in graph["nodes"] if n["id"] == "Практики/Наставник")
    assert mentor["url"] == "практики/наставник/" and mentor["title"] == "Наставник"
    # A tag is shown as first seen in path order: `Практики/index.md` writes `#проект`.
    assert mentor["tags"] == ["практика/наставничество", "роль", "проект"]
    assert {"source": "Проекты/Амал", "target": "Практики/Наставник", "kind": "link"} in graph["links"]
    assert graph["unresolved"] == [{"source": "index", "target": "Нет такой заметки", "line": 4}]


def test_unpublished_notes_have_no_page_and_links_to_them_warn(site):
    result, out = site({"a.md": "[[Черновик]]", "Черновик.md": "---\npublish: false\n---\nx"})
    assert not (out / "черновик").exists()
    assert "link-to-unpublished" in codes(result)
    assert "Секрет" not in (out / "graph.json").read_text()


def test_english_interface(site):
    _, out = site(dict(BASIC, **{"sitegen.toml": 'language = "en"\ntitle = "KB"\n'}))
    html = page(out, "практики/наставник/")
    assert '<html lang="en" ' in html and "Backlinks" in html and "21 November 2022" in html


def test_note_lang_is_marked(site):
    _, out = site({"a.md": "---\nlang: pl\n---\nProjekt [[b]]", "b.md": "x"})
    assert '<article class="note" lang="pl">' in page(out, "a/")


def test_only_linked_attachments_are_copied(site):
    _, out = site({"a.md": "![[used.png|100]] [doc](files/doc.pdf)", "used.png": b"\x89PNG",
                   "unused.png": b"\x89PNG", "files/doc.pdf": b"%PDF"})
    assert (out / "files" / "used.png").exists()
    assert (out / "files" / "files" / "doc.pdf").exists()
    assert not (out / "files" / "unused.png").exists()
    assert '<img class="embed-image" src="../files/used.png" alt="used.png" width="100"' in page(out, "a/")


def test_front_matter_values_are_escaped_everywhere(site):
    evil = '"><img src=x onerror=alert(1)>'
    _, out = site({"a.md": f"---\ntitle: '{evil}'\ndescription: '{evil}'\ntags: ['{evil}']\n"
                           f"aliases: ['{evil}']\n---\n[[b]]", "b.md": "[[a]]"})
    for path in out.rglob("*.html"):
        assert "<img src=x" not in path.read_text(), path
    assert "<img src=x" in json.loads((out / "graph.json").read_text())["nodes"][0]["title"]


def test_raw_html_is_sanitized_unless_trusted(site):
    body = ('<div class="box" onclick="x()">ok</div>\n\n<script>alert(1)</script>\n\n'
            '<a href="javascript:alert(1)">j</a> <img src=x onerror=alert(1)>\n')
    result, out = site({"a.md": body}, check_links=False)  # `<img src=x>` stays as written
    html = page(out, "a/").split('<div class="note-body">')[1].split("</article>")[0]
    assert "<script" not in html and "onclick" not in html and "onerror" not in html
    assert "javascript:" not in html and '<div class="box">ok</div>' in html
    assert "unsafe-html" in codes(result)
    _, trusted = site({"a.md": body, "sitegen.toml": "trust_html = true\n"}, check_links=False)
    assert "<script>alert(1)</script>" in page(trusted, "a/")


def test_body_is_never_a_template(site):
    _, out = site({"a.md": "{{ site.title }} {% if true %}x{% endif %} ${x}"})
    assert "{{ site.title }} {% if true %}x{% endif %} ${x}" in page(out, "a/")


def test_mermaid_script_only_when_configured_and_needed(site):
    files = {"a.md": "```mermaid\ngraph TD; A-->B\n```\n", "b.md": "без диаграмм [[a]]",
             "vendor/mermaid.min.js": "/* mermaid */"}
    _, out = site(files)
    assert "mermaid" not in "".join(re.findall(r"<script[^>]*>", page(out, "a/")))  # not loaded by default
    _, out = site(dict(files, **{"sitegen.toml": 'mermaid_script = "vendor/mermaid.min.js"\n'}))
    assert '<script src="../static/vendor/mermaid.min.js" defer></script>' in page(out, "a/")
    assert "mermaid.min.js" not in page(out, "b/")
    assert (out / "static" / "vendor" / "mermaid.min.js").read_text() == "/* mermaid */"


def test_search_index_is_built_in_russian(site):
    result, out = site(BASIC, search=True)
    meta = json.loads((out / "search" / "meta.json").read_text())
    assert meta["langs"] == ["ru"]
    assert meta["count"] >= 4
    assert result.timings["search"] > 0


def test_feed_sitemap_robots(site):
    _, out = site(BASIC, base_url="https://example.org/kb/")
    feed = (out / "feed.xml").read_text()
    assert "<title>Наставник</title>" in feed and "<updated>2022-11-21T00:00:00Z</updated>" in feed
    assert ('<link rel="alternate" type="text/html" href="https://example.org/kb/%D0%BF%D1%80%D0%B0%D0%BA'
            in feed)
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://example.org/kb/</loc>" in sitemap and "/tags/" in sitemap
    assert "%D0%BC%D0%B5%D0%BD%D1%82%D0%BE%D1%80" not in sitemap  # the alias redirect is not listed
    assert (out / "robots.txt").read_text().endswith("Sitemap: https://example.org/kb/sitemap.xml\n")


def test_nav_json_lists_folders_and_notes(site):
    _, out = site(BASIC)
    nav = json.loads((out / "nav.json").read_text())
    assert {"path": "Практики", "title": "Практики", "url": "практики/"} in nav["folders"]
    assert {"title": "Наставник", "url": "практики/наставник/", "folder": "Практики"} in nav["notes"]


# ---- What the vault's own configuration and templates may reach


@pytest.mark.parametrize("setting, message", [
    ('mermaid_script = "../outside.js"', "'mermaid_script' = '../outside.js' leads outside the vault"),
    ('mermaid_script = "/etc/hostname"', "'mermaid_script' = '/etc/hostname' leads outside the vault"),
    ('mermaid_script = "link.js"', "'mermaid_script' = 'link.js' leads outside the vault"),
    ('mermaid_script = "нет.js"', "'mermaid_script' = 'нет.js' is not a file in the vault"),
    ('mermaid_script = "javascript://x"', "'mermaid_script' must be a vault file or an https:// URL"),
    ('templates = "../shared-templates"', "'templates' = '../shared-templates' leads outside the vault"),
    ('theme = "../../themes/x"', "'theme' must be a theme's folder name, not a path"),
    ('cache_dir = "/tmp/elsewhere"', "'cache_dir' = '/tmp/elsewhere' leads outside the vault"),
    ('home = "../outside.md"', "'home' = '../outside.md' leads outside the vault"),
    ('base_url = "javascript:alert(1)"', "'base_url' must be an http:// or https:// URL"),
])
def test_configured_paths_stay_inside_the_vault(tmp_path, setting, message):
    (tmp_path / "outside.js").write_text("alert(1)")
    vault = write_vault(tmp_path / "v", {"a.md": "x", "sitegen.toml": f'title = "t"\n{setting}\n'})
    (vault / "link.js").symlink_to(tmp_path / "outside.js")
    with pytest.raises(ConfigError) as caught:
        load_config(vault)
    assert str(caught.value).startswith(f"sitegen.toml:2:1: bad-config: {message}")


def test_a_home_that_names_no_note_is_a_warning_and_the_home_lists_the_notes(site):
    result, out = site({"a.md": "x", "sitegen.toml": 'home = "нет.md"\n'})
    [diag] = [d for d in result.diagnostics if d.code == "bad-settings"]
    assert diag.file == "sitegen.toml" and "'нет.md' is no published note" in diag.message
    assert 'href="a/"' in page(out, "")


def test_control_characters_in_the_site_title_never_reach_the_pages(site):
    _, out = site({"a.md": "x", "sitegen.toml": 'title = "Site\\u001b[2J\\u0000 name"\ndescription = "d\\u0007"\n'})
    html = page(out, "a/")
    assert "Site[2J name</title>" in html and "\x1b" not in html and "\x00" not in html and "\x07" not in html


def test_a_base_url_from_the_command_line_is_checked_too(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    with pytest.raises(ConfigError, match=r"^--base-url: bad-config: 'base_url' must be an http"):
        load_config(vault, {"base_url": "javascript:alert(1)"})
    assert load_config(vault, {"base_url": "https://example.org/kb/"}).base_path == "/kb/"


def test_a_mermaid_script_url_and_a_vault_file_still_work(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x", "sitegen.toml": 'mermaid_script = "https://cdn.example/m.js"\n'})
    assert load_config(vault).mermaid_script == "https://cdn.example/m.js"


SANDBOX_ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ site.__class__ }}",
]


@pytest.mark.parametrize("template", SANDBOX_ESCAPES)
def test_vault_templates_render_in_the_sandbox(tmp_path, capsys, template):
    vault = write_vault(tmp_path / "v", {"a.md": "x",
                                         ".sitegen/templates/partials/footer.html": f"<footer>{template}</footer>\n"})
    code = cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--no-search", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "footer.html:1: template error:" in err and "unsafe" in err
    assert not (tmp_path / "out").exists()


def test_a_vault_theme_is_sandboxed_and_the_default_theme_is_not(tmp_path):
    theme = {".sitegen/themes/мой/templates/note.html": "{{ note.title.__class__.__name__ }}"}
    vault = write_vault(tmp_path / "v", dict({"a.md": "x", "sitegen.toml": 'theme = "мой"\n'}, **theme))
    with pytest.raises(ThemeError, match="note.html:1: template error: access to attribute '__class__'"):
        build(vault, tmp_path / "out")
    plain = write_vault(tmp_path / "plain", {"a.md": "x"})
    build(plain, tmp_path / "plain-out")
    assert not Theme("default", plain).sandboxed and Theme("мой", vault).sandboxed


def test_a_template_symlinked_out_of_the_vault_is_not_read(tmp_path):
    (tmp_path / "id_rsa").write_text("PRIVATE KEY")
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    (vault / ".sitegen" / "templates" / "partials").mkdir(parents=True)
    (vault / ".sitegen" / "templates" / "partials" / "footer.html").symlink_to(tmp_path / "id_rsa")
    with pytest.raises(ThemeError, match="symlink to a file outside the vault"):
        build(vault, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# ---- Reader fixes (issue 14): footer, robots.txt, 404 under an unknown sub-path
def test_footer_links_missing_notes_only_when_some_are_missing(site, tmp_path):
    _, out = site(BASIC)
    assert 'href="../../missing/"' in page(out, "практики/наставник/")
    whole = {"index.md": "См. [[Нота]].\n", "Нота.md": "Текст.\n"}
    _, out = site(whole)
    html = page(out, "нота/")
    assert "missing/" not in html and "<footer" in html


def test_robots_txt_has_no_relative_sitemap_without_base_url(site):
    _, out = site(BASIC)
    robots = (out / "robots.txt").read_text()
    assert robots == "User-agent: *\nAllow: /\n"  # a Sitemap line must be absolute


def test_404_without_base_url_inlines_its_css_and_has_no_root_base(site):
    _, out = site(BASIC)
    html = (out / "404.html").read_text()
    assert "<base" not in html  # <base href="/"> would send every link outside a sub-path
    assert 'rel="stylesheet" href="' not in html.split("css/syntax.css")[0]
    assert "<style>" in html and ".skip-link" in html  # the theme's CSS, inline
    _, out = site(BASIC, base_url="https://example.org/kb/")
    html = (out / "404.html").read_text()
    assert '<base href="/kb/">' in html and 'href="static/css/style.css' in html
