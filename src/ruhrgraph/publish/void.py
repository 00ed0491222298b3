"""A VoID and DCAT description of the published dataset (``void.ttl``).

The description is computed from the data alone, so that two dumps of the same store give the
same bytes: statistics (triples, entities, distinct subjects and objects, class and property
partitions), example resources, the modification date (the latest ``schema:datePublished``,
never the wall clock), the dump files with their sizes and SHA-256 checksums, the SPARQL
endpoint, the licence (CC BY 4.0 unless configured) and the publisher.

IRIs of the description live under ``{base}void#…``: the dataset is ``{base}void#dataset``,
partitions ``#class-schema-Organization`` / ``#property-rdfs-label``, distributions
``#dump-ruhrgraph-ttl``. The server answers ``/void`` and ``/.well-known/void`` with this file.

Settings come from :class:`PublishSettings` (defaults from the environment: ``RUHRGRAPH_BASE``,
``RUHRGRAPH_LICENCE``, ``RUHRGRAPH_PUBLISHER``, ``RUHRGRAPH_PUBLISHER_URL``,
``RUHRGRAPH_ENDPOINT``).

Example::

    >>> import pyoxigraph as ox
    >>> s = PublishSettings(base="https://data.example.org/")
    >>> t = ox.Triple(ox.NamedNode("https://data.example.org/id/city/essen"),
    ...               ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Essen"))
    >>> stats = statistics([t], s.base)
    >>> stats.triples, stats.entities
    (1, 1)
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ruhrgraph import vocab
from ruhrgraph.iri import base_iri, check_web_iri
from ruhrgraph.publish import rdfwrite as _rdfwrite

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_PUBLISHER = "ruhrgraph developers"

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SPDX = "http://spdx.org/rdf/terms#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SCHEMA = "https://schema.org/"
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS_NS = "http://www.w3.org/ns/formats/"

#: Kinds of entity offered as ``void:exampleResource``, in this order.
EXAMPLE_KINDS = ("organisation", "person", "visit", "city")

_VOID_PREFIXES = vocab.select("dcat", "dcterms", "foaf", "rdfs", "sd", "spdx", "void", "xsd")


@dataclass(frozen=True)
class PublishSettings:
    """Where and under which terms the dataset is published.

    Attributes:
        base: the IRI base the data was minted under (and the server's public root).
        licence: licence IRI of the data (CC BY 4.0 by default).
        publisher: name of the publishing person or organisation.
        publisher_url: the publisher's homepage, if any.
        endpoint: public SPARQL endpoint; ``{base}sparql`` when empty.
        title: the dataset's English title (a German one is always added).
    """

    base: str = field(default_factory=base_iri)
    licence: str = CC_BY_4
    publisher: str = DEFAULT_PUBLISHER
    publisher_url: str | None = None
    endpoint: str | None = None
    title: str = "ruhrgraph: the economic actors of the Metropole Ruhr"

    @classmethod
    def from_env(cls, **overrides: str | None) -> PublishSettings:
        """Settings from the environment; keyword arguments that are not ``None`` win."""
        env = {
            "base": base_iri(),
            "licence": os.environ.get("RUHRGRAPH_LICENCE") or CC_BY_4,
            "publisher": os.environ.get("RUHRGRAPH_PUBLISHER") or DEFAULT_PUBLISHER,
            "publisher_url": os.environ.get("RUHRGRAPH_PUBLISHER_URL") or None,
            "endpoint": os.environ.get("RUHRGRAPH_ENDPOINT") or None,
        }
        env.update({k: v for k, v in overrides.items() if v is not None})
        base = str(env["base"])
        env["base"] = base if base.endswith(("/", "#")) else base + "/"
        return cls(**env)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        check_web_iri(self.base, "--base (RUHRGRAPH_BASE)")
        check_web_iri(self.licence, "--licence (RUHRGRAPH_LICENCE)")
        if self.publisher_url:
            check_web_iri(self.publisher_url, "RUHRGRAPH_PUBLISHER_URL")
        if self.endpoint:
            check_web_iri(self.endpoint, "--endpoint (RUHRGRAPH_ENDPOINT)")

    @property
    def sparql_endpoint(self) -> str:
        return self.endpoint or f"{self.base}sparql"

    @property
    def dataset_iri(self) -> str:
        return f"{self.base}void#dataset"

    @property
    def uri_space(self) -> str:
        return f"{self.base}id/"


@dataclass(frozen=True)
class Distribution:
    """One dump file as published (``void:dataDump`` / ``dcat:Distribution``)."""

    filename: str
    media_type: str
    byte_size: int
    sha256: str
    compressed: bool = False


@dataclass
class Statistics:
    """Counts over the union of all named graphs (distinct triples)."""

    triples: int = 0
    entities: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # class IRI -> instances
    properties: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # p -> (triples, s, o)
    modified: str | None = None  # latest schema:datePublished, YYYY-MM-DD
    examples: list[str] = field(default_factory=list)


def statistics(triples: Iterable[ox.Triple], base: str) -> Statistics:
    """Compute the VoID statistics of a set of distinct triples."""
    triples = list(triples)
    by_property: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        by_property[t.predicate.value].add(str(t.object))
    objects = set().union(*by_property.values()) if by_property else set()
    return merge([subject_statistics(triples, base)], len(objects), {p: len(o) for p, o in by_property.items()})


def subject_statistics(triples: Iterable[ox.Triple], base: str) -> dict[str, Any]:
    """The statistics that add up over sets of whole subjects (every triple of each subject): the
    dumps keep them per block of subjects and :func:`merge` them with the object counts."""
    uri_space = f"<{base}id/"
    subjects: Counter[str] = Counter()
    instances: dict[str, set[str]] = defaultdict(set)
    prop_triples: Counter[str] = Counter()
    prop_subjects: dict[str, set[str]] = defaultdict(set)
    dates: list[str] = []
    for t in triples:
        s, p = str(t.subject), t.predicate.value
        subjects[s] += 1
        prop_triples[p] += 1
        prop_subjects[p].add(s)
        if p == _rdfwrite.RDF_TYPE and isinstance(t.object, ox.NamedNode):
            instances[t.object.value].add(s)
        elif p == f"{SCHEMA}datePublished" and isinstance(t.object, ox.Literal):
            value = t.object.value[:10]
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                dates.append(value)
    entities = [s[1:-1] for s in subjects if s.startswith(uri_space)]
    examples: dict[str, list[Any]] = {}
    for kind in EXAMPLE_KINDS:
        prefix = f"{uri_space[1:]}{kind}/"
        candidates = [(-subjects[f"<{e}>"], e) for e in entities if e.startswith(prefix)]
        if candidates:
            examples[kind] = list(min(candidates))
    return {"triples": sum(subjects.values()), "subjects": len(subjects), "entities": len(entities),
            "examples": examples, "classes": {c: len(m) for c, m in instances.items()},
            "properties": {p: [n, len(prop_subjects[p])] for p, n in prop_triples.items()},
            "modified": max(dates) if dates else None}


def merge(parts: Iterable[dict[str, Any]], distinct_objects: int, property_objects: dict[str, int]) -> Statistics:
    """The statistics of the union of disjoint sets of subjects (:func:`subject_statistics` of
    each), with the distinct objects counted over all of them (in all and per property)."""
    triples = subjects = entities = 0
    examples: dict[str, tuple[int, str]] = {}
    classes: Counter[str] = Counter()
    properties: dict[str, list[int]] = {}
    dates: list[str] = []
    for part in parts:
        triples += part["triples"]
        subjects += part["subjects"]
        entities += part["entities"]
        for kind, (count, iri) in part["examples"].items():
            examples[kind] = min(examples.get(kind, (count, iri)), (count, iri))
        classes.update(part["classes"])
        for p, (n, s) in part["properties"].items():
            known = properties.setdefault(p, [0, 0])
            known[0] += n
            known[1] += s
        if part["modified"]:
            dates.append(part["modified"])
    return Statistics(
        triples=triples, entities=entities, distinct_subjects=subjects, distinct_objects=distinct_objects,
        classes={c: n for c, n in sorted(classes.items())},
        properties={p: (n, s, property_objects.get(p, 0)) for p, (n, s) in sorted(properties.items())},
        modified=max(dates) if dates else None,
        examples=[examples[kind][1] for kind in EXAMPLE_KINDS if kind in examples])


def describe(triples: Sequence[ox.Triple], settings: PublishSettings,
             distributions: Sequence[Distribution] = (), *, stats: Statistics | None = None) -> list[ox.Triple]:
    """The VoID/DCAT description of a dataset made of ``triples`` (distinct, union of graphs), or
    of the dataset ``stats`` describes (then ``triples`` is not read)."""
    stats = stats if stats is not None else statistics(triples, settings.base)
    base = settings.base
    ds = _iri(settings.dataset_iri)
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(s, _iri(p), o))

    add(ds, f"{RDF}type", _iri(f"{VOID}Dataset"))
    add(ds, f"{RDF}type", _iri(f"{DCAT}Dataset"))
    add(ds, f"{DCT}title", ox.Literal(settings.title, language="en"))
    add(ds, f"{DCT}title", ox.Literal("ruhrgraph: die wirtschaftlichen Akteure der Metropole Ruhr",
                                      language="de"))
    add(ds, f"{DCT}description", ox.Literal(
        "A linked-data knowledge graph of the economic actors of the Metropole Ruhr (organisations, "
        "people, places, visits and other events) built from German news articles, with the "
        "provenance of every statement down to the sentence.", language="en"))
    add(ds, f"{DCT}description", ox.Literal(
        "Ein Linked-Data-Wissensgraph der wirtschaftlichen Akteure der Metropole Ruhr "
        "(Organisationen, Personen, Orte, Besuche und andere Ereignisse), gewonnen aus "
        "deutschsprachigen Nachrichten, mit der Herkunft jeder Aussage bis auf den Satz.", language="de"))
    add(ds, f"{DCT}license", _iri(settings.licence))
    add(ds, f"{DCT}language", _iri("http://id.loc.gov/vocabulary/iso639-1/de"))
    publisher = _iri(f"{base}void#publisher")
    add(ds, f"{DCT}publisher", publisher)
    add(publisher, f"{RDF}type", _iri(f"{FOAF}Agent"))
    add(publisher, f"{FOAF}name", ox.Literal(settings.publisher))
    if settings.publisher_url:
        add(publisher, f"{FOAF}homepage", _iri(settings.publisher_url))
    if stats.modified:
        add(ds, f"{DCT}modified", ox.Literal(stats.modified, datatype=_iri(f"{XSD}date")))
    add(ds, f"{DCAT}landingPage", _iri(base))
    for keyword in ("Metropole Ruhr", "Ruhrgebiet", "Wirtschaftsförderung", "linked data"):
        add(ds, f"{DCAT}keyword", ox.Literal(keyword))
    add(ds, f"{VOID}uriSpace", ox.Literal(settings.uri_space))
    add(ds, f"{VOID}sparqlEndpoint", _iri(settings.sparql_endpoint))
    add(ds, f"{VOID}triples", _int(stats.triples))
    add(ds, f"{VOID}entities", _int(stats.entities))
    add(ds, f"{VOID}distinctSubjects", _int(stats.distinct_subjects))
    add(ds, f"{VOID}distinctObjects", _int(stats.distinct_objects))
    add(ds, f"{VOID}classes", _int(len(stats.classes)))
    add(ds, f"{VOID}properties", _int(len(stats.properties)))
    for example in stats.examples:
        add(ds, f"{VOID}exampleResource", _iri(example))
    for used in _vocabularies(stats):
        add(ds, f"{VOID}vocabulary", _iri(used))

    service = _iri(f"{base}void#sparql-service")
    add(service, f"{RDF}type", _iri(f"{DCAT}DataService"))
    add(service, f"{RDF}type", _iri(f"{SD}Service"))
    add(service, f"{DCAT}endpointURL", _iri(settings.sparql_endpoint))
    add(service, f"{SD}endpoint", _iri(settings.sparql_endpoint))
    add(service, f"{DCAT}servesDataset", ds)
    add(service, f"{DCT}title", ox.Literal("ruhrgraph SPARQL 1.1 endpoint (read-only)", language="en"))
    add(service, f"{DCT}conformsTo", _iri("https://www.w3.org/TR/sparql11-protocol/"))

    used_slugs: set[str] = set()
    for cls, n in stats.classes.items():
        part = _iri(f"{base}void#class-{_slug(cls, used_slugs)}")
        add(ds, f"{VOID}classPartition", part)
        add(part, f"{VOID}class", _iri(cls))
        add(part, f"{VOID}entities", _int(n))
    used_props: set[str] = set()
    for prop, (n, subjects, objects) in stats.properties.items():
        part = _iri(f"{base}void#property-{_slug(prop, used_props)}")
        add(ds, f"{VOID}propertyPartition", part)
        add(part, f"{VOID}property", _iri(prop))
        add(part, f"{VOID}triples", _int(n))
        add(part, f"{VOID}distinctSubjects", _int(subjects))
        add(part, f"{VOID}distinctObjects", _int(objects))

    used_files: set[str] = set()
    for dist in distributions:
        slug = _slug(dist.filename, used_files)
        url = _iri(f"{base}dumps/{dist.filename}")
        node = _iri(f"{base}void#dump-{slug}")
        if not dist.compressed:
            add(ds, f"{VOID}dataDump", url)
        add(ds, f"{DCAT}distribution", node)
        add(node, f"{RDF}type", _iri(f"{DCAT}Distribution"))
        add(node, f"{DCAT}downloadURL", url)
        add(node, f"{DCAT}accessURL", url)
        add(node, f"{DCAT}mediaType", _iri(f"{IANA}{dist.media_type}"))
        if dist.compressed:
            add(node, f"{DCAT}compressFormat", _iri(f"{IANA}application/gzip"))
        add(node, f"{DCAT}byteSize", _int(dist.byte_size))
        add(node, f"{DCT}license", _iri(settings.licence))
        add(node, f"{DCT}title", ox.Literal(dist.filename))
        if dist.media_type in _FORMAT_FEATURES and not dist.compressed:
            add(ds, f"{VOID}feature", _iri(f"{FORMATS_NS}{_FORMAT_FEATURES[dist.media_type]}"))
        checksum = _iri(f"{base}void#checksum-{slug}")
        add(node, f"{SPDX}checksum", checksum)
        add(checksum, f"{RDF}type", _iri(f"{SPDX}Checksum"))
        add(checksum, f"{SPDX}algorithm", _iri(f"{SPDX}checksumAlgorithm_sha256"))
        add(checksum, f"{SPDX}checksumValue", ox.Literal(dist.sha256, datatype=_iri(f"{XSD}hexBinary")))
    return _rdfwrite.sorted_triples(out)


_FORMAT_FEATURES = {"text/turtle": "Turtle", "application/trig": "TriG", "application/n-quads": "N-Quads",
                    "application/ld+json": "JSON-LD"}


def void_turtle(triples: Sequence[ox.Triple], settings: PublishSettings,
                distributions: Sequence[Distribution] = (), *, stats: Statistics | None = None) -> bytes:
    """``void.ttl`` as bytes: :func:`describe` written as sorted Turtle."""
    pfx = dict(_VOID_PREFIXES)
    pfx.update({k: v for k, v in _rdfwrite.prefixes().items() if k not in pfx})
    return _rdfwrite.turtle(describe(triples, settings, distributions, stats=stats), prefixes=pfx)


def describe_store(store: object, settings: PublishSettings | None = None,
                   distributions: Sequence[Distribution] = ()) -> bytes:
    """``void.ttl`` for an open :class:`~ruhrgraph.store.Store` (reads every quad once)."""
    settings = settings or PublishSettings.from_env()
    quads = store.named_quads()  # type: ignore[attr-defined]
    _, triples = _rdfwrite.canonical(quads)
    return void_turtle(triples, settings, distributions)


def _vocabularies(stats: Statistics) -> list[str]:
    used = set(stats.classes) | set(stats.properties)
    namespaces = set(_rdfwrite.prefixes().values())
    return sorted(ns for ns in namespaces if any(term.startswith(ns) for term in used))


def _slug(iri: str, used: set[str]) -> str:
    compact = iri
    for prefix, ns in sorted(_rdfwrite.prefixes().items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            compact = f"{prefix}-{iri[len(ns):]}"
            break
    slug = re.sub(r"[^A-Za-z0-9]+", "-", compact).strip("-") or "x"
    if slug in used:
        slug = f"{slug}-{hashlib.sha1(iri.encode('utf-8')).hexdigest()[:8]}"
    used.add(slug)
    return slug


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(f"{XSD}integer"))
