"""The name index of a published snapshot: resolving a name without reading every label of the store.

:class:`~ruhrgraph.sparql.resolve.Resolver` matches a name against the labels of every candidate
entity. For a parameter that may name *any* entity (``evidence``, ``timeline``) that meant reading
all labels of the store and folding each one in Python on every call — 1 to 2 seconds at 10,000
articles. A published snapshot never changes, so its names are indexed once, in an SQLite file
beside it (``<store>/snapshots/<generation>.names.sqlite``), with the keys of the first three
matching tiers precomputed:

* ``keys``: each folded key of each label (tier "name", :func:`~ruhrgraph.sparql.resolve.keys`)
  and each label's acronym (tier "acronym");
* ``words``: each folded word of each label, plain and transliterated (tier "words");
* ``entities``: each entity's labels (in the resolver's order) and types.

A lookup reads only the rows of the value's own keys and words, so the matching tiers, their order,
the class restriction and the ambiguity errors stay exactly those of the resolver
(``tests/test_resolve.py`` runs the same cases both ways). The writer builds the index when it
publishes a snapshot (:meth:`ruhrgraph.store.local.Store.close`); a reader builds it on first use
when it is missing (written beside the snapshot when the folder is writable, else kept in memory).

**From the previous generation.** An index records the store's change-journal mark
(:mod:`ruhrgraph.store.journal`) of the state it indexes. When the writer publishes and the
journal names the graphs written since the previous generation's mark, the new index is that
index with the entries of the entities those graphs name (subjects of a label or a type, before
or after: read from the previous snapshot and from the store) computed again
(:func:`plan_refresh`, :func:`write_index`) — the same entries as a fresh build (tested), for the
cost of copying the file instead of folding all 43,000 labels of a 10,000-article store (5 s).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from ruhrgraph.sparql.resolve import TIERS, Candidate, _words, acronym, fold, keys

_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
           "http://www.w3.org/2004/02/skos/core#altLabel")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_VERSION = 2  # 2: meta holds the change-journal mark of the indexed state
_LOG = logging.getLogger("ruhrgraph.store")


def index_path(folder: Path, generation: str) -> Path:
    """Where the name index of a published generation lives."""
    return Path(folder) / "snapshots" / f"{generation}.names.sqlite"


def _entities(database: ox.Store, subjects: Iterable[str] | None = None) -> dict[str, tuple[list[str], list[str]]]:
    """IRI → (labels in the resolver's order, types) from the query graph (index scans, no SPARQL), for
    every labelled entity or for those of ``subjects`` that have a label."""
    found: dict[str, tuple[dict[str, tuple[int, int, str]], set[str]]] = {}
    default = ox.DefaultGraph()
    starts: list[ox.NamedNode | None] = [None] if subjects is None else [ox.NamedNode(s) for s in subjects]
    for order, prop in enumerate(_LABELS):
        for start in starts:
            for q in database.quads_for_pattern(start, ox.NamedNode(prop), None, default):
                if not isinstance(q.subject, ox.NamedNode) or not isinstance(q.object, ox.Literal):
                    continue
                label = q.object.value
                key = (order, 0 if (q.object.language or "").lower().startswith("de") else 1, label)
                labels, _ = found.setdefault(q.subject.value, ({}, set()))
                labels[label] = min(labels.get(label, key), key)
    for start in starts:
        for q in database.quads_for_pattern(start, ox.NamedNode(_TYPE), None, default):
            entry = found.get(q.subject.value) if isinstance(q.subject, ox.NamedNode) else None
            if entry is not None and isinstance(q.object, ox.NamedNode):
                entry[1].add(q.object.value)
    return {iri: (sorted(labels, key=labels.__getitem__), sorted(types))
            for iri, (labels, types) in found.items() if labels}


def _rows(number: int, labels: list[str]) -> tuple[set[tuple[int, str, int]], set[tuple[str, int, int, int]]]:
    """The ``keys`` and ``words`` rows of entity ``number`` with ``labels``."""
    key_rows: set[tuple[int, str, int]] = set()
    word_rows: set[tuple[str, int, int, int]] = set()
    for i, label in enumerate(labels):
        key_rows.update((0, k, number) for k in keys(label))
        if initials := acronym(label):
            key_rows.add((1, initials, number))
        plain, translit = _words(label)
        word_rows.update((w, number, i, 0) for w in plain)
        if translit != plain:  # the transliterated words only where they differ
            word_rows.update((w, number, i, 1) for w in translit)
    return key_rows, word_rows


def _insert(conn: sqlite3.Connection, entities: Iterable[tuple[int, str, list[str], list[str]]]) -> None:
    """Add ``(number, iri, labels, types)`` entities with their keys and words."""
    key_rows: set[tuple[int, str, int]] = set()
    word_rows: set[tuple[str, int, int, int]] = set()
    for number, iri, labels, types in entities:
        conn.execute("INSERT INTO entities VALUES (?, ?, ?, ?)",
                     (number, iri, json.dumps(labels, ensure_ascii=False), json.dumps(types)))
        more_keys, more_words = _rows(number, labels)
        key_rows |= more_keys
        word_rows |= more_words
    conn.executemany("INSERT INTO keys VALUES (?, ?, ?)", sorted(key_rows))
    conn.executemany("INSERT INTO words VALUES (?, ?, ?, ?)", sorted(word_rows))


def _new_file(target: Path | None) -> tuple[sqlite3.Connection, str | None]:
    if target is None:
        return sqlite3.connect(":memory:"), None
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".names.sqlite", dir=target.parent)
    os.close(fd)
    return sqlite3.connect(tmp), tmp


def _finish(conn: sqlite3.Connection, tmp: str | None, target: Path | None) -> sqlite3.Connection:
    """Commit; a file is renamed to ``target`` (so a reader never sees half an index) and reopened."""
    conn.commit()
    if target is None or tmp is None:
        return conn
    conn.close()
    os.chmod(tmp, 0o644)  # readable by whoever may read the snapshot
    os.replace(tmp, target)
    return sqlite3.connect(f"file:{target}?mode=ro", uri=True)


def build(database: ox.Store, target: Path | None, mark: str = "") -> sqlite3.Connection:
    """Index the names of ``database``'s query graph into ``target`` (written beside and renamed,
    so a reader never sees half an index) or, with ``None``, into memory; return it opened.
    ``mark``: the change-journal mark of the indexed state ('' when unknown)."""
    conn, tmp = _new_file(target)
    try:
        conn.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE meta (version INTEGER, mark TEXT);
            CREATE TABLE entities (id INTEGER PRIMARY KEY, iri TEXT, labels TEXT, types TEXT);
            CREATE TABLE keys (tier INTEGER, key TEXT, entity INTEGER,
                               PRIMARY KEY (tier, key, entity)) WITHOUT ROWID;
            CREATE TABLE words (word TEXT, entity INTEGER, label INTEGER, variant INTEGER,
                                PRIMARY KEY (word, entity, label, variant)) WITHOUT ROWID;""")
        conn.execute("INSERT INTO meta VALUES (?, ?)", (_VERSION, mark))
        _insert(conn, ((number, iri, labels, types)
                       for number, (iri, (labels, types)) in enumerate(sorted(_entities(database).items()))))
        done = _finish(conn, tmp, target)
        tmp = None
        return done
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# -- from the previous generation ---------------------------------------------------------------
#: Past this share of the indexed entities to compute again (and past 1,000 of them), a fresh build
#: is cheaper than a copy.
REFRESH_LIMIT = 0.5


def _too_many(subjects: set[str] | list[str], entities: int) -> bool:
    return len(subjects) > max(REFRESH_LIMIT * entities, 1000)


@dataclass
class Refresh:
    """A copy of the previous generation's index, the graphs written since and the entities they
    named there (:func:`plan_refresh`); :func:`write_index` finishes it, :meth:`discard` drops it."""

    copy: str
    graphs: set[str]
    named: set[str]
    entities: int

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.copy)


def _named(database: ox.Store, graphs: Iterable[str]) -> set[str]:
    """The IRIs that are the subject of a label or a type in one of the named ``graphs``."""
    out: set[str] = set()
    for graph in graphs:
        try:
            g = ox.NamedNode(graph)
        except ValueError:
            continue
        for prop in (*_LABELS, _TYPE):
            out.update(q.subject.value for q in database.quads_for_pattern(None, ox.NamedNode(prop), None, g)
                       if isinstance(q.subject, ox.NamedNode))
    return out


def plan_refresh(folder: Path, generation: str | None,
                 changed_since: Callable[[str | None], set[str] | None]) -> Refresh | None:
    """Before a writer publishes: a copy of the index of the published ``generation``, the graphs
    written since its mark and the entities they name (label or type) in that generation's
    snapshot. ``None`` when the new index is to be built afresh: no usable index, a mark the change
    journal cannot answer (a write of unknown graphs, a writer that died, a journal started afresh),
    too much changed."""
    path = index_path(folder, generation) if generation else None
    if path is None or not path.is_file():
        return None
    tmp: str | None = None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as previous:
            meta = previous.execute("SELECT version, mark FROM meta").fetchone()
            graphs = changed_since(meta[1]) if meta and meta[0] == _VERSION and meta[1] else None
            if graphs is None:
                return None
            (count,) = previous.execute("SELECT COUNT(*) FROM entities").fetchone()
            snapshot = ox.Store.read_only(str(path.parent / str(generation)))
            named = _named(snapshot, graphs)
            del snapshot
            if _too_many(named, count):
                return None
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".names.sqlite", dir=path.parent)
            os.close(fd)
            with contextlib.closing(sqlite3.connect(tmp)) as copy:
                previous.backup(copy)
        refresh, tmp = Refresh(tmp, graphs, named, count), None
        return refresh
    except (OSError, RuntimeError, ValueError, sqlite3.Error) as exc:
        _LOG.info("note: the name index of %s is built afresh (%s)", generation, exc)
        return None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_index(database: ox.Store, target: Path, mark: str, refresh: Refresh | None) -> sqlite3.Connection:
    """The name index of ``database`` (just published; ``mark``: its change-journal mark) at
    ``target``: ``refresh`` brought up to date for the entities it names and those its graphs name
    now, else built afresh; returned opened."""
    if refresh is None:
        return build(database, target, mark)
    conn = None
    try:
        subjects = sorted(refresh.named | _named(database, refresh.graphs))
        if _too_many(subjects, refresh.entities):
            return build(database, target, mark)
        conn = sqlite3.connect(refresh.copy)
        _update(conn, database, subjects)
        conn.execute("UPDATE meta SET mark = ?", (mark,))
        done, conn = _finish(conn, refresh.copy, target), None
        return done
    finally:
        if conn is not None:
            conn.close()
        refresh.discard()


def _update(conn: sqlite3.Connection, database: ox.Store, subjects: list[str]) -> None:
    """Compute the entries of ``subjects`` again (an entity keeps its number; a new one gets the next)."""
    old: dict[str, int] = {}
    for start in range(0, len(subjects), 500):
        chunk = subjects[start:start + 500]
        old.update((iri, number) for number, iri in conn.execute(
            f"SELECT id, iri FROM entities WHERE iri IN ({','.join('?' * len(chunk))})", chunk))
    gone = sorted(old.values())
    # the highest number before deleting: the numbers kept by re-computed entities stay theirs
    (top,) = conn.execute("SELECT COALESCE(MAX(id), -1) FROM entities").fetchone()
    for start in range(0, len(gone), 500):
        numbers = gone[start:start + 500]
        marks = ",".join("?" * len(numbers))
        conn.execute(f"DELETE FROM entities WHERE id IN ({marks})", numbers)
        conn.execute(f"DELETE FROM keys WHERE entity IN ({marks})", numbers)
        conn.execute(f"DELETE FROM words WHERE entity IN ({marks})", numbers)
    rows = []
    for iri, (labels, types) in sorted(_entities(database, subjects).items()):
        number = old.get(iri)
        if number is None:
            number = top = top + 1
        rows.append((number, iri, labels, types))
    _insert(conn, rows)


def open_index(folder: Path, generation: str, database: ox.Store) -> NameIndex:
    """The name index of a published generation: read from its file, built (and written, when the
    folder allows it) when there is none."""
    path = index_path(folder, generation)
    if path.is_file():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            if conn.execute("SELECT version FROM meta").fetchone() == (_VERSION,):
                return NameIndex(conn)
            conn.close()
        except sqlite3.Error:
            pass
    try:
        return NameIndex(build(database, path))
    except (OSError, sqlite3.Error) as exc:
        _LOG.info("note: cannot write the name index %s (%s); it is kept in memory", path, exc)
        return NameIndex(build(database, None))


class NameIndex:
    """Lookups of :func:`ruhrgraph.sparql.resolve.match`'s tiers in a name index."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def close(self) -> None:
        self._conn.close()

    def _candidates(self, ids: Iterable[int], allowed: frozenset[str] | None) -> list[Candidate]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        rows: list[Any] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows += self._conn.execute(
                f"SELECT iri, labels, types FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall()
        out = []
        for iri, labels, types in sorted(rows):
            type_list = json.loads(types)
            if allowed is not None and not allowed.intersection(type_list):
                continue
            out.append(Candidate(URIRef(iri), tuple(json.loads(labels)), tuple(type_list)))
        return out

    def _keyed(self, tier: int, wanted: Sequence[str]) -> list[int]:
        marks = ",".join("?" * len(wanted))
        return [r[0] for r in self._conn.execute(
            f"SELECT entity FROM keys WHERE tier = ? AND key IN ({marks})", (tier, *wanted))]

    def match(self, value: str, allowed: frozenset[str] | None) -> tuple[str, list[Candidate]]:
        """The same as :func:`ruhrgraph.sparql.resolve.match` over the indexed entities that are
        instances of ``allowed`` (any entity with ``None``)."""
        wanted = sorted(keys(value))
        if wanted:
            hits = self._candidates(self._keyed(0, wanted), allowed)
            if hits:
                return TIERS[0], hits
        compact = fold(value).replace(" ", "")
        if compact.isalpha() and 2 <= len(compact) <= 8:
            hits = self._candidates(self._keyed(1, [compact]), allowed)
            if hits:
                return TIERS[1], hits
        ids: set[int] = set()
        for words in _words(value):
            if not words:
                continue
            marks = ",".join("?" * len(words))
            ids.update(r[0] for r in self._conn.execute(
                f"SELECT entity FROM words WHERE word IN ({marks}) GROUP BY entity, label, variant "
                "HAVING COUNT(DISTINCT word) = ?", (*sorted(words), len(words))))
        hits = self._candidates(ids, allowed)
        return (TIERS[2], hits) if hits else ("", [])
