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
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from ruhrgraph.sparql.resolve import TIERS, Candidate, _words, acronym, fold, keys

_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
           "http://www.w3.org/2004/02/skos/core#altLabel")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_VERSION = 1
_LOG = logging.getLogger("ruhrgraph.store")


def index_path(folder: Path, generation: str) -> Path:
    """Where the name index of a published generation lives."""
    return Path(folder) / "snapshots" / f"{generation}.names.sqlite"


def _entities(database: ox.Store) -> dict[str, tuple[list[str], list[str]]]:
    """IRI → (labels in the resolver's order, types) from the query graph (index scans, no SPARQL)."""
    found: dict[str, tuple[dict[str, tuple[int, int, str]], set[str]]] = {}
    default = ox.DefaultGraph()
    for order, prop in enumerate(_LABELS):
        for q in database.quads_for_pattern(None, ox.NamedNode(prop), None, default):
            if not isinstance(q.subject, ox.NamedNode) or not isinstance(q.object, ox.Literal):
                continue
            label = q.object.value
            key = (order, 0 if (q.object.language or "").lower().startswith("de") else 1, label)
            labels, _ = found.setdefault(q.subject.value, ({}, set()))
            labels[label] = min(labels.get(label, key), key)
    for q in database.quads_for_pattern(None, ox.NamedNode(_TYPE), None, default):
        entry = found.get(q.subject.value) if isinstance(q.subject, ox.NamedNode) else None
        if entry is not None and isinstance(q.object, ox.NamedNode):
            entry[1].add(q.object.value)
    return {iri: (sorted(labels, key=labels.__getitem__), sorted(types))
            for iri, (labels, types) in found.items() if labels}


def build(database: ox.Store, target: Path | None) -> sqlite3.Connection:
    """Index the names of ``database``'s query graph into ``target`` (written beside and renamed,
    so a reader never sees half an index) or, with ``None``, into memory; return it opened."""
    tmp: str | None = None
    if target is None:
        conn = sqlite3.connect(":memory:")
    else:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".names.sqlite", dir=target.parent)
        os.close(fd)
        conn = sqlite3.connect(tmp)
    try:
        conn.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE meta (version INTEGER);
            CREATE TABLE entities (id INTEGER PRIMARY KEY, iri TEXT, labels TEXT, types TEXT);
            CREATE TABLE keys (tier INTEGER, key TEXT, entity INTEGER,
                               PRIMARY KEY (tier, key, entity)) WITHOUT ROWID;
            CREATE TABLE words (word TEXT, entity INTEGER, label INTEGER, variant INTEGER,
                                PRIMARY KEY (word, entity, label, variant)) WITHOUT ROWID;""")
        conn.execute("INSERT INTO meta VALUES (?)", (_VERSION,))
        key_rows: set[tuple[int, str, int]] = set()
        word_rows: set[tuple[str, int, int, int]] = set()
        for number, (iri, (labels, types)) in enumerate(sorted(_entities(database).items())):
            conn.execute("INSERT INTO entities VALUES (?, ?, ?, ?)",
                         (number, iri, json.dumps(labels, ensure_ascii=False), json.dumps(types)))
            for i, label in enumerate(labels):
                key_rows.update((0, k, number) for k in keys(label))
                if initials := acronym(label):
                    key_rows.add((1, initials, number))
                plain, translit = _words(label)
                word_rows.update((w, number, i, 0) for w in plain)
                if translit != plain:  # the transliterated words only where they differ
                    word_rows.update((w, number, i, 1) for w in translit)
        conn.executemany("INSERT INTO keys VALUES (?, ?, ?)", sorted(key_rows))
        conn.executemany("INSERT INTO words VALUES (?, ?, ?, ?)", sorted(word_rows))
        conn.commit()
        if target is None or tmp is None:
            return conn
        conn.close()
        os.chmod(tmp, 0o644)  # readable by whoever may read the snapshot
        os.replace(tmp, target)
        tmp = None
        return sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


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
