"""Helper processes for large batches (the phone numbers of a contacts file): off unless a program allows them.

Light on purpose, multiprocessing is loaded only when the pool starts: the `kundenakte` command allows
them before every subcommand, also before those that never parse a number.
"""

from __future__ import annotations

import atexit
import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_allowed = {"helpers": False}


def allow_helper_processes(allowed: bool = True) -> None:
    """Let large batches use helper processes (the `kundenakte` command does; off by default).

    A spawned helper imports the program's main module again: a script without an
    `if __name__ == "__main__":` guard would run its top-level code once more in the helper.
    So only programs known to be guarded switch this on.
    """
    _allowed["helpers"] = allowed


@cache
def _pool() -> tuple[ProcessPoolExecutor, int] | None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    helpers = (os.cpu_count() or 1) - 1
    if helpers < 1:
        return None
    pool = ProcessPoolExecutor(max_workers=helpers, mp_context=multiprocessing.get_context("spawn"))
    atexit.register(pool.shutdown, cancel_futures=True)
    return pool, helpers


def helper_pool() -> tuple[ProcessPoolExecutor, int] | None:
    """Helper processes for large batches and their number, started once (spawned: safe beside threads);
    None when the program did not allow them or there is no other core."""
    return _pool() if _allowed["helpers"] else None


__all__ = ["allow_helper_processes", "helper_pool"]
