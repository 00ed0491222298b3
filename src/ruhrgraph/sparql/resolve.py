"""Turn what a steward types ("Korea", "korea", "Südkorea", "BMR", "Dortmund") into the entity it names.

A saved query's IRI parameters accept either an IRI (``<https://…>``, ``https://…`` or a prefixed
name such as ``rg:Company``) or a *name*. A name is looked up among the labels
(``rdfs:label``, ``skos:prefLabel``) and aliases (``skos:altLabel``) of the candidates, in German
and English alike, in four tiers; the first tier that finds anything decides:

1. **the same name** — compared case-, diacritic-, punctuation- and space-insensitively, with
   German transliteration (``Jörg`` = ``Jorg`` = ``Joerg``, ``Südkorea`` = ``Sud-Korea``);
2. **an acronym** of a label (``BMR`` for *Business Metropole Ruhr*, ``CCGA`` for *Chicago
   Council on Global Affairs*), for short all-letter values;
3. **all words of the value occur in a label** (``Stachnik`` → *Joanna Stachnik*);
4. otherwise :class:`~ruhrgraph.errors.ParameterError` with the closest names (``difflib``).

More than one entity in the deciding tier is an error too ("ambiguous"), listing them with their
IRIs so that the steward can pass the IRI instead.

Candidates are restricted by a :class:`Spec`: instances of some classes (``rg:Country``; subclasses
count, read from the shipped ontology), or classes that specialise some class (for a ``type``
parameter), taken from the store and — with ``vocabulary=True`` — from the shipped ontology and
sector scheme, which the store need not contain.

Example::

    >>> candidates = [Candidate(URIRef("https://w3id.org/ruhrgraph/id/country/suedkorea"),
    ...                         ("Südkorea", "Korea"))]
    >>> [c.iri.rsplit("/", 1)[1] for c in match("sudkorea", candidates)[1]]
    ['suedkorea']
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ruhrgraph import classes as _classes
from ruhrgraph._resources import resource_dir
from ruhrgraph.errors import ParameterError
from ruhrgraph.iri import IRI_FORBIDDEN

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe"})
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_PNAME = re.compile(r"^([A-Za-z][\w\-.]*)?:([\w\-.%]*)$")
_ACRONYM_MAX = 8
# Punctuation that names are written with or without ("Süd-Korea", "G. DATA", "Innovation City
# Management (ICM)"); anything else — quotes, braces, angle brackets, semicolons, '#' — is kept,
# so that a value carrying SPARQL syntax never matches a name.
_SOFT_PUNCTUATION = re.compile(r"[\s\-\u2010-\u2015_.,:'\u2019\u00b7/&+()]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

_AFTER = "#after#"
TIERS = ("name", "acronym", "words")
"""The matching tiers of :func:`match`, in the order they are tried."""


# -- normalising names ---------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive form of a name (words kept apart by spaces).

    >>> fold("  Süd-Korea ")
    'sud korea'
    >>> fold("Straße")
    'strasse'
    >>> fold('Korea" }')
    'korea" }'
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ı", "i")  # dotless i: "I".lower()
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    return " ".join(_SOFT_PUNCTUATION.sub(" ", stripped).split())


@lru_cache(maxsize=1 << 16)
def keys(text: str) -> frozenset[str]:
    """The comparison keys of a name: folded without spaces, plain and with German transliteration.

    >>> sorted(keys("Jörg Kemna"))
    ['joergkemna', 'jorgkemna']
    """
    plain = fold(text).replace(" ", "")
    translit = fold(unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLIT)).replace(" ", "")
    return frozenset(k for k in (plain, translit) if k)


def acronym(label: str) -> str:
    """The initials of a multi-word name's capitalised words (``""`` for one word).

    >>> acronym("Business Metropole Ruhr"), acronym("Chicago Council on Global Affairs"), acronym("Essen")
    ('bmr', 'ccga', '')
    """
    words = [w for w in re.split(r"[\s\-/]+", unicodedata.normalize("NFKC", label)) if w]
    if len(words) < 2:
        return ""
    initials = "".join(w[0] for w in words if w[0].isupper() or w[0].isdigit())
    return fold(initials).replace(" ", "") if len(initials) >= 2 else ""


# -- IRIs ------------------------------------------------------------------------------------
def looks_like_iri(value: str, prefixes: Mapping[str, str] | None = None) -> bool:
    """Whether a parameter value is meant as an IRI rather than a name.

    >>> looks_like_iri("<https://w3id.org/x>"), looks_like_iri("https://w3id.org/x"), looks_like_iri("Korea")
    (True, True, False)
    """
    text = value.strip()
    if text.startswith("<") or text.endswith(">"):
        return True
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", text) or text.startswith(("urn:", "mailto:")):
        return True
    match = _PNAME.match(text)
    return bool(match and prefixes and (match.group(1) or "") in prefixes)


def validate_iri(name: str, value: str, prefixes: Mapping[str, str] | None = None) -> URIRef:
    """Parse an IRI parameter value (``<iri>``, a bare absolute IRI, or ``prefix:local`` with a
    prefix the query declares); anything else is a :class:`ParameterError`.

    >>> validate_iri("city", "<https://w3id.org/ruhrgraph/id/city/dortmund>")
    rdflib.term.URIRef('https://w3id.org/ruhrgraph/id/city/dortmund')
    >>> validate_iri("city", "<x> . ?s ?p ?o")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ruhrgraph.errors.ParameterError: parameter city: '<x> . ?s ?p ?o' is not a valid IRI ...
    """
    text = value.strip()
    example = "<https://w3id.org/ruhrgraph/id/city/dortmund>"
    if text.startswith("<") and text.endswith(">") and len(text) >= 2:
        text = text[1:-1]
    else:
        match = _PNAME.match(text)
        if match and prefixes and (match.group(1) or "") in prefixes:
            text = prefixes[match.group(1) or ""] + match.group(2)
    bad = re.search(r"\s", text) or IRI_FORBIDDEN.search(text)
    if bad:
        char = bad.group()
        what = {" ": "a space", "\n": "a line break", "\t": "a tab", "\r": "a line break"}.get(
            char, f"the character {char!r}")
        raise ParameterError(f"parameter {name}: {value!r} is not a valid IRI (it contains {what}); "
                             f"give an absolute IRI such as {example}")
    if not _IRI_SCHEME.match(text):
        raise ParameterError(f"parameter {name}: {value!r} is not an absolute IRI (no scheme such as "
                             f"https:); give an absolute IRI such as {example}")
    return URIRef(text)


# -- the shipped vocabulary ----------------------------------------------------------------
@lru_cache(maxsize=1)
def vocabulary() -> Graph:
    """The shipped ontology and sector scheme as one rdflib graph (read once per process)."""
    import pyoxigraph as ox

    from ruhrgraph.terms import to_rdflib

    graph = Graph()
    folder = resource_dir("ontology")
    for name in ("ruhrgraph.ttl", "sectors.ttl"):
        path = folder / name
        if path.is_file():  # Oxigraph's parser: a tenth of the time of rdflib's, same triples
            graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph)  # type: ignore[misc]
                       for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return graph


def subclasses(classes: Iterable[str]) -> frozenset[str]:
    """The given classes and all their subclasses according to the shipped ontology
    (:mod:`ruhrgraph.classes`, the one class hierarchy).

    >>> "https://w3id.org/ruhrgraph/ontology#Company" in subclasses(["https://schema.org/Organization"])
    True
    """
    found = {str(c) for c in classes}
    for cls in list(found):
        found |= _classes.subclasses(cls)
    return frozenset(found)


@lru_cache(maxsize=1)
def _english_labels() -> dict[str, str]:
    """The English ``rdfs:label`` of each term of the shipped ontology (read once, without building
    the rdflib graph of :func:`vocabulary`: loading a saved query needs only these)."""
    import pyoxigraph as ox

    path = resource_dir("ontology") / "ruhrgraph.ttl"
    if not path.is_file():
        return {}
    labels: dict[str, str] = {}
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if (t.predicate.value == str(RDFS.label) and isinstance(t.subject, ox.NamedNode)
                and isinstance(t.object, ox.Literal) and t.object.language == "en"):
            labels.setdefault(t.subject.value, t.object.value)
    return labels


def class_noun(classes: Sequence[str], fallback: str) -> str:
    """A readable English noun for a list of classes ("country", "city or region")."""
    labels = _english_labels()
    nouns = [labels.get(str(cls)) or str(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for cls in classes]
    return " or ".join(dict.fromkeys(nouns)) if nouns else fallback


# -- candidates ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """Which entities a parameter may name.

    Attributes:
        classes: the entity must be an instance of one of these classes (or of a subclass).
        subclass_of: the entity must itself be a class specialising one of these (reflexive).
        vocabulary: look in the shipped ontology and sector scheme too, not only in the store.
        noun: what the parameter names, for messages ("country").
    """

    classes: tuple[str, ...] = ()
    subclass_of: tuple[str, ...] = ()
    vocabulary: bool = False
    noun: str = "entity"


@dataclass(frozen=True)
class Candidate:
    """An entity that a name may refer to, with all its labels and aliases and its types."""

    iri: URIRef
    labels: tuple[str, ...]
    types: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The label to show (the first one)."""
        return self.labels[0] if self.labels else str(self.iri)

    def describe(self, name: str = "") -> str:
        """``"Korea" = Südkorea (Country <…/country/suedkorea>)``, or without ``name``
        ``"Südkorea" (Country <…>)``."""
        kind = ", ".join(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in self.types[:2])
        where = f"({kind + ' ' if kind else ''}<{self.iri}>)"
        if name and name != self.label:
            return f'"{name}" = {self.label} {where}'
        return f'"{self.label}" {where}'


Found = dict[str, tuple[dict[str, tuple[int, int, str]], dict[str, None]]]
"""Entities found so far: IRI → (labels with their sort keys, types as an insertion-ordered set)."""


def _label_query(spec: Spec, allowed: frozenset[str] | None, ordered: bool) -> str:
    """Labels of the candidate entities (types are fetched later, only for the few entities an
    error message names), as a plain join: the store's query graph holds each fact once, and a row
    repeated by an endpoint's union of graphs (or by two allowed types) is folded by
    :func:`collect`. (Subqueries that deduplicated first made Oxigraph read every label of the
    store before the join: half a second at 10,000 articles.) ``ordered`` for reading page by page."""
    typed = ""
    if allowed is not None:
        values = " ".join(URIRef(c).n3() for c in sorted(allowed))
        typed = f"VALUES ?type {{ {values} }} ?entity a ?type ."
    order = " ORDER BY ?entity ?order ?label" if ordered else ""
    after = f" {_AFTER}" if ordered else ""  # where fetch_rows puts its page key
    return f"""PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
SELECT ?entity ?label ?order WHERE {{
  {typed}
  {{ ?entity rdfs:label ?label BIND(0 AS ?order) }}
  UNION {{ ?entity skos:prefLabel ?label BIND(1 AS ?order) }}
  UNION {{ ?entity skos:altLabel ?label BIND(2 AS ?order) }}
  FILTER(isIRI(?entity)){after}
}}{order}"""


def _types_query(iris: Iterable[URIRef]) -> str:
    values = " ".join(iri.n3() for iri in sorted(set(iris)))
    return f"SELECT DISTINCT ?entity ?type WHERE {{ VALUES ?entity {{ {values} }} ?entity a ?type }}"


def collect(rows: Iterable[Mapping[str, Node]], into: Found) -> None:
    """Fold ``entity``/``label``/``order``/``type`` rows into ``{iri: (labels, types)}``; a label
    keeps its sort key: ``rdfs:label`` before ``skos:prefLabel`` before ``skos:altLabel`` (the
    ``order`` 0, 1, 2), German before other languages."""
    for row in rows:
        entity, label, rdf_type = row.get("entity"), row.get("label"), row.get("type")
        if not isinstance(entity, URIRef):
            continue
        labels, types = into.setdefault(str(entity), ({}, {}))
        if isinstance(label, Literal):
            order = row.get("order")
            key = (int(order) if isinstance(order, Literal) else 2,
                   0 if (label.language or "").lower().startswith("de") else 1, str(label))
            labels[str(label)] = min(labels.get(str(label), key), key)
        if isinstance(rdf_type, URIRef):
            types.setdefault(str(rdf_type), None)


def _finish(found: Found) -> list[Candidate]:
    return [Candidate(URIRef(iri), tuple(sorted(labels, key=labels.__getitem__)), tuple(sorted(types)))
            for iri, (labels, types) in sorted(found.items()) if labels]


def _vocabulary_candidates(spec: Spec, allowed: frozenset[str] | None) -> Found:
    vocab = vocabulary()
    found: Found = {}
    rows: list[dict[str, Node]] = []
    for order, prop in enumerate((RDFS.label, SKOS.prefLabel, SKOS.altLabel)):
        for subject, label in vocab.subject_objects(prop):
            if not isinstance(subject, URIRef):
                continue
            types = [t for t in vocab.objects(subject, RDF.type) if isinstance(t, URIRef)]
            if allowed is not None and not any(str(t) in allowed for t in types):
                continue
            row: dict[str, Node] = {"entity": subject, "label": label, "order": Literal(order)}
            rows += [{**row, "type": t} for t in types] or [row]
    collect(rows, found)
    return found


Fetch = Callable[[str], Iterable[Mapping[str, Node]]]
"""Runs a SELECT query and yields its rows (the store's or an endpoint's)."""


class Resolver:
    """Resolves parameter values against a store or endpoint; candidates are fetched once per spec.

    Args:
        fetch: runs a SELECT query (without parameters) and returns its rows; ``None`` looks only
            in the shipped vocabulary.
        paged: ``fetch`` reads page by page (an endpoint).
    """

    def __init__(self, fetch: Fetch | None, *, paged: bool = False, names: Any = None) -> None:
        self._fetch = fetch
        self._paged = paged
        self._names = names  # a ruhrgraph.sparql.names.NameIndex of the same data, or None
        self._cache: dict[Spec, list[Candidate]] = {}

    def candidates(self, spec: Spec) -> list[Candidate]:
        """Every entity the spec allows, with its labels."""
        if spec in self._cache:
            return self._cache[spec]
        allowed = subclasses(spec.classes) if spec.classes else None
        found: Found = {}
        if spec.vocabulary:
            for iri, (labels, types) in _vocabulary_candidates(spec, allowed).items():
                own = found.setdefault(iri, ({}, {}))
                own[0].update(labels)
                own[1].update(types)
        if self._fetch is not None and not spec.subclass_of:
            collect(self._fetch(_label_query(spec, allowed, ordered=self._paged)), found)
        result = _finish(found)
        if spec.subclass_of:
            wanted = subclasses(spec.subclass_of)
            result = [c for c in result if str(c.iri) in wanted]
        self._cache[spec] = result
        return result

    def resolve(self, name: str, value: str, spec: Spec, prefixes: Mapping[str, str] | None = None) -> URIRef:
        """The IRI that ``value`` names (see the module docstring for the rules).

        Raises:
            ParameterError: the value is empty, a malformed IRI, unknown or ambiguous.
        """
        text = value.strip()
        if not text:
            raise ParameterError(f"parameter {name}: the value is empty; give a name or an IRI")
        if _CONTROL.search(text):
            raise ParameterError(f"parameter {name}: {text!r} contains a line break or another control "
                                 "character; names and IRIs are a single line")
        if looks_like_iri(text, prefixes):
            return validate_iri(name, text, prefixes)
        tier, found = "", []
        if self._names is not None and not spec.vocabulary and not spec.subclass_of:
            # the snapshot's name index: only the rows of this value's keys and words
            tier, found = self._names.match(text, subclasses(spec.classes) if spec.classes else None)
        if not found:  # every candidate (and, when nothing matches, the closest names)
            tier, found = match(text, self.candidates(spec))
        if len(found) == 1:
            return found[0].iri
        if found:
            found = self._with_types(found[:8]) + found[8:]
            listed = "; ".join(c.describe() for c in found[:8])
            more = f" and {len(found) - 8} more" if len(found) > 8 else ""
            raise ParameterError(
                f"parameter {name}: {text!r} is ambiguous — it matches {len(found)} {spec.noun} "
                f"entries by {tier}: {listed}{more}. Give a fuller name or the IRI.")
        candidates = self.candidates(spec)
        close = closest(text, candidates)
        typed = self._with_types([c for _, c in close])
        close = [(label, c) for (label, _), c in zip(close, typed, strict=True)]
        hint = ("closest: " + "; ".join(c.describe(label) for label, c in close)) if close else \
            f"the store has {len(candidates)} {spec.noun} entries and none is similar"
        raise ParameterError(f"parameter {name}: no {spec.noun} is called {text!r}; {hint}. "
                             "Give one of these names or an IRI.")

    def _with_types(self, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates with their types from the store (for messages), when they have none yet."""
        missing = [c.iri for c in candidates if not c.types]
        if not missing or self._fetch is None:
            return candidates
        found: dict[str, list[str]] = {}
        for row in self._fetch(_types_query(missing)):
            entity, rdf_type = row.get("entity"), row.get("type")
            if isinstance(entity, URIRef) and isinstance(rdf_type, URIRef):
                found.setdefault(str(entity), []).append(str(rdf_type))
        return [c if c.types else Candidate(c.iri, c.labels, tuple(sorted(found.get(str(c.iri), ()))))
                for c in candidates]


def match(value: str, candidates: Sequence[Candidate]) -> tuple[str, list[Candidate]]:
    """The first tier (see :data:`TIERS`) in which ``value`` matches, and the candidates it matches."""
    wanted = keys(value)
    hits = [c for c in candidates if any(wanted & keys(label) for label in c.labels)]
    if hits:
        return "name", hits
    compact = fold(value).replace(" ", "")
    if compact.isalpha() and 2 <= len(compact) <= _ACRONYM_MAX:
        hits = [c for c in candidates if any(acronym(label) == compact for label in c.labels)]
        if hits:
            return "acronym", hits
    wanted_words = _words(value)
    if any(wanted_words):
        hits = [c for c in candidates
                if any(w and w <= have for label in c.labels for have in _words(label) for w in wanted_words)]
        if hits:
            return "words", hits
    return "", []


def _words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The folded words of a name, plain and with German transliteration."""
    translit = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLIT)
    return frozenset(fold(text).split()), frozenset(fold(translit).split())


def closest(value: str, candidates: Sequence[Candidate], n: int = 5) -> list[tuple[str, Candidate]]:
    """Up to ``n`` candidates whose names are most similar to ``value`` (``difflib``), each with the
    name that is similar."""
    by_name: dict[str, list[tuple[str, Candidate]]] = {}
    for cand in candidates:
        for label in cand.labels:
            by_name.setdefault(fold(label), []).append((label, cand))
    names = difflib.get_close_matches(fold(value), sorted(by_name), n=n * 2, cutoff=0.6)
    out: dict[str, tuple[str, Candidate]] = {}
    for name in names:
        for label, cand in by_name[name]:
            out.setdefault(str(cand.iri), (label, cand))
    return list(out.values())[:n]


def fetch_rows(run: Callable[[str], object], page: int | None = 1000) -> Fetch:
    """Adapt a function returning a :class:`~ruhrgraph.sparql.QueryResult` to :data:`Fetch`; with a
    ``page`` size the candidates are read page by page (so that an endpoint's row cap is never
    hit), with ``None`` in one go (the embedded store has no cap)."""

    def fetch(sparql: str) -> list[Mapping[str, Node]]:
        if page is None:
            return list(run(sparql.replace(_AFTER, "")).rows)  # type: ignore[attr-defined]
        if _AFTER not in sparql:
            rows: list[Mapping[str, Node]] = []
            offset = 0
            while True:
                result = run(f"{sparql} LIMIT {page} OFFSET {offset}")
                batch = list(result.rows)  # type: ignore[attr-defined]
                rows += batch
                if len(batch) < page:
                    return rows
                offset += page
        # keyset paging over the entity IRI, no OFFSET: endpoints cap how many rows they sort
        # (Virtuoso: LIMIT + OFFSET ≤ 10,000), so OFFSET paging breaks on large stores
        out: dict[tuple[str, ...], Mapping[str, Node]] = {}
        last, size = "", page
        while True:
            key = f"FILTER(STR(?entity) >= {Literal(last).n3()})" if last else ""
            batch = list(run(f"{sparql.replace(_AFTER, key)} LIMIT {size}").rows)  # type: ignore[attr-defined]
            for row in batch:
                out.setdefault(tuple(str(row.get(v, "")) for v in ("entity", "label", "order")), row)
            if len(batch) < size:
                return list(out.values())
            following = str(batch[-1]["entity"])
            if following == last:  # one entity filled the page: read it with a larger page
                size *= 2
                continue
            last, size = following, page

    return fetch
