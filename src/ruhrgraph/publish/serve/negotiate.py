"""Content negotiation for the server: media types, ``Accept`` parsing, ``format=``, 303 redirects.

An IRI under ``/id/`` names a thing, not a page; :func:`see_other` answers it with
``303 See Other`` to the document about it under ``/doc/``, in the syntax the ``Accept`` header
prefers (:data:`DOC_OFFERS`). SPARQL results are offered in the formats of
:mod:`ruhrgraph.sparql.results` that the endpoint serves, plus HTML.

A request that cannot be answered raises :class:`HTTPError`; the application turns it into an
error response in the form the client accepts.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.responses import RedirectResponse

from ruhrgraph.sparql import results

HTML = "text/html"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
RDFXML = "application/rdf+xml"
#: Document extensions under /doc/ and the media types they stand for.
EXTENSIONS = {"html": HTML, "ttl": TURTLE, "jsonld": JSONLD, "nt": NTRIPLES, "rdf": RDFXML}
EXT_OF = {media: ext for ext, media in EXTENSIONS.items()}
#: RDF syntaxes a graph or a resource is offered in; after the four real ones, aliases that
#: clients send (SPARQLWrapper, YASGUI, Fuseki and Virtuoso clients), see :func:`rdf_media`.
RDF_OFFERS = (TURTLE, JSONLD, NTRIPLES, RDFXML, "application/x-turtle", "application/turtle", "text/n3",
              "text/rdf+n3", "application/n3", "application/json", "application/x-json+ld",
              "application/xml", "text/xml")
#: Turtle is N3 (a subset); plain JSON is JSON-LD; plain XML is RDF/XML.
_RDF_ALIASES = {"application/x-turtle": TURTLE, "application/turtle": TURTLE, "text/n3": TURTLE,
                "text/rdf+n3": TURTLE, "application/n3": TURTLE, "application/json": JSONLD,
                "application/x-json+ld": JSONLD, "application/xml": RDFXML, "text/xml": RDFXML}
#: What a document about an entity is offered as.
DOC_OFFERS = (HTML, *RDF_OFFERS)
#: Query parameters that name the wanted format: ``format`` (Virtuoso, the SPARQLWrapper default,
#: this server), ``output`` (Fuseki, sparqler), ``results`` (SPARQLWrapper sends all three).
FORMAT_PARAMETERS = ("format", "output", "results")
#: Format words for a graph (CONSTRUCT, DESCRIBE, /graph/…) and the media types they ask for.
_GRAPH_WORDS = {"html": HTML, "turtle": TURTLE, "ttl": TURTLE, "n3": TURTLE, "jsonld": JSONLD,
                "json-ld": JSONLD, "json": JSONLD, "nt": NTRIPLES, "ntriples": NTRIPLES, "n-triples": NTRIPLES,
                "rdfxml": RDFXML, "rdf+xml": RDFXML, "rdf": RDFXML, "xml": RDFXML}
#: Format words for SELECT and ASK results other than the result formats' own names.
_RESULT_WORDS = {"html": HTML, "sparql-results+json": results.JSON, "sparql-results+xml": results.XML,
                 "text/javascript": results.JSON, "application/javascript": results.JSON}
#: Media types of the files under /dumps/, by suffix.
MEDIA_OF_SUFFIX = {".ttl": TURTLE, ".trig": "application/trig", ".nq": "application/n-quads",
                   ".jsonld": JSONLD, ".gz": "application/gzip", ".sha256": "text/plain"}


class HTTPError(Exception):
    """A request answered with an error ``status`` (4xx/5xx), a short message and ``headers``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the ``Accept`` header prefers (ties: the first offer); ``None`` if none fits.

    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> negotiate("application/ld+json;q=0.9, text/turtle", ["application/ld+json", "text/turtle"])
    'text/turtle'
    >>> negotiate("image/png", ["text/html"]) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges: list[tuple[str, str, float]] = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        ranges.append((main, sub or "*", q))
    best: tuple[float, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        main, _, sub = offer.partition("/")
        quality, specificity = -1.0, -1
        for rmain, rsub, q in ranges:
            if rmain == main and rsub == sub:
                spec = 2
            elif rmain == main and rsub == "*":
                spec = 1
            elif rmain == "*" and rsub == "*":
                spec = 0
            else:
                continue
            if spec > specificity:
                quality, specificity = q, spec
        if quality > 0 and (best is None or quality > best[0]):
            best, chosen = (quality, -index), offer
    return chosen


def rdf_media(media: str) -> str:
    """The RDF media type an alias offer stands for (``application/json`` is JSON-LD here).

    >>> rdf_media("application/x-turtle"), rdf_media("text/n3"), rdf_media("application/xml")
    ('text/turtle', 'text/turtle', 'application/rdf+xml')
    """
    return _RDF_ALIASES.get(media, media)


def result_offers() -> tuple[str, ...]:
    """What SELECT and ASK results are offered as: the endpoint's result formats, then HTML."""
    return (*results.endpoint_media_types(), HTML)


def _format_words(offers: Sequence[str]) -> dict[str, str]:
    """Format word → media type for ``offers`` (graph words when they hold RDF, else result words)."""
    if TURTLE in offers:
        return dict(_GRAPH_WORDS)
    names = {name: results.FORMATS.get(name) for name in results.FORMATS}
    return {**{n: f.media_type for n, f in names.items() if f.endpoint}, **_RESULT_WORDS}


def _resolve(value: str, offers: Sequence[str], words: dict[str, str]) -> str | None:
    """The offer a format value names (a word, a media type, an alias), ``None`` if none."""
    wanted = value.strip().lower().split(";")[0].strip()
    media = words.get(wanted, wanted)
    if media in offers:
        return rdf_media(media) if TURTLE in offers else media
    return None


def choose(accept: str | None, wanted: str | Sequence[str] | None, offers: Sequence[str], what: str) -> str:
    """The media type asked for by the format parameters (``wanted``: every value of ``format``,
    ``output`` and ``results``), else by ``accept``.

    A format value is a word (``json``, ``xml``, ``turtle``, ``n3``, ``csv`` …; ``xml`` and ``json``
    mean RDF/XML and JSON-LD for a graph, SPARQL results XML and JSON otherwise) or a media type;
    the first value that names an offer wins, so that the several values SPARQLWrapper sends
    (``format=rdf+xml&format=application/rdf+xml&output=…``) work.

    Raises:
        HTTPError: 400 when format values are given and none is offered, 406 when nothing acceptable is.

    >>> choose("text/csv", None, result_offers(), "results")
    'text/csv'
    >>> choose(None, "tsv", result_offers(), "results")
    'text/tab-separated-values'
    >>> choose("*/*", ["xml", "xml", "xml"], RDF_OFFERS, "CONSTRUCT results")
    'application/rdf+xml'
    >>> choose(None, ["json-ld", "application/ld+json"], RDF_OFFERS, "graphs")
    'application/ld+json'
    """
    values = [wanted] if isinstance(wanted, str) else list(wanted or ())
    values = [v for v in values if v.strip()]
    if values:
        words = _format_words(offers)
        for value in values:
            media = _resolve(value, offers, words)
            if media is not None:
                return media
        raise HTTPError(400, f"format {values[0]!r} is not available for {what}; use one of "
                             + ", ".join(sorted(k for k, v in words.items() if v in offers)))
    chosen = negotiate(accept, offers)
    if chosen is None:
        raise HTTPError(406, f"{what} are available as " + ", ".join(offers))
    return rdf_media(chosen) if TURTLE in offers else chosen


def document_media(accept: str | None, what: str = "this resource") -> str:
    """The syntax of the document about an entity that ``accept`` prefers (aliases resolved).

    Raises:
        HTTPError: 406 when none of :data:`DOC_OFFERS` is acceptable.
    """
    media = negotiate(accept, DOC_OFFERS)
    if media is None:
        raise HTTPError(406, f"{what} is available as " + ", ".join(DOC_OFFERS))
    return rdf_media(media)


def doc_path(root: str, path: str, media: str) -> str:
    """The path of the document about ``/id/{path}`` in ``media``.

    >>> doc_path("", "city/essen", "text/turtle")
    '/doc/city/essen.ttl'
    """
    return f"{root}/doc/{path}.{EXT_OF[media]}"


def see_other(root: str, path: str, media: str) -> RedirectResponse:
    """``303 See Other`` from ``/id/{path}`` to its document in ``media`` (``Vary: Accept``)."""
    return RedirectResponse(doc_path(root, path, media), status_code=303, headers={"Vary": "Accept"})


def with_charset(media: str) -> str:
    """``media`` with ``; charset=utf-8`` where it is text.

    >>> with_charset("text/turtle"), with_charset("application/gzip")
    ('text/turtle; charset=utf-8', 'application/gzip')
    """
    if media.startswith("text/") or media.endswith(("json", "xml", "turtle", "trig", "n-triples", "n-quads")):
        return f"{media}; charset=utf-8"
    return media
