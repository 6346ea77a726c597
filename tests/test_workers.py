"""Parse and render workers (sitegen.workers): what a worker holds between the two phases."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from sitegen.workers import NoteSettings, RenderInput, Shard

VAULT = Path(__file__).resolve().parent.parent / "vault"


def _notes() -> list[tuple[str, str]]:
    return [(p.relative_to(VAULT).as_posix(), str(p)) for p in sorted(VAULT.rglob("*.md"))
            if ".sitegen" not in p.parts]


def test_a_worker_holds_its_parsed_notes_small_until_it_renders_them():
    """Between the parse and the render phase a worker keeps every note it parsed; at
    10,000 notes the token objects took 800 MB in each of two workers."""
    notes = _notes()
    size = sum(Path(path).stat().st_size for _, path in notes)
    shard = Shard(NoteSettings())
    tracemalloc.start()
    try:
        shard.parse(notes)
        before = tracemalloc.get_traced_memory()[0]
        shard.forget([src for src, _ in notes])  # what the worker held for them, and only that
        held = before - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < 2 * size  # the notes' own size, give or take; the token objects took 10 to 20 times it


def test_a_note_renders_the_same_from_what_the_worker_held():
    notes = _notes()
    held, fresh = Shard(NoteSettings()), Shard(NoteSettings())
    held.parse(notes)
    given = {src: RenderInput({}, {}, path) for src, path in notes}
    from_held = held.render({src: RenderInput({}, {}) for src, _ in notes})
    assert from_held == fresh.render(given)  # `fresh` parses each note again at render time


def test_pages_are_written_by_this_process_and_one_fork_on_two_jobs():
    """Each forked page writer ends up with its own copy of much of the parent's memory
    (whatever it touches): the parent writes a share itself instead of waiting idle."""
    import os

    from sitegen.forked import fork_each

    pids = fork_each(list(range(400)), lambda item: (item, os.getpid()), 2)
    assert [item for item, _ in pids] == list(range(400))
    assert len({pid for _, pid in pids}) == 2 and os.getpid() in {pid for _, pid in pids}
