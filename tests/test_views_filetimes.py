"""`file.size`, `file.ctime` and `file.mtime` in bases: front matter, else Git history, else the file's time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from conftest import build, page, write_vault
from sitegen.collect.filetimes import parse_git_log

TABLE = ("```base\nformulas:\n  c: file.ctime.year\n  m: file.mtime.year\nviews:\n  - type: table\n"
         "    name: T\n    order: [file.name, file.size, formula.c, formula.m]\n"
         "    sort:\n      - property: file.name\n        direction: ASC\n```\n")


def _git(repo, *args: str, when: str = "") -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def rows(html: str) -> dict[str, list[str]]:
    table = html[html.index("<table"):html.index("</table>")]
    found = {}
    for row in re.findall(r"<tr><td>(.*?)</tr>", table, re.S):
        cells = re.findall(r"(?:^|<td>)(?:<a [^>]*>)?([^<]*)", row)
        found[cells[0]] = cells[1:]
    return found


@pytest.mark.parametrize("log, expected", [
    ("", {}),
    ("\x011300000000\0\na.md\0b.md\0", {"a.md": (1300000000, 1300000000), "b.md": (1300000000, 1300000000)}),
    # newest first, as git log prints; a merge with no files in between
    ("\x012000\0\na.md\0\x011500\0\x011000\0\na.md\0c.md\0",
     {"a.md": (1000, 2000), "c.md": (1000, 1000)}),
    ("\x01100\0\nE\u0301mile.md\0", {"\u00c9mile.md": (100, 100)}),  # decomposed names as macOS writes them
])
def test_git_log_gives_first_and_last_commit_times(log, expected):
    assert parse_git_log(log) == expected


def test_sizes_and_front_matter_times_without_git(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "index.md": TABLE,
        "dated.md": "---\ncreated: 2019-01-01\nmodified: 2020-02-02T10:00:00\n---\nx\n",
        "plain.md": "Ünïcode text\n",
    })
    stamp = 1433116800  # 2015-06-01
    os.utime(vault / "plain.md", (stamp, stamp))
    build(vault, tmp_path / "site")
    found = rows(page(tmp_path / "site", ""))
    assert found["dated"] == [str((vault / "dated.md").stat().st_size), "2019", "2020"]
    assert found["plain"] == [str(len("Ünïcode text\n".encode("utf-8"))), "2015", "2015"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_history_gives_times_that_a_fresh_checkout_repeats(tmp_path):
    vault = write_vault(tmp_path / "v", {"index.md": TABLE, "a.md": "one\n"})

    def git(*args: str, when: str = "") -> None:
        _git(vault, *args, when=when)

    git("init", "-q")
    git("add", "a.md")
    git("commit", "-qm", "one", when="2011-05-01T00:00:00Z")
    (vault / "a.md").write_text("one\ntwo\n", encoding="utf-8")
    git("commit", "-qam", "two", when="2013-05-01T00:00:00Z")
    (vault / "new.md").write_text("not committed\n", encoding="utf-8")
    os.utime(vault / "new.md", (1433116800, 1433116800))
    os.utime(vault / "a.md", (1433116800, 1433116800))  # a checkout's file times say nothing
    build(vault, tmp_path / "one", git_dates=True)
    found = rows(page(tmp_path / "one", ""))
    assert found["a"] == ["8", "2011", "2013"]
    assert found["new"] == ["14", "2015", "2015"]  # Git does not know it: the file's time
    build(vault, tmp_path / "two", git_dates=True)
    assert (tmp_path / "one" / "index.html").read_bytes() == (tmp_path / "two" / "index.html").read_bytes()
    build(vault, tmp_path / "off", git_dates=False)  # the setting note pages obey: Bases too
    assert rows(page(tmp_path / "off", ""))["a"] == ["8", "2015", "2015"]


def test_bases_and_note_pages_take_the_same_front_matter_dates(tmp_path):
    """One rule (collect/notedates.py): the keys note pages show as created and modified, in any
    case, are the ones Bases read; `date` counts as created; a zoned time is taken in UTC."""
    vault = write_vault(tmp_path / "v", {
        "index.md": TABLE,
        "keys.md": "---\nDate Created: 2017-03-04\nLastMod: 2019-05-06\n---\nx\n",
        "dated.md": "---\ndate: 2016-01-01\n---\nx\n",
        "zoned.md": "---\ncreated: 2018-01-01T01:00:00+03:00\n---\nx\n",
    })
    stamp = 1433116800  # 2015-06-01: what Bases would show without a front-matter date
    for name in ("keys.md", "dated.md", "zoned.md"):
        os.utime(vault / name, (stamp, stamp))
    out = tmp_path / "site"
    build(vault, out)
    found = rows(page(out, ""))
    assert (found["keys"][1:], found["dated"][1:], found["zoned"][1:]) == \
        (["2017", "2019"], ["2016", "2015"], ["2017", "2015"])
    keys = page(out, "keys/")
    assert '<time datetime="2017-03-04T00:00:00+00:00">' in keys and '<time datetime="2019-05-06' in keys
    assert '<time datetime="2016-01-01T00:00:00+00:00">' in page(out, "dated/")
    assert '<time datetime="2017-12-31T22:00:00+00:00">' in page(out, "zoned/")

