"""Published snapshots: readers read the last finished write, writers never wait for readers.

A writer (``ingest``, ``build``, ``curate``, ``remove`` …) works on the store's database
(``<store>/store``). When it closes, the store is *published*: Oxigraph makes a checkpoint of the
database (:meth:`pyoxigraph.Store.backup`: hard links to the immutable RocksDB files, so it takes
milliseconds and little space) into ``<store>/snapshots/<generation>``, and the text file
``<store>/current`` is replaced atomically (write beside, ``rename``) to name it::

    .ruhrgraph/
      store/                     the database the writer changes
      current                    "000042": the published generation
      snapshots/000042/          a read-only checkpoint
      snapshots/000042.lock      readers of 000042 hold a shared lock on it
      snapshots/000042.names.sqlite  its name index (:mod:`ruhrgraph.sparql.names`)
      snapshots/000041/ …        an older generation, deleted once no reader holds it

Readers (``serve``, ``query``, ``dump`` …) open the published snapshot, not the database: they do not
lock the database, so a ``build`` runs while ``serve`` answers, and they never see a build half
done. A long-running reader calls :func:`current` (one small file read) to learn that a newer
generation is published and reopens (the server's workers do so between two jobs). After
publishing, the writer deletes the older generations whose lock it can take exclusively; one a
reader still holds stays until a later publication.

A writer killed before it closes publishes nothing: readers keep the previous generation. A
store that was never published (written by an older ruhrgraph, or loaded with ``oxigraph load``)
is read from its database as before, under a shared lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import shutil
from pathlib import Path
from typing import IO, Any

from ruhrgraph.store._files import replace_file

__all__ = ["POINTER", "SNAPSHOTS", "acquire", "current", "prune", "publish"]

POINTER = "current"
SNAPSHOTS = "snapshots"
_LOG = logging.getLogger("ruhrgraph.store")
_TMP = ".tmp-"


def current(folder: Path) -> str | None:
    """The published generation of the store folder (``None`` when nothing was published).

    >>> import tempfile
    >>> current(Path(tempfile.mkdtemp())) is None
    True
    """
    try:
        name = (Path(folder) / POINTER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if name.isdigit() else None


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(folder: Path, database: Any) -> str:
    """Checkpoint ``database`` (an open, flushed :class:`pyoxigraph.Store` of ``folder``) as the next
    generation and point ``current`` at it; delete unused older generations. Returns its name.

    Raises:
        OSError: the checkpoint or the pointer could not be written (the previous generation stays
            published).
    """
    folder = Path(folder)
    snapshots = folder / SNAPSHOTS
    snapshots.mkdir(exist_ok=True)
    for stale in snapshots.glob(f"{_TMP}*"):  # left by a writer killed while publishing
        shutil.rmtree(stale, ignore_errors=True)
    known = [int(p.name) for p in snapshots.iterdir() if p.name.isdigit()]
    published = current(folder)
    number = max([*known, int(published) if published else 0]) + 1
    name = f"{number:06d}"
    staging = snapshots / f"{_TMP}{name}"
    try:
        database.backup(str(staging))
    except (OSError, RuntimeError, ValueError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OSError(errno.EIO, f"cannot checkpoint the store into {staging}: {exc}") from None
    (snapshots / f"{name}.lock").touch()
    os.rename(staging, snapshots / name)
    _sync_dir(snapshots)
    replace_file(folder / POINTER, name.encode("ascii"))
    _sync_dir(folder)
    prune(folder)
    return name


def prune(folder: Path) -> list[str]:
    """Delete the generations other than the published one that no reader holds; return their names."""
    snapshots = Path(folder) / SNAPSHOTS
    keep = current(folder)
    removed = []
    try:
        names = sorted(p.name for p in snapshots.iterdir() if p.name.isdigit() and p.name != keep)
    except OSError:
        return []
    for name in names:
        lock_path = snapshots / f"{name}.lock"
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a reader still reads it
            os.close(fd)
            continue
        try:
            shutil.rmtree(snapshots / name, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.unlink(snapshots / f"{name}.names.sqlite")  # its name index (ruhrgraph.sparql.names)
            with contextlib.suppress(OSError):
                os.unlink(lock_path)  # a reader waiting on it finds it gone and re-reads `current`
            removed.append(name)
        finally:
            os.close(fd)
    return removed


def acquire(folder: Path, attempts: int = 20) -> tuple[str, Path, IO[bytes]] | None:
    """A shared hold on the published generation: ``(name, database folder, lock handle)``, or
    ``None`` when nothing is published. Close the handle to let the generation go.

    A generation can be deleted between reading ``current`` and locking it; then ``current`` is
    read again (a new one was published meanwhile).
    """
    folder = Path(folder)
    for _ in range(attempts):
        name = current(folder)
        if name is None:
            return None
        database = folder / SNAPSHOTS / name
        lock_path = folder / SNAPSHOTS / f"{name}.lock"
        try:
            fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        handle = os.fdopen(fd, "rb")
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            same = os.stat(lock_path).st_ino == os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same and (database / "CURRENT").is_file():
            return name, database, handle
        handle.close()
    _LOG.warning("note: the published snapshot of %s kept changing while it was being opened", folder)
    return None
