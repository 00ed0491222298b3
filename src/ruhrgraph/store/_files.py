"""Writing a file whole or not at all (shared by the store, its snapshots and the ingest record)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["replace_file"]


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all, never through a planted link.

    The bytes go to a fresh temporary file beside ``path`` (created with ``O_EXCL``, so a symbolic
    link already there is never followed), are flushed to disk, and the file is renamed over
    ``path`` — which replaces a link at ``path`` itself, not what it points to.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
