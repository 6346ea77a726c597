"""`sitegen build` after edits updates the last build's site (sitegen.live.resume): the same bytes and problems as a full build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, write_vault
from sitegen.config import load_config
from sitegen.live import resume
from sitegen.site import build_site
from test_cache import _Payload
from test_live import START, STEPS, edit, tree

# Edits outside the notes and attachments: these need a full build.
FULL = {"type a property in .obsidian", "override a template", "change the config"}


def cli_build(vault: Path, out: Path, cache: Path, search: bool = True):
    """What `sitegen build` does: the cache on, and the shortcuts for unchanged inputs."""
    config = load_config(vault, {"jobs": 1, "search": search, "cache": True, "cache_dir": str(cache)})
    return build_site(vault, out, config, skip_unchanged=True)


def formatted(result) -> list[str]:
    return [d.format() for d in result.diagnostics]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume")
    vault = write_vault(root / "vault", START)
    first = cli_build(vault, root / "site", root / "cache")
    assert "resume" not in first.timings and (root / "cache" / resume.FILE_NAME).is_file()
    return vault, root


@pytest.mark.parametrize("name,ops", STEPS, ids=[s[0] for s in STEPS])
def test_a_build_after_edits_equals_a_full_build(site, name, ops):
    vault, root = site
    for rel, text in ops:
        edit(vault, rel, text)
    result = cli_build(vault, root / "site", root / "cache")
    fresh = root / f"fresh-{STEPS.index((name, ops))}"
    full = build(vault, fresh, search=True)
    assert tree(root / "site") == tree(fresh)
    assert formatted(result) == formatted(full)
    assert (result.notes, result.pages) == (full.notes, full.pages)
    assert ("resume" in result.timings) == (name not in FULL)


def test_the_old_site_is_untouched_by_a_resumed_build(tmp_path):
    """Pages are replaced in the staging folder, never written through the hard links."""
    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache, search=False)
    page = out / "наставник" / "index.html"
    before = page.read_bytes()
    old = tmp_path / "old-page.html"
    old.hardlink_to(page)  # what a reader of the old site still has open
    edit(vault, "Наставник.md", "---\ntags: [роль]\n---\nСовсем другой текст.\n")
    assert "resume" in cli_build(vault, out, cache, search=False).timings
    assert old.read_bytes() == before
    assert "Совсем другой текст." in page.read_text(encoding="utf-8")


def test_a_touched_output_or_a_damaged_state_means_a_full_build(tmp_path):
    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache, search=False)
    good = tree(out)
    (out / "graph.json").write_text("{}", encoding="utf-8")
    edit(vault, "Сводка.md", "Другая сводка.")
    assert "resume" not in cli_build(vault, out, cache, search=False).timings
    (cache / resume.FILE_NAME).write_bytes(b"not a pickle")
    edit(vault, "Сводка.md", "![[Проекты/Обзор]]")
    assert "resume" not in cli_build(vault, out, cache, search=False).timings
    assert tree(out) == good


def test_the_saved_state_is_data_and_a_planted_pickle_never_runs(tmp_path):
    import json
    import pickle

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache, search=False)
    state = cache / resume.FILE_NAME
    assert json.loads(state.read_text(encoding="utf-8"))  # JSON text, not a pickle
    assert not any(p.name.endswith(".pickle") for p in cache.iterdir())
    marker = tmp_path / "ran.txt"
    for name in (resume.FILE_NAME, "live.pickle"):  # where this and earlier versions kept it
        (cache / name).write_bytes(pickle.dumps(_Payload(marker)))
    edit(vault, "Сводка.md", "Сводка после подмены.")
    result = cli_build(vault, out, cache, search=False)
    assert not marker.exists()
    assert "resume" not in result.timings
    assert formatted(result) == formatted(build(vault, tmp_path / "fresh", search=False))


@pytest.mark.parametrize("damage", ["truncated", "foreign json", "wrong shape", "empty"])
def test_a_damaged_state_means_one_full_build_without_a_warning(tmp_path, damage):
    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache, search=True)
    state = cache / resume.FILE_NAME
    text = state.read_bytes()
    state.write_bytes({"truncated": text[: len(text) // 2], "foreign json": b'{"version": 2}',
                       "wrong shape": b"[2, 1, 2, 3]", "empty": b""}[damage])
    edit(vault, "Сводка.md", "Сводка после поломки.")
    result = cli_build(vault, out, cache, search=True)
    fresh = build(vault, tmp_path / "fresh", search=True)
    assert "resume" not in result.timings
    assert formatted(result) == formatted(fresh)  # no warning about the state: it is only a shortcut
    assert tree(out) == tree(tmp_path / "fresh")
    edit(vault, "Сводка.md", "И ещё раз.")
    assert "resume" in cli_build(vault, out, cache, search=True).timings  # the full build saved a good one


def test_a_resumed_build_re_indexes_only_the_edited_note(tmp_path, monkeypatch):
    """The search index's state is saved with the build: an edit updates it, not remakes it."""
    from sitegen.search import site_index

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    calls = []
    real = site_index.update

    def spy(previous, changed, removed, write=None):
        changed = list(changed)
        calls.append((previous is not None, sorted(d.url for d in changed)))
        return real(previous, changed, removed, write)

    monkeypatch.setattr(site_index, "update", spy)
    for n, text in enumerate(["Сводка с новым словом «куратор».", "Сводка: теперь о волонтёрах."]):
        edit(vault, "Сводка.md", text)
        calls.clear()
        assert "resume" in cli_build(vault, out, cache).timings
        assert calls == [(True, ["сводка/"])]  # the state saved by the full build, then by the resume
        fresh = tmp_path / f"fresh-{n}"
        build(vault, fresh, search=True)
        assert tree(out) == tree(fresh)


def test_a_saved_index_that_does_not_fit_means_the_index_made_in_full(tmp_path):
    import json

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    state = cache / resume.FILE_NAME
    data = json.loads(state.read_text(encoding="utf-8"))
    data[-1][0][0] = "a-page-that-is-not-there/"  # the first document's url
    state.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edit(vault, "Сводка.md", "Сводка после подмены индекса.")
    result = cli_build(vault, out, cache)
    assert "resume" in result.timings
    # The summary says why this resume took longer (a remark, not a problem).
    assert result.remarks == ["search index made in full: the saved search index has a note the last build "
                              "did not publish (a-page-that-is-not-there/)"]
    assert not [d for d in result.diagnostics if "search" in d.code]
    build(vault, tmp_path / "fresh", search=True)
    assert tree(out) == tree(tmp_path / "fresh")


def test_the_summary_line_ends_with_why_the_index_was_made_in_full(capsys):
    from sitegen.cli import _report
    from sitegen.site import BuildResult

    _report(BuildResult(notes=3, pages=5, seconds=1.0, remarks=["search index made in full: why"]), False, "built")
    assert capsys.readouterr().err.strip() == "sitegen: built 3 notes, 5 pages in 1.00 s; no problems; search index made in full: why"


def test_a_resumed_build_resolves_only_the_edited_notes_links(tmp_path, monkeypatch):
    """The links as the last build resolved them are saved with it: one edit resolves one note's."""
    from sitegen.collect import model as collect_model

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    resolved = []
    real = collect_model.resolve_safely

    def spy(record, *args):
        resolved.append(record.src)
        return real(record, *args)

    monkeypatch.setattr(collect_model, "resolve_safely", spy)
    edit(vault, "Сводка.md", "![[Проекты/Обзор]] и [[Наставник#Обязанности]], [[нет такой]]")
    result = cli_build(vault, out, cache)
    assert "resume" in result.timings
    assert resolved == ["Сводка.md"]  # nothing links to it: no other note's links can change
    full = build(vault, tmp_path / "fresh", search=True)
    assert tree(out) == tree(tmp_path / "fresh")
    assert formatted(result) == formatted(full)


def test_a_resumed_build_reads_only_the_bodies_of_the_pages_it_rewrites(tmp_path, monkeypatch):
    """Bodies come from the cache when a rewritten page shows them, not all of them up front."""
    from sitegen.cache import BuildCache

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    read = []
    real = BuildCache.get_many

    def spy(self, table, keys):
        read.extend(keys if table == "bodies" else [])
        return real(self, table, keys)

    monkeypatch.setattr(BuildCache, "get_many", spy)
    edit(vault, "Сводка.md", "![[Проекты/Обзор]] и ещё строка.")
    result = cli_build(vault, out, cache)
    assert "resume" in result.timings
    # The embedded Обзор, the Амал it embeds and the home note (its page lists the notes, so
    # it is rewritten); not the other three.
    assert 0 < len(read) <= 3
    full = build(vault, tmp_path / "fresh", search=True)
    assert tree(out) == tree(tmp_path / "fresh")
    assert formatted(result) == formatted(full)


def test_a_resumed_build_makes_each_models_link_index_once(tmp_path, monkeypatch):
    """The related-notes index of a model (100,000 links at 10,000 notes) is made once per model:
    the old one and the updated one, not again for every question asked of them."""
    from sitegen.views import related

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    made = []  # each index made or derived from the last one, by the model it answers for
    real, real_derived = related.LinkIndex.__init__, related.LinkIndex.derived

    def spy(self, model):
        made.append(id(model))
        real(self, model)

    def spy_derived(self, model):
        found = real_derived(self, model)
        made.extend([id(model)] if found is not None else [])
        return found

    monkeypatch.setattr(related.LinkIndex, "__init__", spy)
    monkeypatch.setattr(related.LinkIndex, "derived", spy_derived)
    edit(vault, "Наставник.md", "---\ntags: [роль, новый]\naliases: [Ментор]\ndate: 2024-03-01\n---\n"
                                "## Обязанности\n- помогать ^duty\n\nСм. [[Наставляемый]] и [[Сводка]].\n")
    result = cli_build(vault, out, cache)
    assert "resume" in result.timings
    assert len(made) == len(set(made)) == 2
    full = build(vault, tmp_path / "fresh", search=True)
    assert tree(out) == tree(tmp_path / "fresh")
    assert formatted(result) == formatted(full)


def test_a_resumed_build_records_the_output_as_it_is_without_reading_it_again(tmp_path, monkeypatch):
    """The output's state after a resumed build is the old one plus what the update wrote or
    removed; the next build trusts it, so it must be what the folder really holds."""
    import json

    from sitegen.emit import unchanged

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    reads = []
    real = unchanged.output_state
    for module in (unchanged, resume):
        monkeypatch.setattr(module, "output_state", lambda folder: reads.append(folder) or real(folder))
    for rel, text in [("Наставник.md", "---\ntags: [роль]\n---\nДругой текст, [[Проекты/Обзор]].\n"),
                      ("Сводка.md", None)]:  # pages rewritten, a page gone
        edit(vault, rel, text)
        reads.clear()
        assert "resume" in cli_build(vault, out, cache).timings
        assert reads == [out]  # the check that nobody touched it, not a second read after the update
        recorded = json.loads((cache / unchanged.FILE_NAME).read_text(encoding="utf-8"))["files"]
        assert recorded == real(out) and resume.load(cache)[0].output == recorded
    again = cli_build(vault, out, cache)  # nothing changed: the shortcut, which trusts the record
    assert "resume" not in again.timings and again.model is None


def test_one_edit_rewrites_one_shard_of_the_saved_records(tmp_path):
    """The records (most of the state) are kept in shards named by their content: a one-edit
    build writes the edited note's shard again and leaves the others as they are."""
    from sitegen.live import state

    files = dict(START) | {f"Папка/n{i}.md": f"Заметка {i}. [[Наставник]]" for i in range(40)}
    vault = write_vault(tmp_path / "v", files)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    shards = cache / state.SHARD_DIR
    before = {p.name: p.stat().st_mtime_ns for p in shards.iterdir()}
    assert len(before) > 10  # a shard for (nearly) every group of notes
    edit(vault, "Папка/n7.md", "Заметка 7, другой текст. [[Наставник]]")
    assert "resume" in cli_build(vault, out, cache).timings
    after = {p.name: p.stat().st_mtime_ns for p in shards.iterdir()}
    assert len(set(after) - set(before)) == 1 and len(set(before) - set(after)) == 1  # one replaced, none left behind
    assert all(after[name] == before[name] for name in set(after) & set(before))
    edit(vault, "Папка/n7.md", "Заметка 7, ещё текст. [[Наставник]]")
    assert "resume" in cli_build(vault, out, cache).timings  # the new shard reads back
    build(vault, tmp_path / "fresh", search=True)
    assert tree(out) == tree(tmp_path / "fresh")


@pytest.mark.parametrize("damage", ["missing", "truncated", "another shard's bytes"])
def test_a_damaged_record_shard_means_one_full_build(tmp_path, damage):
    from sitegen.live import state

    vault = write_vault(tmp_path / "v", START)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cli_build(vault, out, cache)
    first, second = sorted((cache / state.SHARD_DIR).iterdir())[:2]
    if damage == "missing":
        first.unlink()
    elif damage == "truncated":
        first.write_bytes(first.read_bytes()[:-3])
    else:
        first.write_bytes(second.read_bytes())  # valid JSON and records, but not the ones the state named
    edit(vault, "Сводка.md", "Сводка после поломки.")
    result = cli_build(vault, out, cache)
    assert "resume" not in result.timings
    assert formatted(result) == formatted(build(vault, tmp_path / "fresh", search=True))
    assert tree(out) == tree(tmp_path / "fresh")
