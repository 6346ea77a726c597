"""Run one function over many items in forked processes that inherit the parent's memory (the page writers)."""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import wait
from typing import Callable

from .faults import describe
from .procs import die_with_parent
from . import workers


def fork_each(items: list, work: Callable[[object], object], jobs: int,
              tick: Callable[[int], None] = lambda n: None) -> list:
    """Call `work(item)` for every item, spread over forked processes that inherit
    everything already in memory (nothing is pickled). Returns what the calls returned
    other than None, in item order. Raises if any process failed."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(items) // workers.MIN_NOTES_PER_WORKER))
    if jobs == 1:
        said = []
        for item in items:
            said.append(work(item))
            tick(1)
        return [s for s in said if s is not None]
    ctx = multiprocessing.get_context("fork")
    done = ctx.Value("i", 0)
    pipes = [None] + [ctx.Pipe(duplex=False) for _ in range(1, jobs)]  # share 0 is this process's

    def run(share: list, send) -> None:
        die_with_parent()
        counted = 0

        def count(n: int) -> None:
            nonlocal counted
            if n % 50 == 0 or n == len(share):
                with done.get_lock():
                    done.value += n - counted
                counted = n

        said = _work_share(share, work, count)
        send.send(said)  # small: None for each page, a diagnostic for a failed one; or the failure
        send.close()
        if isinstance(said, tuple):
            os._exit(1)

    # This process takes the first share itself: a forked writer's memory is mostly the pages
    # of the parent's heap it touches (and so copies), so one writer fewer is that much less.
    procs = [ctx.Process(target=run, args=(items[i::jobs], pipes[i][1])) for i in range(1, jobs)]
    for proc in procs:
        proc.start()
    for _, send in pipes[1:]:
        send.close()  # the children's ends: EOF when a child dies
    results: list = [[] for _ in range(jobs)]
    reported = 0

    def report() -> None:
        nonlocal reported
        now = done.value
        tick(now - reported)
        reported = now

    def mine(n: int) -> None:
        tick(1)
        if n % 50 == 0:
            report()

    try:
        results[0] = _work_share(items[0::jobs], work, mine)
    except BaseException:  # an interrupt: the other writers stop too
        for proc in procs:
            proc.terminate()
            proc.join()
        raise
    waiting = {recv: i for i, (recv, _) in enumerate(pipes[1:], 1)}
    while waiting:
        for recv in wait(list(waiting), timeout=0.1):
            i = waiting.pop(recv)
            try:
                results[i] = recv.recv()
            except EOFError:
                pass  # the process died: its exit code says so below
        report()
    for proc in procs:
        proc.join()
    report()
    for said in results:
        if isinstance(said, tuple) and said[0] == "oserror":
            raise OSError(*said[1:])
        if isinstance(said, tuple):
            raise RuntimeError(f"a page-writing process failed: {said[1]}")
    if any(p.exitcode != 0 for p in procs):
        raise RuntimeError("a page-writing process failed")
    ordered = [None] * len(items)
    for i, said in enumerate(results):
        ordered[i::jobs] = said
    return [s for s in ordered if s is not None]


def _work_share(share: list, work: Callable[[object], object], done: Callable[[int], None]) -> list | tuple:
    """What `work` said for each item of one process's share (`done(n)` after the nth), or the
    failure as data, so a forked writer and this process report it the same way: a full disk
    is said once as the OSError it is, anything else without a child's traceback."""
    said = []
    try:
        for n, item in enumerate(share, 1):
            said.append(work(item))
            done(n)
    except OSError as exc:
        return ("oserror", exc.errno, exc.strerror, exc.filename)
    except Exception as exc:  # noqa: BLE001 - reported by the parent, see fork_each
        return ("error", describe(exc))
    return said
