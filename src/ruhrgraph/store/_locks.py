"""Process-level helpers of the store locks (private to :mod:`ruhrgraph.store.local`): the lock
descriptors a forked child must let go of, who holds a lock file, whether a process is alive."""

from __future__ import annotations

import os
from pathlib import Path

_LOCK_FDS: set[int] = set()
"""File descriptors of the store locks this process holds (see :func:`_drop_locks_in_child`)."""


def _drop_locks_in_child() -> None:
    """After ``fork``: point the inherited lock descriptors at ``/dev/null``.

    An ``flock`` belongs to the open file, which a forked child shares; a worker process that
    outlived a killed writer kept the store locked. ``dup2`` keeps the descriptor numbers valid
    (the parent's file objects, copied into the child, may still close them) but lets go of the lock.
    """
    if not _LOCK_FDS:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in list(_LOCK_FDS):
            try:
                os.dup2(null, fd)
            except OSError:
                pass
    finally:
        os.close(null)
    _LOCK_FDS.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


def _holders(lock_path: Path) -> list[int]:
    """Processes with ``lock_path`` open (Linux ``/proc``; empty elsewhere or when unreadable)."""
    target = str(lock_path.resolve())
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            fds = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{entry}/fd/{fd}") == target:
                    found.append(int(entry))
                    break
            except OSError:
                continue
    return sorted(found)


def process_alive(pid: int) -> bool:
    """``True`` if a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
