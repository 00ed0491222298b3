"""A cache of parsed data files of the package, as JSON in the user's cache folder.

The gazetteer ships as YAML (``data/gazetteer/cities.yaml``: 800 KB), and parsing it is most of
the start-up of every process that extracts: PyYAML's C scanner still builds and resolves each
of its 120,000 values in Python (0.85 s), where reading the same data as JSON takes 7 ms.
:func:`load_cached` keeps what a parser made of a file as JSON under the digest of the file's
bytes (and of the PyYAML version), so the next process reads that instead. It is only a cache:
a missing, unreadable, corrupt or unwritable cache costs the parse, never other data, and a
changed file has another digest. A result that JSON would not give back equal (dates, tuples,
keys that are not strings) is not cached.

The folder: ``RUHRGRAPH_CACHE_DIR`` (empty: no cache), else ``$XDG_CACHE_HOME/ruhrgraph``, else
``~/.cache/ruhrgraph``.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "data.yaml").write_text("a: 1", encoding="utf-8")
4
>>> parse = lambda raw: {"parsed": raw.decode()}
>>> load_cached(folder / "data.yaml", parse, cache=folder / "cache")
{'parsed': 'a: 1'}
>>> load_cached(folder / "data.yaml", lambda raw: 1 / 0, cache=folder / "cache")  # not parsed again
{'parsed': 'a: 1'}
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ruhrgraph.store._files import replace_file

__all__ = ["cache_dir", "load_cached"]

_FORMAT = 1


def cache_dir() -> Path | None:
    """The cache folder (see the module docstring), or ``None`` when caching is off."""
    chosen = os.environ.get("RUHRGRAPH_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "ruhrgraph"


def load_cached(path: Path, parse: Callable[[bytes], Any], *, cache: Path | bool | None = True) -> Any:
    """``parse(path.read_bytes())``, from the cache when it holds the result for these bytes.

    ``cache``: the folder (``True``: :func:`cache_dir`; ``None`` or ``False``: no cache). Raises
    what reading ``path`` or ``parse`` raises; never an error of the cache."""
    raw = path.read_bytes()
    folder = cache_dir() if cache is True else (cache or None)
    if folder is None:
        return parse(raw)
    digest = hashlib.sha256(b"%d\0%s\0" % (_FORMAT, yaml.__version__.encode()) + raw).hexdigest()[:32]
    where = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]  # files of one name elsewhere
    entry = folder / f"{path.stem}-{where}-{digest}.json"
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = parse(raw)
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if json.loads(text) == value:
            _write(folder, entry, text, stale=f"{path.stem}-{where}-{'?' * 32}.json")
    except (OSError, TypeError, ValueError):
        pass
    return value


def _write(folder: Path, entry: Path, text: str, *, stale: str) -> None:
    """Write ``entry`` whole or not at all (:func:`~ruhrgraph.store._files.replace_file`); remove
    the entries of earlier versions of the same file (``stale``: their name pattern)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(stale):
        if old != entry:
            old.unlink(missing_ok=True)
    replace_file(entry, text.encode("utf-8"))
