"""Child processes end with the build: a killed `sitegen` leaves no worker or indexer behind."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """In a forked child: ask the kernel for SIGKILL when the parent dies (Linux only).

    A daemon flag is not enough: it acts only when the parent exits normally, so a
    `kill -9` of the build used to leave its workers running."""
    # The parent turns SIGTERM and SIGINT into a clean stop (cli.py); a child must not inherit
    # that (a traceback per worker on Ctrl+C, which reaches the whole process group): it
    # ignores Ctrl+C, ends on SIGTERM, and goes with the parent either way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def child_preexec() -> None:
    """`preexec_fn` for a subprocess of the build (the search indexer): it dies with us too."""
    die_with_parent()
