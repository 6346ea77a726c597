"""The search index as files: scores, typo buckets, and the bytes of search/ across builds and watch mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build, write_vault
from sitegen.live.rebuild import LiveSite
from sitegen.search.scoring import PIVOT, tf_score
from sitegen.search.typos import bucket_of, keys, typo_buckets

VAULT = {
    "index.md": "Главная: [[Наставник]] и [[Проекты/Амал]].\n",
    "Наставник.md": "---\naliases: [Ментор]\ntags: [роль]\n---\n## Обязанности\nНаставник помогает наставляемым.\n",
    "Проекты/Амал.md": "---\nlang: pl\ntags: [проект]\n---\nProjekt Mazowsze i [[Наставник|наставники]].\n",
}
# Every file of the index for this vault, by name: a file that a build adds must be in the
# comparison, and one that vanished must fail it.
SEARCH_FILES = sorted(["search/meta.json", "search/r/0.json", "search/t/e66c3671.json", "search/tags.json",
                       "search/v/0.json", "search/x/00000000.json", "search/x/1c6240b9.json",
                       "search/x/97b0c8b8.json"])


def search_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "search").rglob("*")) if p.is_file()}


@pytest.mark.parametrize("count, length, more", [
    (2, 100, (1, 100)),   # more occurrences score more
    (1, 100, (1, 2000)),  # the same count weighs more in a short note
])
def test_tf_score_orders(count, length, more):
    assert tf_score(count, length) > tf_score(*more)


def test_tf_score_saturates():
    assert tf_score(1000, PIVOT) < 2.3 * tf_score(1, PIVOT)


@pytest.mark.parametrize("typo, word", [
    ("наставнек", "наставник"),   # a letter wrong at the end
    ("нцставник", "наставник"),   # … in the first three letters
    ("аставник", "наставник"),    # the first letter missing
    ("наставнник", "наставник"),  # a letter doubled
    ("натсавник", "наставник"),   # two letters swapped
])
def test_one_edit_anywhere_shares_a_bucket(typo, word):
    assert keys(typo) & keys(word)
    big = typo_buckets([word] + [f"слово{n:04d}" for n in range(3000)])
    shared = next(iter(keys(typo) & keys(word)))
    assert word in big[bucket_of(shared, len(big))]


def test_short_stems_and_whole_names_are_no_typo_targets():
    (bucket,) = typo_buckets(["на", "и", "целев модел ", "модел"])
    assert bucket == ["модел"]


def test_two_builds_write_the_same_search_files(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    build(vault, tmp_path / "a", search=True)
    build(vault, tmp_path / "b", search=True, jobs=2)
    first, second = search_files(tmp_path / "a"), search_files(tmp_path / "b")
    assert sorted(first) == SEARCH_FILES
    assert first == second


def test_document_files_hold_the_whole_text(tmp_path):
    long = "Вступление. " * 400 + "Последний абзац о кураторах."
    vault = write_vault(tmp_path / "v", {"index.md": "Главная", "Длинная.md": long})
    build(vault, tmp_path / "out", search=True)
    search = tmp_path / "out" / "search"
    records = json.loads((search / "r" / "0.json").read_text("utf-8"))
    (name,) = [name for _, title, name in records if title == "Длинная"]
    text = json.loads((search / "x" / f"{name}.json").read_text("utf-8"))
    assert text.endswith("Последний абзац о кураторах.")


def test_watch_mode_updates_the_index_like_a_full_build(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    site = LiveSite(vault, tmp_path / "served", {"jobs": 1, "search": True, "cache": False})
    site.build()
    (vault / "Наставник.md").write_text("---\naliases: [Ментор]\n---\nТеперь о кураторах.\n", encoding="utf-8")
    (vault / "Новая.md").write_text("Новая заметка о волонтёрах.\n", encoding="utf-8")
    site.apply([vault / "Наставник.md", vault / "Новая.md"])
    build(vault, tmp_path / "fresh", search=True)
    served = search_files(tmp_path / "served")
    assert served == search_files(tmp_path / "fresh")
    shards = "".join(v.decode() for k, v in served.items() if k.startswith("search/t/"))
    assert '"куратор' in shards and '"волонтер' in shards
