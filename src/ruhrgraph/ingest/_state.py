"""The ingest record, ``<store>/ingest-state.json`` (private helper of :mod:`.commit`).

Per article file: the SHA-256 of its bytes, the fingerprint of everything that shaped its graphs
(code, extractor, gazetteer, shapes, curation), its graphs with the content hash and triple
count each was committed with — and the file's *stat* (size, modification and change time,
inode). A cache: losing it costs re-extraction, never data.

**Files.** As git's index does, a file whose stat is the one recorded is taken to have the
recorded bytes and is not read; any other is read and hashed. A stat is recorded only when the
file's modification and change times lie :data:`RACY_NS` before the moment it was taken, so that
a file changed again within the same tick of the file system's clock (same size, same times)
can never pass for the recorded one; the change time cannot be set back by a program.

**Graphs.** An unchanged file is skipped only while the store still holds *its* articles. The
record keeps the store's change-journal mark (:mod:`ruhrgraph.store.journal`) of its last save
and the graphs it cannot vouch for (*suspect*); a graph the journal names since, or a suspect one,
is looked up in the store (one index look-up), every other one is as recorded. A look-up that
confirms the hash, or a commit, clears the suspicion; a journal that cannot tell makes every graph
suspect.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from ruhrgraph.namespace import RG
from ruhrgraph.store._files import replace_file
from ruhrgraph.store.local import Store

STATE_FILE = "ingest-state.json"
STATE_VERSION = 1
#: A stat is recorded only when the file's times lie this long before the moment it was taken.
RACY_NS = 3_000_000_000
_ALL = "*"


def stored_hashes(store: Store, graph: str) -> set[str]:
    """The content hashes of the articles stored in ``graph`` (one index look-up; none when the
    graph does not exist)."""
    import pyoxigraph as ox

    try:
        g = ox.NamedNode(graph)
    except ValueError:  # not an IRI (a damaged ingest record): no article is stored there
        return set()
    return {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(str(RG.contentHash)), None, g)
            if isinstance(q.object, ox.Literal)}


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


class State:
    """``<store>/ingest-state.json`` (see the module docstring)."""

    def __init__(self, store: Store, fingerprint: str) -> None:
        self.store = store
        self.path = store.path / STATE_FILE if store.path is not None else None
        self.fingerprint = fingerprint
        self.files: dict[str, dict[str, Any]] = {}
        self._by_graph: dict[str, set[str]] | None = None
        self._keys: dict[Path, str] = {}
        self._folders: dict[Path, str] = {}
        self._stats: dict[str, list[int] | None] = {}  # stats taken in this run, by file
        self.reference = ""  # the fingerprint the reference graphs were written with
        self.used = ""  # the digest of the gazetteer entries in use when graph/gazetteer was written
        self.dirty = 0
        self.problem = ""  # why the record could not be saved, if it could not
        self.start = store.change_mark()  # the journal when this run began
        self.suspect: set[str] | None = None  # graphs the record cannot vouch for; None: every one
        self.verified: set[str] = set()  # graphs whose hash this run confirmed or committed
        if self.path is not None and self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == STATE_VERSION:
                    self.files = dict(data.get("files", {}))
                    self.reference = str(data.get("reference", ""))
                    self.used = str(data.get("used", ""))
                    self._trust(data.get("mark"), data.get("suspect"))
            except (OSError, ValueError, TypeError, AttributeError):
                self.files = {}

    def _trust(self, mark: object, suspect: object) -> None:
        touched = self.store.changed_since(mark) if isinstance(mark, str) and mark else None
        if touched is not None and isinstance(suspect, list):
            self.suspect = touched | {str(g) for g in suspect}

    def key(self, path: Path) -> str:
        """The file's resolved path, the record's key (a file that is no symbolic link resolves
        through its folder, resolved once for all its files)."""
        key = self._keys.get(path)
        if key is None:
            try:
                link = stat.S_ISLNK(os.lstat(path).st_mode) or path.name in ("", ".", "..")
            except OSError:
                link = True
            if link:
                key = str(path.resolve())
            else:
                folder = self._folders.get(path.parent)
                if folder is None:
                    folder = self._folders[path.parent] = str(path.parent.resolve())
                key = os.path.join(folder, path.name)
            self._keys[path] = key
        return key

    # -- files -------------------------------------------------------------------------------
    def digest(self, path: Path) -> str | None:
        """The SHA-256 of the file's bytes: the recorded one when the file's stat is the one
        recorded, else read and hashed (``None``: unreadable)."""
        key = self.key(path)
        try:
            st = os.stat(path)
        except OSError:
            return None
        stamp = _stamp(st)
        entry = self.files.get(key)
        if entry is not None and entry.get("stat") == stamp and isinstance(entry.get("sha256"), str):
            return str(entry["sha256"])
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        trusted = max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - RACY_NS
        self._stats[key] = stamp if trusted else None
        if entry is not None and entry.get("sha256") == digest and entry.get("stat") != self._stats[key]:
            entry["stat"] = self._stats[key]  # the same bytes (touched, copied back): its new stat
            self.dirty += 1
        return digest

    def unchanged(self, path: Path, digest: str, store: Store) -> list[str] | None:
        """The graphs of ``path`` when its bytes and everything else are as committed and the store
        still holds *its* articles (the content hash of each stored article graph matches)."""
        entry = self.files.get(self.key(path))
        if not entry or entry.get("sha256") != digest or entry.get("fingerprint") != self.fingerprint:
            return None
        graphs = list(entry.get("graphs", []))
        hashes = dict(entry.get("hashes", {}))
        if not graphs:
            return None
        for g in graphs:
            if hashes.get(g) is None:
                return None
            if self.suspect is not None and g not in self.suspect:
                continue  # no writer touched it since the record vouched for it
            if hashes[g] not in stored_hashes(store, g):
                return None
            self.verified.add(g)
        return graphs

    def triples(self, path: Path, graph: str, store: Store) -> int:
        """The number of triples ``graph`` of ``path`` was committed with (recorded; counted in the
        store, once, for a record written before the counts were kept)."""
        entry = self.files.get(self.key(path), {})
        count = entry.get("counts", {}).get(graph)
        if not isinstance(count, int):
            count = entry.setdefault("counts", {})[graph] = store.quad_count(graph)
            self.dirty += 1  # recorded: the next run does not count again
        return count

    # -- graphs and their sources ---------------------------------------------------------------
    def _sources(self) -> dict[str, set[str]]:
        """Graph IRI → the files recorded as its source (built once, kept in step by every change:
        looking through all files for every article made a large ingest quadratic)."""
        if self._by_graph is None:
            self._by_graph = {}
            for k, v in self.files.items():
                for g in v.get("graphs", []):
                    self._by_graph.setdefault(g, set()).add(k)
        return self._by_graph

    def _drop(self, key: str) -> None:
        entry = self.files.pop(key, None)
        if entry is not None and self._by_graph is not None:
            for g in entry.get("graphs", []):
                self._by_graph.get(g, set()).discard(key)

    def owners(self, graph: str, path: Path) -> list[str]:
        """Other files recorded as the source of ``graph`` that still exist."""
        key = self.key(path)
        return sorted(k for k in self._sources().get(graph, ()) if k != key and Path(k).exists())

    def owns(self, path: Path, graph: str) -> bool:
        return graph in self.files.get(self.key(path), {}).get("graphs", [])

    def record(self, path: Path, digest: str, graphs: list[str], hashes: dict[str, str],
               counts: dict[str, int] | None = None) -> None:
        key = self.key(path)
        sources = self._sources()
        for other in {k for g in graphs for k in sources.get(g, ())} - {key}:
            self._drop(other)  # a graph has one source: the last committed
        self._drop(key)
        stat = self._stats.get(key)
        self.files[key] = {"sha256": digest, "fingerprint": self.fingerprint, "graphs": graphs,
                           "hashes": hashes, "counts": counts or {}, **({"stat": stat} if stat else {})}
        for g in graphs:
            sources.setdefault(g, set()).add(key)
        self.verified.update(graphs)
        self.dirty += 1
        # written every 50 changes on a small record, less often on a large one (each save writes
        # all of it): a crash loses at most that many records, which costs re-extraction only
        if self.dirty >= max(50, len(self.files) // 20):
            self.save()

    def forget(self, path: Path) -> None:
        key = self.key(path)
        if key in self.files:
            self._drop(key)
            self.dirty += 1

    def forget_graph(self, graph: str) -> None:
        for key in sorted(self._sources().get(graph, set())):
            self._drop(key)
            self.dirty += 1

    def _suspects(self) -> list[str] | str:
        """What the saved record cannot vouch for: its graphs that were suspect when this run began
        or were written during it, unless this run confirmed or committed them (``*``: cannot tell)."""
        during = self.store.changed_since(self.start)
        if during is None:
            return _ALL
        recorded = {g for g, files in self._sources().items() if files}
        before = self.suspect if self.suspect is not None else recorded
        return sorted(((before | during) - self.verified) & recorded)

    def save(self) -> str:
        """Write the record; never raises (it is a cache): returns '' or why it could not be written.

        On a full disk the write fails too — often while the store's own failure is being
        reported — and must not replace that message with a traceback.
        """
        if self.path is None or not self.dirty:
            return ""
        data = {"version": STATE_VERSION, "reference": self.reference, "used": self.used,
                "mark": self.store.change_mark() or "", "suspect": self._suspects(), "files": self.files}
        try:
            # a fresh temporary file, never a fixed name a planted symlink could redirect (issue 17)
            replace_file(self.path, json.dumps(data, sort_keys=True, ensure_ascii=False,
                                               separators=(",", ":")).encode("utf-8"))
        except OSError as exc:
            self.problem = (f"note: the ingest record {self.path} could not be written "
                            f"({exc.strerror or exc}); the next run re-extracts these files")
            return self.problem
        self.dirty = 0
        return ""
