"""What a reader gets around a note's text: heading self-links, reading time, dates, related notes."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import build, codes, page, write_vault
from sitegen.collect.meta import NoteMeta
from sitegen.emit.reading import note_dates, reading_minutes
from test_views_filetimes import TABLE, rows
from sitegen.i18n import plural


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_every_heading_links_to_itself_and_embeds_add_no_links_or_ids(site):
    _, out = site({
        "Главная.md": "# Введение\n\n## Шаги\n\nТекст.\n\n## Шаги\n\nЕщё.\n\n![[Другая#Шаги]]\n",
        "Другая.md": "## Шаги\n\nЧужие шаги.\n",
    })
    html = page(out, "главная/")
    for ident in ("введение", "шаги", "шаги-1"):
        assert (f'id="{ident}">' in html and
                f'<a class="heading-anchor" href="#{ident}" aria-label="Ссылка на раздел"></a>' in html)
    # The embedded section keeps no id and no self-link: `#шаги` already means this page's heading.
    start = html.index('class="embed embed-note"')
    embed = html[start:html.index('</article>', start)]
    assert "heading-anchor" not in embed and ' id="' not in embed
    assert [i for i, n in Counter(_ids(html)).items() if n > 1] == []


def test_heading_link_label_follows_the_site_language(site):
    _, out = site({"Note.md": "## Steps\n\nText.\n"}, language="en")
    assert '<a class="heading-anchor" href="#steps" aria-label="Link to this section"></a>' in page(out, "note/")


@pytest.mark.parametrize("n, text", [
    (1, "1 минута"), (2, "2 минуты"), (4, "4 минуты"), (5, "5 минут"), (11, "11 минут"),
    (12, "12 минут"), (14, "14 минут"), (21, "21 минута"), (22, "22 минуты"), (25, "25 минут"),
    (101, "101 минута"), (111, "111 минут"), (112, "112 минут"), (0, "0 минут"),
])
def test_russian_plural_forms(n, text):
    assert plural(n, "минута|минуты|минут", "ru") == text


@pytest.mark.parametrize("n, text", [(1, "1 minute"), (2, "2 minutes"), (21, "21 minutes")])
def test_english_plural_forms(n, text):
    assert plural(n, "minute|minutes", "en") == text


@pytest.mark.parametrize("words, minutes", [(0, 0), (1, 1), (200, 1), (201, 2), (1000, 5), (4001, 21)])
def test_reading_minutes_round_up(words, minutes):
    assert reading_minutes(words) == minutes


def _meta(**extra) -> NoteMeta:
    meta = NoteMeta(extra={k: v for k, v in extra.items() if k != "date"})
    if "date" in extra:
        meta.date, meta.date_has_time = extra["date"], False
    return meta


def _day(y, m, d) -> dt.datetime:
    return dt.datetime(y, m, d, tzinfo=dt.timezone.utc)


GIT = (_day(2020, 1, 1), _day(2021, 6, 1))


@pytest.mark.parametrize("meta, committed, created, modified", [
    (_meta(), None, None, None),                                            # nothing known: nothing shown
    (_meta(), GIT, _day(2020, 1, 1), _day(2021, 6, 1)),                     # git alone
    (_meta(created=dt.date(2019, 5, 5)), GIT, _day(2019, 5, 5), _day(2021, 6, 1)),  # front matter wins
    (_meta(date=_day(2018, 1, 1)), None, _day(2018, 1, 1), None),          # `date` counts as created
    (_meta(created="2019-05-05", updated="2019-07-01"), GIT, _day(2019, 5, 5), _day(2019, 7, 1)),
    (_meta(Modified=dt.date(2022, 2, 2)), None, None, _day(2022, 2, 2)),    # keys in any case
    (_meta(created="не дата"), GIT, _day(2020, 1, 1), _day(2021, 6, 1)),    # unreadable: next source
    (_meta(), (_day(2020, 1, 1), _day(2020, 1, 1)), _day(2020, 1, 1), None),  # one commit: no "modified"
])
def test_note_dates_front_matter_then_git_then_nothing(meta, committed, created, modified):
    got = note_dates(meta, committed)
    assert (got[0] and got[0][0], got[1] and got[1][0]) == (created, modified)


def _git(repo: Path, *args: str, when: str = "") -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@b", GIT_COMMITTER_NAME="a",
               GIT_COMMITTER_EMAIL="a@b")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_dates_come_from_the_vault_git_history(tmp_path):
    repo = tmp_path / "repo"
    vault = write_vault(repo / "vault", {
        "Старая.md": "Первая версия.\n",
        "Датированная.md": "---\ncreated: 2015-03-08\n---\nТекст.\n",
    })
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "one", when="2020-01-01T12:00:00Z")
    (vault / "Старая.md").write_text("Вторая версия.\n", encoding="utf-8")
    (vault / "Новая.md").write_text("Ещё не в истории.\n", encoding="utf-8")
    _git(vault, "add", "Старая.md")
    _git(repo, "commit", "-qm", "two", when="2021-06-01T12:00:00Z")
    out = tmp_path / "out"
    build(vault, out, git_dates=True)
    old = page(out, "старая/")
    assert 'Создано: <time datetime="2020-01-01T12:00:00+00:00">1 января 2020</time>' in old
    assert 'Изменено: <time datetime="2021-06-01T12:00:00+00:00">1 июня 2021</time>' in old
    dated = page(out, "датированная/")
    assert '<time datetime="2015-03-08T00:00:00+00:00">8 марта 2015</time>' in dated
    assert "Изменено: <time datetime=\"2020" in dated  # git's last commit, after the created date
    assert "Создано" not in page(out, "новая/")  # uncommitted: no date, and never the build time
    first = {p: p.read_bytes() for p in out.rglob("*.html")}
    build(vault, out, git_dates=True)
    assert {p: p.read_bytes() for p in out.rglob("*.html")} == first


@needs_git
def test_a_shallow_clone_shows_no_git_dates_and_says_why(tmp_path):
    origin = write_vault(tmp_path / "origin", {"Заметка.md": "Текст.\n", "index.md": TABLE})
    _git(origin, "init", "-q")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "one", when="2020-01-01T12:00:00Z")
    (origin / "Заметка.md").write_text("Новый текст.\n", encoding="utf-8")
    _git(origin, "commit", "-qam", "two", when="2021-01-01T12:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", origin.as_uri(), str(clone)], check=True,
                   capture_output=True)
    out = tmp_path / "out"
    result = build(clone, out, git_dates=True)
    assert "shallow-history" in codes(result)
    assert "Создано" not in page(out, "заметка/")
    # Bases follow the same rule: the file's own time (2015 here), not the one commit's (2021).
    os.utime(clone / "Заметка.md", (1433116800, 1433116800))
    build(clone, out, git_dates=True)
    assert rows(page(out, ""))["Заметка"][1:] == ["2015", "2015"]


def test_reading_time_in_the_site_language(site):
    _, out = site({"Длинная.md": "слово " * 401 + "\n", "Короткая.md": "Три слова здесь.\n"})
    assert '<span class="reading-time">3 минуты чтения</span>' in page(out, "длинная/")
    assert '<span class="reading-time">1 минута чтения</span>' in page(out, "короткая/")
