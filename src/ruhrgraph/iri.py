"""Deterministic IRIs for everything ruhrgraph mints.

An entity's IRI is built from its kind and its normalised name (or an external identifier)
under a configurable base (``RUHRGRAPH_BASE``, default ``https://w3id.org/ruhrgraph/``)::

    >>> str(mint("organisation", "Wirtschaftsförderung Dortmund"))
    'https://w3id.org/ruhrgraph/id/organisation/wirtschaftsfoerderung-dortmund'
    >>> mint("person", "Julia Jäger") == mint("person", "Julia Ja\\u0308ger")  # NFC vs NFD
    True

Names are NFC-normalised; umlauts are transliterated (ä → ae, ß → ss) in the slug only, the
label keeps the original spelling. A name with characters that have no ASCII form (Korean,
Chinese …) keeps its ASCII part and gets a short hash of the full name, so distinct names
never share an IRI.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/ruhrgraph/"
KINDS = frozenset({
    "organisation", "person", "city", "country", "region", "place", "sector", "role",
    "event", "visit", "delegation", "membership", "article", "statement", "evidence",
    "activity", "software", "score", "curation",
})
_TRANSLIT = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss", "ẞ": "ss",
    "æ": "ae", "Æ": "ae", "ø": "oe", "Ø": "oe", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i", "&": " und ", "+": " plus ",
})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def base_iri() -> str:
    """The base under which IRIs are minted (``RUHRGRAPH_BASE`` or the default)."""
    base = os.environ.get("RUHRGRAPH_BASE", DEFAULT_BASE).strip() or DEFAULT_BASE
    return base if base.endswith(("/", "#")) else base + "/"


def normalise(name: str) -> str:
    """NFC form of ``name`` with whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


@functools.lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """A lowercase ASCII slug of ``name``; never empty, stable for NFC/NFD spellings.

    >>> slugify("BioMedizinZentrumDortmund")
    'biomedizinzentrumdortmund'
    >>> slugify("Straße der Älteren")
    'strasse-der-aelteren'
    """
    text = normalise(name).translate(_TRANSLIT)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = ascii_text.encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", kept.lower()).strip("-")
    dropped = not ascii_text.isascii() and any(ch.isalnum() for ch in ascii_text if not ch.isascii())
    if dropped or not slug:
        digest = hashlib.sha1(normalise(name).encode("utf-8")).hexdigest()[:10]
        slug = f"{slug}-{digest}" if slug else f"x-{digest}"
    return slug


def mint(kind: str, name: str, base: str | None = None) -> URIRef:
    """The IRI of an entity of ``kind`` named ``name``."""
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    return URIRef(f"{base or base_iri()}id/{kind}/{slugify(name)}")


def mint_hashed(kind: str, *parts: str, base: str | None = None) -> URIRef:
    """The IRI of a node identified by several parts (a statement, a piece of evidence).

    The first part is kept readable, the rest is hashed: ``…/id/visit/<article>-<hash>``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    head, *rest = parts
    digest = hashlib.sha1("\x1f".join(normalise(p) for p in rest).encode("utf-8")).hexdigest()[:12]
    return URIRef(f"{base or base_iri()}id/{kind}/{slugify(head)}-{digest}")


def graph_iri(name: str, base: str | None = None) -> URIRef:
    """The IRI of a named graph: ``article/<slug>``, ``gazetteer``, ``curation``, ``analytics``."""
    if "/" in name:
        kind, _, rest = name.partition("/")
        return URIRef(f"{base or base_iri()}graph/{kind}/{slugify(rest)}")
    return URIRef(f"{base or base_iri()}graph/{slugify(name)}")
