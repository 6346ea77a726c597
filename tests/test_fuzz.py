"""Random vaults never break a build: exit 0 or 1, no traceback, a page for every note, the same bytes twice.

SITEGEN_FUZZ_EXAMPLES sets how many vaults are tried (default 12, about 15 s); CI or a
long local run can raise it, e.g. SITEGEN_FUZZ_EXAMPLES=500.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import build
from sitegen import cli
from sitegen.collect.slugs import nfc, output_file

EXAMPLES = int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "12"))
ARGS = ["--no-cache", "--no-search", "--jobs", "1", "-q"]

# Characters a hostile or unlucky vault holds: Cyrillic, spaces, Markdown and path
# punctuation, controls (ESC, newline, DEL, C1), bidi overrides, an emoji.
ALPHABET = st.sampled_from(list("abzАяё ._-#^|[]()!*%&?'\"<>:;\\~`$") + ["\x01", "\x1b", "\n", "\t", "\x7f",
                                                                           "\x85", "\u202e", "😀", "\ufeff"])
WORDS = st.text(ALPHABET, min_size=0, max_size=30)
NAMES = st.text(st.sampled_from(list("abАяё _-.,()'&#^!") + ["\x1b", "\n", "\x7f", "\u202e"]),
                min_size=1, max_size=70).filter(
    lambda n: n.strip(". ") and not n.startswith(".") and len(n.encode()) < 200)  # dot files are hidden


def yaml_value(depth: int = 0) -> st.SearchStrategy[str]:
    scalars = st.sampled_from(["9999-12-31T23:59:59-12:00", "0001-01-01", "2024-02-30", "-1e999", "~",
                               "'[[a]]'", "\"#тег\"", "yes", "[", "{", "*anchor", "&a x", "!!python/object x",
                               "0x1F", "'\x1b'", "\"\\u0000\"", "|", ">-",
                               # names the site uses, paths that leave, dates UTC cannot hold
                               "0001-01-01T00:00+14:00", "\"/\"", "index", "404.html", "static", "tags/x",
                               "\"../..\"", "CON", "aux.txt", "'" + "я" * 140 + "'", "\"\\e[31m\\a\\0\"",
                               "[index, graph, search]"]) | WORDS.map(repr)
    nested = st.integers(1, 300).map(lambda n: "[" * n + "]" * n)
    return st.one_of(scalars, nested, st.lists(scalars, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"))


FRONT = st.lists(st.tuples(st.sampled_from(["title", "aliases", "tags", "date", "permalink", "cssclasses",
                                           "description", "x", "автор", "lang", "a b", "created", "Updated",
                                           "draft", "publish"]), yaml_value()),
                 max_size=5).map(lambda kv: "---\n" + "".join(f"{k}: {v}\n" for k, v in kv) + "---\n")


def body(names: list[str]) -> st.SearchStrategy[str]:
    target = st.sampled_from(names + ["нет такой", "../../etc/passwd", "a#b#^c", ""])
    pieces = st.one_of(
        WORDS,
        target.map(lambda t: f"[[{t}]]"), target.map(lambda t: f"![[{t}]]"), target.map(lambda t: f"[x]({t})"),
        target.map(lambda t: f"[[{t}|{t}]]"), target.map(lambda t: f"![[{t}#^id]]"),
        st.sampled_from(["> [!note] T\n> body", "> [!warning]-\n>> [!tip]+ deep", "<div>", "</div>",
                         "<script>alert(1)</script>", "<iframe src=//evil>", "<svg onload=x>", "```",
                         "$$", "$x^", "%%", "==", "#tag/sub", "#", "^block", "- [ ] task", "| a | b |\n|-|-|",
                         "[^1]", "[^1]: note", "\n\n", "\n---\n", "<!--", "&#0;", "\x00", "\r\n",
                         "#" + "т" * 140, "#a/../b", "\n## Search\n", "\n# content\n", "![[x.svg]]",
                         "<iframe src=\"/\\evil\">", "<a data-graph=local>", "\n```base\nviews: [\n```\n",
                         "\n$$\n\\begin{x}\n$$\n", "[[#^" + "b" * 300 + "]]"]),
        st.integers(1, 2000).map(lambda n: "[" * n), st.integers(1, 60).map(lambda n: ">" * n + " x"),
    )
    return st.lists(pieces, max_size=25).map(" ".join)


@st.composite
def vaults(draw) -> dict[str, str]:
    names = draw(st.lists(NAMES, min_size=1, max_size=6, unique_by=lambda n: n.casefold()))
    files = {}
    for i, name in enumerate(names):
        folder = draw(st.sampled_from(["", "папка/", "a/b/", f"{names[0]}/"])).replace("\n", " ")
        text = (draw(FRONT) if draw(st.booleans()) else "") + draw(body(names))
        files[f"{folder}{name}.md"] = text
    return files


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@settings(max_examples=EXAMPLES, deadline=None, derandomize="SITEGEN_FUZZ_SEED" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(files=vaults())
def test_random_vaults_build(capfd, files):
    with tempfile.TemporaryDirectory() as tmp:
        vault = write(Path(tmp) / "vault", files)
        first, second = Path(tmp) / "one", Path(tmp) / "two"
        capfd.readouterr()
        status = cli.main(["build", str(vault), "-o", str(first), *ARGS])
        err = capfd.readouterr().err
        assert status in (0, 1), err
        assert "Traceback" not in err and "internal error" not in err, err
        result = build(vault, second, check_links=False)
        model = result.model
        said = {d.file for d in result.diagnostics}
        for rel in files:  # every file is a note of the model, or a diagnostic says why not
            assert nfc(rel) in model.records or nfc(rel) in said, rel
        unpublished = {r.src for r in model.records.values() if not r.meta.is_published(model.config.publish)}
        for src in model.records:
            if src in unpublished or not model.records[src].readable:
                continue
            assert src in model.notes, src
            assert (second / output_file(model.notes[src].url)).is_file(), src
        assert tree(first) == tree(second)
