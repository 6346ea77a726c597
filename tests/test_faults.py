"""One note never stops the build: any failure in one note is a diagnostic there, the note still has a page."""

from __future__ import annotations

import pytest

from conftest import build, codes, page, write_vault
from sitegen import cli
from sitegen.collect import model as model_module, resolving
from sitegen.emit import embedding, redirects
from sitegen.emit import writer
from sitegen.live.rebuild import LiveSite
from sitegen.syntax import markdown

DEEP_YAML = "---\nx: " + "[" * 250 + "]" * 250 + "\ntitle: Deep\n---\nbody of deep\n"
FAR_DATE = "---\ndate: 9999-12-31T23:59:59-12:00\ntitle: Far\n---\nbody of far\n"


def internal(result, src: str) -> list:
    return [d for d in result.diagnostics if d.code == "internal-error" and d.file == src]


def test_front_matter_that_breaks_the_loader_loses_only_its_key(site):
    result, out = site({"bad.md": DEEP_YAML, "ok.md": "[[bad]]"})
    [diag] = internal(result, "bad.md")
    assert diag.line == 2  # the key that failed, not the whole file
    html = page(out, "bad/")
    assert "<title>Deep" in html and "body of" in html  # the other keys and the body survive
    assert "bad/" in page(out, "ok/")


# Real dates whose UTC form is in year 0 or 10000: Python cannot hold them (OverflowError).
@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00+14:00",
                                   "0001-01-01 00:00:00+14:00"])
@pytest.mark.parametrize("key", ["date", "created", "modified", "updated"])
def test_a_date_out_of_range_is_a_warning_at_its_value_and_the_note_builds(site, key, value):
    result, out = site({"bad.md": f"---\ntitle: Far\n{key}: {value}\n---\nbody of far\n", "ok.md": "[[bad]]"})
    assert internal(result, "bad.md") == []
    [diag] = [d for d in result.diagnostics if d.file == "bad.md"]
    assert (diag.line, diag.col, diag.code, diag.severity) == (3, len(key) + 3, "date-out-of-range", "warning")
    html = page(out, "bad/")
    assert "<title>Far" in html and "body of far" in html and "<time" not in html


def test_cli_reports_such_notes_in_one_line_each(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"deep.md": DEEP_YAML, "far.md": FAR_DATE, "ok.md": "fine"})
    status = cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--no-cache", "--no-search"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert "deep.md:2:1: internal-error:" in err and "far.md:2:7: date-out-of-range:" in err
    assert (tmp_path / "out" / "deep" / "index.html").exists()
    assert cli.main(["check", str(vault)]) == 1
    assert "Traceback" not in capsys.readouterr().out


@pytest.fixture
def broken_code_spans(monkeypatch):
    """A renderer bug: every inline code span raises while it renders."""
    real = markdown.make_md.__wrapped__

    def make(language="ru", line_breaks="obsidian"):
        md = real(language, line_breaks)

        def boom(*args):
            raise ValueError("renderer bug")

        md.add_render_rule("code_inline", boom)
        return md

    monkeypatch.setattr(markdown, "make_md", make)


def test_a_block_that_fails_to_render_leaves_a_notice_and_the_rest(site, broken_code_spans):
    result, out = site({"a.md": "first paragraph\n\nsee `code` here\n\nlast paragraph", "b.md": "plain"})
    [diag] = internal(result, "a.md")
    assert diag.line == 3 and "renderer bug" in diag.message
    html = page(out, "a/")
    assert "first paragraph" in html and "last paragraph" in html
    assert "could not be rendered" in html and "see <code>" not in html
    assert "plain" in page(out, "b/")


def test_resolving_one_notes_links_can_fail_alone(site, monkeypatch):
    real = resolving.resolve_links

    def resolve(record, *rest):
        if record.src == "a.md":
            raise KeyError("resolver bug")
        return real(record, *rest)

    monkeypatch.setattr(resolving, "resolve_links", resolve)
    result, out = site({"a.md": "links to [[b]]", "b.md": "links to [[a]]"}, check_links=False)
    assert internal(result, "a.md") and not internal(result, "b.md")
    assert "links to" in page(out, "a/") and 'href="../a/"' in page(out, "b/")


# Each step of collecting one note's part of the model, as (module, function): a fault there
# is injected for a.md only (any argument whose `src` is a.md).
COLLECT_STEPS = [
    (resolving, "resolve_links"),  # where its links lead
    (model_module, "_note"),  # title, tags and typed properties
    (model_module, "_spelled_tags"),  # its tags in the site's tag table
    (model_module, "property_problems"),  # its properties checked against their types
    (redirects, "_note_redirects"),  # its aliases and permalink
    (embedding, "_in_anchor"),  # the embed walk (cycles, depth)
]
FAULT_VAULT = {
    "a.md": "---\ntags: [x]\naliases: [Эй]\nauthor: '[[b]]'\nrating: 3\n---\n# A\nbody of a [[b]] #y ![[b]]\n",
    "b.md": "---\ntags: [x]\n---\nbody of b [[a]] [[Эй]] #y\n",
    "c.md": "body of c #x [[b]]",
}


def fault_in(monkeypatch, module, name: str, src: str = "a.md") -> None:
    real = getattr(module, name)

    def broken(*args, **kwargs):
        if any(getattr(a, "src", None) == src for a in args):
            raise RuntimeError("injected fault")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, broken)


@pytest.mark.parametrize("module,name", COLLECT_STEPS, ids=[n for _, n in COLLECT_STEPS])
def test_a_fault_while_collecting_one_note_is_a_diagnostic_there(tmp_path, capsys, monkeypatch, module, name):
    fault_in(monkeypatch, module, name)
    vault = write_vault(tmp_path / "v", FAULT_VAULT)
    status = cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--no-cache", "--no-search"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    [failure] = [line for line in err.splitlines() if ": internal-error: " in line]
    assert failure.startswith("a.md:1:1: internal-error: ") and "injected fault" in failure
    out = tmp_path / "out"
    assert "body of a" in page(out, "a/")  # published with what could be collected
    assert "body of b" in page(out, "b/") and 'href="../a/"' in page(out, "b/")
    assert "body of c" in page(out, "c/") and 'href="../../c/"' in page(out, "tags/x/")  # the others are whole
    assert cli.main(["check", str(vault)]) == 1 and "Traceback" not in capsys.readouterr().out


@pytest.mark.parametrize("module,name", COLLECT_STEPS, ids=[n for _, n in COLLECT_STEPS])
def test_serve_keeps_updating_when_collecting_an_edited_note_fails(tmp_path, monkeypatch, module, name):
    vault = write_vault(tmp_path / "v", FAULT_VAULT)
    live = LiveSite(vault, tmp_path / "out", {"jobs": 1, "search": False})
    live.build()
    fault_in(monkeypatch, module, name)
    edited = FAULT_VAULT["a.md"].replace("body of a", "edited body of a").replace("[x]", "[x, z]")
    (vault / "a.md").write_text(edited, encoding="utf-8")
    update = live.apply([vault / "a.md"])
    assert [d.file for d in update.diagnostics if d.code == "internal-error"] == ["a.md"]
    assert "edited body of a" in page(tmp_path / "out", "a/")
    monkeypatch.undo()  # the bug is fixed: the next save brings the note back whole
    (vault / "a.md").write_text(FAULT_VAULT["a.md"], encoding="utf-8")
    update = live.apply([vault / "a.md"])
    assert not [d for d in update.diagnostics if d.code == "internal-error"]
    assert "tags/x/" in page(tmp_path / "out", "a/")


def test_a_page_that_fails_to_render_is_a_notice_page(site, monkeypatch):
    real = writer.render_page

    def render(theme, ctx, page_, *rest):
        if page_.key == "a.md":
            raise RuntimeError("template bug")
        return real(theme, ctx, page_, *rest)

    monkeypatch.setattr(writer, "render_page", render)
    result, out = site({"a.md": "x", "b.md": "[[a]]"})
    [diag] = internal(result, "a.md")
    assert "template bug" in diag.message
    assert "could not be rendered" in page(out, "a/") and "build log" in page(out, "a/")
    assert 'href="../a/"' in page(out, "b/")


def test_page_failures_come_back_from_forked_writers(tmp_path, monkeypatch):
    real = writer.render_page

    def render(theme, ctx, page_, *rest):
        if page_.key == "n7.md":
            raise RuntimeError("template bug")
        return real(theme, ctx, page_, *rest)

    monkeypatch.setattr(writer, "render_page", render)
    vault = write_vault(tmp_path / "v", {f"n{i}.md": f"note {i}" for i in range(400)})
    result = build(vault, tmp_path / "out", jobs=2)
    assert [d.file for d in result.diagnostics if d.code == "internal-error"] == ["n7.md"]
    assert "could not be rendered" in page(tmp_path / "out", "n7/")


def test_last_resort_handler_prints_one_line_and_exits_2(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("unexpected\nsecond line \x1b[31m")

    monkeypatch.setattr(cli, "build_site", broken)
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err
    assert "internal error: ValueError: unexpected" in err and "SITEGEN_DEBUG" in err
    monkeypatch.setenv("SITEGEN_DEBUG", "1")
    with pytest.raises(ValueError):
        cli.main(["build", str(vault), "-o", str(tmp_path / "out")])


def test_codes_are_known():
    from sitegen.diagnostics import CODES
    assert CODES["internal-error"] == "error"


def test_files_deleted_during_the_build_are_diagnosed(tmp_path, monkeypatch):
    from sitegen import site as site_module

    real = site_module.scan_vault

    def scan_then_delete(*args, **kwargs):
        found = real(*args, **kwargs)
        (tmp_path / "v" / "gone.md").unlink()  # after the scan, before anything reads it
        (tmp_path / "v" / "pic.png").unlink()
        return found

    monkeypatch.setattr(site_module, "scan_vault", scan_then_delete)
    vault = write_vault(tmp_path / "v", {"gone.md": "x", "pic.png": b"\x89PNG", "a.md": "![[pic.png]] [[gone]]"})
    result = build(vault, tmp_path / "out", check_links=False)
    vanished = sorted(d.file for d in result.diagnostics if d.code == "file-vanished")
    assert vanished == ["gone.md", "pic.png"]
    assert "a.md" in {d.file for d in result.diagnostics}  # its link is reported, the page is there
    assert (tmp_path / "out" / "a" / "index.html").exists()
