"""The record of ``build``'s exports: which file was written from which inputs (private helper of
:mod:`.export`).

``<store>/export-state.json`` keeps, per file written, the digest of what it was made from and
the file's stamp (size, modification time, inode), and the layouts computed for it (by the digest
of their inputs, :func:`ruhrgraph.network._layout.layout`). The next export of the same file
whose inputs have the same digest, while the file is still the one written (same stamp), keeps
it instead of writing the same bytes again; a layout with the same inputs is taken from the record.
A cache: losing it, or any doubt about it, costs the time of writing afresh, never other bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ruhrgraph.store._files import replace_file

STATE_FILE = "export-state.json"
STATE_VERSION = 1


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


class Layouts(dict[str, Any]):
    """Layouts by the digest of their inputs; remembers which were used, so that the record keeps
    only those."""

    def __init__(self, known: dict[str, Any]) -> None:
        super().__init__(known)
        self.used: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.used.add(key)
        return super().get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        self.used.add(key)
        super().__setitem__(key, value)


class ExportRecord:
    """``export-state.json`` of one store (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        files: dict[str, list[Any]] = {}
        layouts: dict[str, Any] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == STATE_VERSION:
                files = {str(k): v for k, v in dict(data.get("files", {})).items() if isinstance(v, list)}
                layouts = {str(k): v for k, v in dict(data.get("layouts", {})).items()}
        except (OSError, ValueError, TypeError):
            pass
        self.files = files
        self.layouts = Layouts(layouts)

    @staticmethod
    def _key(out: Path) -> str:
        return str(out.resolve())

    def current(self, out: Path, digest: str) -> bool:
        """Is ``out`` still the file written from inputs of this digest?"""
        entry = self.files.get(self._key(out))
        stamp = _stamp(out)
        return bool(entry) and stamp is not None and entry == [digest, *stamp]

    def wrote(self, out: Path, digest: str | None) -> None:
        """``out`` was just written from inputs of ``digest`` (``None``: not to be reused)."""
        stamp = _stamp(out) if digest is not None else None
        if digest is None or stamp is None:
            self.files.pop(self._key(out), None)
        else:
            self.files[self._key(out)] = [digest, *stamp]

    def save(self) -> None:
        """Write the record (only the layouts used this time); never raises — it is a cache."""
        data = {"version": STATE_VERSION, "files": self.files,
                "layouts": {k: v for k, v in self.layouts.items() if k in self.layouts.used}}
        try:
            replace_file(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass
