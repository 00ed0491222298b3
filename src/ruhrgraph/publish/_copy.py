"""Output files of the dumps written in parts, and the parts copied from the previous dump's files
(private helper of :mod:`.incremental`).

A :class:`Sink` is one output file with its SHA-256 and size. Parts taken unchanged from the
previous dump are :class:`Range` objects (a file, an offset, a length) rather than bytes: the
sink joins ranges that follow each other in the old file and copies each run a megabyte at a
time; only where a range is needed as bytes of its own (a gzip member compressed again, a Turtle
block parsed) is it read as such.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Bytes read and written at a time when a range is copied.
_CHUNK = 1 << 20


@dataclass
class Written:
    """A finished file: name, SHA-256, size."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Range:
    """``length`` bytes at ``offset`` of the previous dump's file ``name``."""

    name: str
    offset: int
    length: int


class Old:
    """The previous dump's files (``folder`` ``None``: there is none)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.files: dict[str, tuple[int, int]] = {}  # name -> (descriptor, size)

    def _open(self, part: Range) -> int:
        if self.folder is None:
            raise OSError("no previous dump to read from")
        if part.name not in self.files:
            fd = os.open(self.folder / part.name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))  # closed by close()
            self.files[part.name] = (fd, os.fstat(fd).st_size)
        fd, size = self.files[part.name]
        if part.offset < 0 or part.length < 0 or part.offset + part.length > size:
            raise OSError(f"{self.folder / part.name} is shorter than recorded")
        return fd

    def read(self, name: str, offset: int, length: int) -> bytes:
        """The bytes of a range."""
        fd = self._open(Range(name, offset, length))
        data = os.pread(fd, length, offset) if length else b""
        if len(data) != length:
            raise OSError(f"{self.folder / name if self.folder else name}: short read")
        return data

    def copy(self, part: Range, fd: int, digest: Any) -> None:
        """Append the range to the file open at ``fd`` and to ``digest``, a chunk at a time."""
        source = self._open(part)
        done = 0
        while done < part.length:
            data = os.pread(source, min(_CHUNK, part.length - done), part.offset + done)
            if not data:
                raise OSError(f"{self.folder / part.name if self.folder else part.name}: short read")
            digest.update(data)
            _write_all(fd, data)
            done += len(data)

    def close(self) -> None:
        for fd, _ in self.files.values():
            os.close(fd)
        self.files.clear()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while len(view):
        view = view[os.write(fd, view):]


class Sink:
    """One output file with its SHA-256 and size, written as it goes: bytes, or ranges of the old
    files (consecutive ranges of one file are copied in one run)."""

    def __init__(self, path: Path, old: Old) -> None:
        self.path, self.old = path, old
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
        self.digest, self.size = hashlib.sha256(), 0
        self.run: Range | None = None  # ranges not copied yet

    def write(self, data: bytes) -> tuple[int, int]:
        """Append bytes; return their offset and length in this file."""
        self._flush()
        start = self.size
        if data:
            _write_all(self.fd, data)
            self.digest.update(data)
            self.size += len(data)
        return start, len(data)

    def copy(self, part: Range) -> tuple[int, int]:
        """Append a range of an old file; return its offset and length in this file."""
        start = self.size
        run = self.run
        if run is not None and run.name == part.name and run.offset + run.length == part.offset:
            self.run = Range(run.name, run.offset, run.length + part.length)
        else:
            self._flush()
            self.run = part
        self.size += part.length
        return start, part.length

    def _flush(self) -> None:
        if self.run is not None:
            run, self.run = self.run, None
            self.old.copy(run, self.fd, self.digest)

    def finish(self) -> Written:
        self._flush()
        try:
            os.fsync(self.fd)
        finally:
            os.close(self.fd)
        return Written(self.path.name, self.digest.hexdigest(), self.size)


class Packed:
    """A gzip file written member by member, in order, while a thread pool compresses ahead (zlib
    lets go of the GIL); at most ``ahead`` members wait in memory. A member of the old file is
    copied as it is."""

    def __init__(self, path: Path, pool: ThreadPoolExecutor, old: Old, member: Any, ahead: int = 8) -> None:
        self.sink, self.pool, self.member, self.ahead = Sink(path, old), pool, member, ahead
        self.pending: list[tuple[Future[bytes] | bytes | Range, list[Any] | None]] = []

    def add(self, data: bytes, record: list[Any] | None = None, *, packed: Range | None = None) -> None:
        """Compress ``data`` into a member (or take the old member ``packed``); its offset and
        length are appended to ``record`` once written."""
        self.pending.append((packed if packed is not None else self.pool.submit(self.member, data), record))
        while len(self.pending) > self.ahead:
            self._drain()

    def _drain(self) -> None:
        item, record = self.pending.pop(0)
        if isinstance(item, Range):
            offset, length = self.sink.copy(item)
        else:
            offset, length = self.sink.write(item.result() if isinstance(item, Future) else item)
        if record is not None:
            record += [offset, length]

    def finish(self) -> Written:
        while self.pending:
            self._drain()
        return self.sink.finish()
