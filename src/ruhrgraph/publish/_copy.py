"""Output files of the dumps written in parts, and the parts copied from the previous dump's files
(private helper of :mod:`.incremental`).

A :class:`Sink` is one output file with its SHA-256 and size. Parts taken unchanged from the
previous dump are :class:`Range` objects (a file, an offset, a length) rather than bytes: the
sink joins ranges that follow each other in the old file and hands each run to the kernel
(``copy_file_range``, no copy through Python), hashing it straight from a read-only memory map of
the old file; only where a range is needed as bytes (a gzip member compressed again, a Turtle
block parsed) is it read. The bytes written are the same either way.
"""

from __future__ import annotations

import errno
import hashlib
import mmap
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

#: errno values of ``copy_file_range`` that mean "not here": the bytes are then written by hand.
_NO_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM, errno.EBADF}


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
    """The previous dump's files, read through memory maps (``folder`` ``None``: there is none)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.files: dict[str, tuple[IO[bytes], mmap.mmap | None, int]] = {}

    def _open(self, name: str) -> tuple[IO[bytes], mmap.mmap | None, int]:
        if self.folder is None:
            raise OSError("no previous dump to read from")
        if name not in self.files:
            handle: IO[bytes] = open(self.folder / name, "rb")  # closed by close()
            size = os.fstat(handle.fileno()).st_size
            self.files[name] = (handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else None,
                                size)
        return self.files[name]

    def _checked(self, part: Range) -> tuple[IO[bytes], mmap.mmap | None]:
        fh, mapped, size = self._open(part.name)
        if part.offset < 0 or part.length < 0 or part.offset + part.length > size:
            raise OSError(f"{self.folder / part.name if self.folder else part.name} is shorter than recorded")
        return fh, mapped

    def read(self, name: str, offset: int, length: int) -> bytes:
        """The bytes of a range."""
        _, mapped = self._checked(Range(name, offset, length))
        return mapped[offset:offset + length] if mapped is not None else b""

    def copy(self, part: Range, fd: int, digest: Any) -> None:
        """Append the range to the file open at ``fd`` (its position) and to ``digest``."""
        fh, mapped = self._checked(part)
        if mapped is None or not part.length:
            return
        with memoryview(mapped) as whole:
            view = whole[part.offset:part.offset + part.length]
            try:
                digest.update(view)
                done = 0
                while done < part.length:
                    try:
                        n = os.copy_file_range(fh.fileno(), fd, part.length - done, part.offset + done)
                    except OSError as exc:
                        if exc.errno not in _NO_COPY:
                            raise
                        _write_all(fd, view[done:])
                        break
                    if n <= 0:
                        _write_all(fd, view[done:])
                        break
                    done += n
            finally:
                view.release()

    def close(self) -> None:
        for fh, mapped, _ in self.files.values():
            if mapped is not None:
                mapped.close()
            fh.close()
        self.files.clear()


def _write_all(fd: int, data: bytes | memoryview) -> None:
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
