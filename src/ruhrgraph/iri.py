"""Deterministic IRIs for everything ruhrgraph mints.

An entity's IRI is built from its kind and its normalised name (or an external identifier)
under a configurable base (``RUHRGRAPH_BASE``, default ``https://w3id.org/ruhrgraph/``)::

    >>> str(mint("organisation", "Wirtschaftsförderung Dortmund"))
    'https://w3id.org/ruhrgraph/id/organisation/wirtschaftsfoerderung-dortmund'
    >>> mint("person", "Julia Jäger") == mint("person", "Julia Ja\\u0308ger")  # NFC vs NFD
    True

Names are NFC-normalised; umlauts are transliterated (ä → ae, ß → ss) in the slug only, the
label keeps the original spelling. Two names share an IRI exactly when they have the same
:func:`name_key`: when they differ only in case, NFC/NFD or compatibility forms, umlaut spelling
(ä/ae), accents on Latin letters, or in spaces and punctuation between words.

A name whose key holds characters that have no ASCII form (Korean, Chinese, symbols such as
★ …) keeps its ASCII part and gets a short hash of its key after a double hyphen, which a plain
slug can never contain (plain slugs are ASCII words joined by single hyphens)::

    >>> slugify("Firma ★"), slugify("Firma ☆"), slugify("Firma")
    ('firma--02d8736ac6', 'firma--79f2b4f8bc', 'firma')
    >>> slugify("Mega Robotics 36f5bfc556 GmbH")  # looks like a hash, stays a plain slug
    'mega-robotics-36f5bfc556-gmbh'

So plain and hashed slugs never meet, and hashed slugs differ unless 40 bits of SHA-1 collide.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata

from rdflib import URIRef

from ruhrgraph.errors import SettingError

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
_MARKS = frozenset("®©℗")  # trade and copyright marks name no one: "Firma®" is "Firma"


def base_iri() -> str:
    """The base under which IRIs are minted (``RUHRGRAPH_BASE`` or the default)."""
    base = os.environ.get("RUHRGRAPH_BASE", DEFAULT_BASE).strip() or DEFAULT_BASE
    return base if base.endswith(("/", "#")) else base + "/"


#: Characters an IRI may not contain (RFC 3987): spaces, controls, <>"{}|^` and backslash.
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def check_web_iri(value: str, what: str) -> str:
    """``value`` if it is an absolute ``http(s)`` IRI that RDF allows; else :class:`SettingError`.

    >>> check_web_iri("https://creativecommons.org/licenses/by/4.0/", "--licence")
    'https://creativecommons.org/licenses/by/4.0/'
    >>> check_web_iri("CC BY 4.0", "--licence")
    Traceback (most recent call last):
    ...
    ruhrgraph.errors.SettingError: --licence: 'CC BY 4.0' is not an http(s) IRI (for example https://creativecommons.org/licenses/by/4.0/)
    """
    found = IRI_FORBIDDEN.search(value)
    bad = found.group() if found else None
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest or rest.startswith("/"):
        raise SettingError(f"{what}: {value!r} is not an http(s) IRI (for example "
                           "https://creativecommons.org/licenses/by/4.0/)")
    if bad is not None:
        raise SettingError(f"{what}: {value!r} is not a valid IRI: it contains {bad!r}")
    return value


def normalise(name: str) -> str:
    """NFC form of ``name`` with whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


_PLAIN_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """What of a name its IRI depends on: two names share an IRI exactly when their keys are equal.

    The key is the name transliterated (ä → ae), decomposed (NFKD) without accents, lower-cased,
    with runs of ASCII spaces, punctuation and symbols turned into one hyphen and non-ASCII
    punctuation, spaces, invisible characters and the marks ® © ℗ left out (as plain slugs always
    did); every other character (letters without an ASCII form, symbols such as ★ …) is kept. A name
    with an empty key (only punctuation) is told apart by its NFC form instead.

    >>> name_key("Grothe & Yilmaz KG"), name_key("Firma ★")
    ('grothe-und-yilmaz-kg', 'firma-★')
    """
    text = unicodedata.normalize("NFKD", normalise(name).translate(_TRANSLIT))
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower() if ch.isalnum() else "-")
        elif unicodedata.combining(ch) or unicodedata.category(ch)[0] in "PZ" \
                or unicodedata.category(ch) in ("Cc", "Cf") or ch in _MARKS:
            continue
        else:
            out.append(ch.lower())
    return re.sub("-+", "-", "".join(out)).strip("-")


@functools.lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """A lowercase ASCII slug of ``name``; never empty, stable for NFC/NFD spellings.

    >>> slugify("BioMedizinZentrumDortmund")
    'biomedizinzentrumdortmund'
    >>> slugify("Straße der Älteren")
    'strasse-der-aelteren'
    """
    key = name_key(name)
    if _PLAIN_KEY.fullmatch(key):
        return key
    ascii_part = _NON_SLUG.sub("-", key.encode("ascii", "ignore").decode("ascii")).strip("-")
    digest = hashlib.sha1((key or normalise(name)).encode("utf-8")).hexdigest()[:10]
    return f"{ascii_part or 'x'}--{digest}"


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
