"""The store's change journal: which named graphs writers touched, so that work over the whole
store redoes only what changed.

A writer (:class:`~ruhrgraph.store.local.Store` opened for writing) appends the IRI of every named
graph it is about to replace or remove to ``<store>/graph-journal`` *before* the transaction, and
``*`` ("any graph") before a write it cannot name the graphs of (a SPARQL update that does not
declare them, a write through :attr:`Store.oxigraph <ruhrgraph.store.local.Store.oxigraph>`) and
when it finds that the previous writer died without closing the store. A reader of the journal
keeps a *mark* (:meth:`Journal.mark`: the journal's random token and a byte offset) and later
asks :meth:`Journal.since` which graphs were touched after it: a set of IRIs, or ``None`` when
that cannot be told (another journal, ``*``, a journal that was started afresh) — then everything
is to be redone. A graph named in the journal may be unchanged (the write gave the same triples,
or failed): the journal over-reports, it never under-reports.

Users: the validation record of the whole-store check (digests of the changed graphs only,
:mod:`ruhrgraph.ingest.storecheck`) and the incremental dumps (:mod:`ruhrgraph.publish.dumpcache`).

The file is one header line (``ruhrgraph graph journal 1 <token>``) and one line per entry; it
is flushed after every entry (a killed process loses nothing) and synced when the store closes.
A journal larger than :data:`LIMIT` bytes is started afresh (new token) when a writer opens the
store, so its readers redo everything once.

Example::

    >>> import tempfile
    >>> journal = Journal(Path(tempfile.mkdtemp()))
    >>> start = journal.mark()
    >>> journal.note(["https://example.org/graph/a"])
    >>> journal.since(start)
    {'https://example.org/graph/a'}
    >>> journal.note(None)
    >>> journal.since(start) is None
    True
    >>> journal.close()
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import IO

#: The journal's file name in the store folder.
FILE = "graph-journal"
#: Stands for "any named graph" (a write whose graphs are not known).
ANY = "*"
#: A journal past this size is started afresh when a writer opens the store.
LIMIT = 32 * 1024 * 1024
_HEADER = "ruhrgraph graph journal 1 "


class Journal:
    """The change journal of one store folder, opened by its (single, locked) writer."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE
        self.token = self._existing_token()
        if self.token is None:
            self._start()
        self._handle: IO[bytes] | None = open(self.path, "ab")  # held until close()

    def _existing_token(self) -> str | None:
        try:
            if self.path.is_symlink() or self.path.stat().st_size > LIMIT:
                return None
            with open(self.path, "rb") as fh:
                first = fh.readline().decode("ascii", "replace")
        except OSError:
            return None
        if not first.startswith(_HEADER) or not first.endswith("\n"):
            return None
        token = first[len(_HEADER):].strip()
        return token if token.isalnum() else None

    def _start(self) -> None:
        self.token = secrets.token_hex(16)
        tmp = self.path.with_name(f".{FILE}.{os.getpid()}.tmp")
        tmp.write_bytes(f"{_HEADER}{self.token}\n".encode("ascii"))
        os.replace(tmp, self.path)

    def note(self, graphs: Iterable[str] | None) -> None:
        """Record that ``graphs`` are about to be written (``None``: any graph may be)."""
        if self._handle is None:
            raise ValueError("the journal is closed")
        names = [ANY] if graphs is None else [str(g) for g in graphs]
        if not names:
            return
        if any("\n" in name for name in names):  # never an IRI; refuse rather than corrupt the file
            names = [ANY]
        self._handle.write("".join(f"{name}\n" for name in names).encode("utf-8"))
        self._handle.flush()

    def mark(self) -> str:
        """Where the journal stands now: pass it to :meth:`since` later."""
        if self._handle is not None:
            self._handle.flush()
        return f"{self.token}:{self.path.stat().st_size}"

    def since(self, mark: str | None) -> set[str] | None:
        """The graphs touched after ``mark``; ``None`` when that cannot be told (no mark, a mark of
        another or an earlier journal, or a write of unknown graphs since)."""
        if not mark or ":" not in mark:
            return None
        token, _, offset_text = mark.rpartition(":")
        if token != self.token or not offset_text.isdigit():
            return None
        if self._handle is not None:
            self._handle.flush()
        offset = int(offset_text)
        with open(self.path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            if offset > fh.tell() or offset < len(_HEADER) + len(str(self.token)) + 1:
                return None
            fh.seek(offset)
            data = fh.read()
        if data and not data.endswith(b"\n"):
            return None  # a torn entry: cannot tell
        names = set(data.decode("utf-8", "replace").splitlines())
        return None if ANY in names else names

    def close(self) -> None:
        """Sync and close (the store's writer calls this when it closes)."""
        if self._handle is None:
            return
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError:
            pass
        finally:
            self._handle.close()
            self._handle = None
