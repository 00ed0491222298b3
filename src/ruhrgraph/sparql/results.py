r"""The one writer of SPARQL query results, for the command line and the server.

Formats: SPARQL 1.1 Query Results JSON, XML, CSV and TSV; a plain-text table and a Markdown
table; N-Triples and Turtle for the triples of ``CONSTRUCT``/``DESCRIBE``. They are a
:class:`~ruhrgraph.registry.Registry`, :data:`FORMATS`, looked up by name (``--format`` on the
command line, ``?format=`` on the server); other packages add theirs under the entry-point group
``ruhrgraph.result_formats``. ``ruhrgraph query`` and ``ruhrgraph sparql`` offer the formats
marked ``cli``, the SPARQL endpoint negotiates among those marked ``endpoint``.

Every writer takes :class:`Solutions`: variables and rows of *plain terms*, tuples that cross the
server's process boundary unchanged — ``("uri", iri)``, ``("bnode", id)``,
``("literal", text, lang, datatype)``, or ``None`` when unbound. :func:`solutions` makes them
from a :class:`~ruhrgraph.sparql.run.QueryResult` (rdflib terms).

CSV stays raw on purpose (issue 17): ``text/csv`` here and ``--format csv`` of ``query``/``sparql``
are the SPARQL 1.1 Query Results CSV format, read by programs (pandas, R, other SPARQL tools) that
must get every value exactly; a ``'`` put before a value starting with ``=``, ``+``, ``-`` or ``@``
would change the data. Tables meant for spreadsheets are the CSV exports of the actor network
(:func:`ruhrgraph.network.export.generate_csv`), which neutralise formulas; whoever opens a SPARQL
CSV result in a spreadsheet should import it as text (docs/security.md).

Example::

    >>> essen = (("uri", "https://w3id.org/ruhrgraph/id/city/essen"), ("literal", "Essen", "de", ""))
    >>> answer = Solutions(("city", "name"), [essen])
    >>> write("csv", answer).splitlines()
    ['city,name', 'https://w3id.org/ruhrgraph/id/city/essen,Essen']
    >>> write("tsv", answer).splitlines()
    ['?city\t?name', '<https://w3id.org/ruhrgraph/id/city/essen>\t"Essen"@de']
    >>> print(write("md", answer), end="")
    | city | name |
    |---|---|
    | id:city/essen | Essen |
    >>> FORMATS.get("xlsx")
    Traceback (most recent call last):
    ...
    ruhrgraph.errors.ParameterError: unknown result format 'xlsx'; known: table, json, xml, csv, tsv, md, nt, ttl
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ruhrgraph import vocab
from ruhrgraph.errors import QueryError
from ruhrgraph.iri import base_iri
from ruhrgraph.registry import Registry

if TYPE_CHECKING:
    from ruhrgraph.sparql.run import QueryResult

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"

Term = tuple[str, ...]
"""A plain term: ``("uri", iri)``, ``("bnode", id)`` or ``("literal", text, lang, datatype)``."""
Row = Sequence[Term | None]

GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Solutions:
    """What a writer writes: the variables and rows of a result, or the answer of an ASK query.

    Attributes:
        variables: the projected variables (``subject predicate object`` for CONSTRUCT/DESCRIBE).
        rows: one plain term (or ``None``) per variable, row by row.
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
        boolean: the answer of an ASK query.
    """

    variables: Sequence[str]
    rows: Sequence[Row]
    form: str = "SELECT"
    boolean: bool | None = None


class Writer(Protocol):
    """Writes :class:`Solutions` as text; ``pretty`` asks for the indented form a person reads
    (formats with only one form ignore it)."""

    def __call__(self, answer: Solutions, *, pretty: bool = False) -> str: ...


@dataclass(frozen=True)
class ResultFormat:
    """One result format.

    Attributes:
        name: what ``--format`` and ``?format=`` call it.
        media_type: the media type of what it writes.
        write: the writer.
        aliases: other media types an ``Accept`` header may ask for it by.
        cli: offered by ``ruhrgraph query`` / ``ruhrgraph sparql``.
        endpoint: offered by the server's SPARQL endpoint and saved-query API.
        graphs: writes the triples of CONSTRUCT/DESCRIBE results, and only those.
    """

    name: str
    media_type: str
    write: Writer
    aliases: tuple[str, ...] = ()
    cli: bool = True
    endpoint: bool = False
    graphs: bool = False


FORMATS: Registry[ResultFormat] = Registry("result format", "ruhrgraph.result_formats")
"""The result formats by name."""


# -- plain terms ------------------------------------------------------------------------------
def plain_term(node: Node | None) -> Term | None:
    """An rdflib term as a plain term (``None`` stays ``None``).

    >>> plain_term(Literal("Dortmund", lang="de"))
    ('literal', 'Dortmund', 'de', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString')
    """
    if node is None:
        return None
    if isinstance(node, URIRef):
        return ("uri", str(node))
    if isinstance(node, BNode):
        return ("bnode", str(node))
    if isinstance(node, Literal):
        if node.language:
            return ("literal", str(node), node.language, RDF_LANGSTRING)
        return ("literal", str(node), "", str(node.datatype or XSD_STRING))
    return ("literal", str(node), "", XSD_STRING)


def _node(t: Term) -> Node:
    """The rdflib term of a plain term (inverse of :func:`plain_term`)."""
    if t[0] == "uri":
        return URIRef(t[1])
    if t[0] == "bnode":
        return BNode(t[1])
    if t[2]:
        return Literal(t[1], lang=t[2])
    if t[3] and t[3] != XSD_STRING:
        return Literal(t[1], datatype=URIRef(t[3]))
    return Literal(t[1])


def solutions(result: QueryResult | Solutions) -> Solutions:
    """The :class:`Solutions` of a :class:`~ruhrgraph.sparql.run.QueryResult` (rows of rdflib
    terms by variable name); a :class:`Solutions` is returned as it is."""
    if isinstance(result, Solutions):
        return result
    variables = tuple(result.variables)
    seen: dict[int, Term | None] = {}  # query results share one object per repeated term

    def plain(node: Node | None) -> Term | None:
        key = id(node)
        if key not in seen:
            seen[key] = plain_term(node)
        return seen[key]

    rows = [tuple(plain(row.get(v)) for v in variables) for row in result.rows]
    return Solutions(variables, rows, form=result.form, boolean=result.boolean)


DISPLAY_PREFIXES = vocab.select("rg", "schema", "org", "foaf", "prov", "skos", "rdf", "rdfs", "owl", "dcterms",
                                "xsd", "wd")
"""The prefixes tables show IRIs with (and ``id:`` for the entities of the dataset)."""


def display_term(term: Node | Term | None, prefixes: Mapping[str, str] | None = None) -> str:
    """A short readable form of a term (rdflib or plain) for tables: prefixed names, ``id:`` for
    ruhrgraph IRIs, literals without quotes.

    >>> display_term(URIRef("https://w3id.org/ruhrgraph/ontology#Visit"))
    'rg:Visit'
    >>> display_term(("literal", "Dortmund", "de", ""))
    'Dortmund'
    """
    t = term if term is None or isinstance(term, tuple) else plain_term(term)
    if t is None:
        return ""
    if t[0] == "uri":
        text = t[1]
        table = {**DISPLAY_PREFIXES, "id": base_iri() + "id/", **(prefixes or {})}
        best = max((ns for ns in table.values() if ns and text.startswith(ns)), key=len, default="")
        if best and len(text) > len(best):
            name = next(p for p, ns in table.items() if ns == best)
            return f"{name}:{text[len(best):]}"
        return f"<{text}>"
    if t[0] == "bnode":
        return f"_:{t[1]}"
    return str(t[1])


# -- writing --------------------------------------------------------------------------------
def write(name: str, result: QueryResult | Solutions, *, pretty: bool = False) -> str:
    """``result`` in the format registered as ``name``.

    Raises:
        ParameterError: no such format.
        QueryError: the format writes triples and the result has none.
    """
    return FORMATS.get(name).write(solutions(result), pretty=pretty)


def format_result(result: QueryResult | Solutions, fmt: str) -> str:
    """A result as the command line prints it: format ``fmt`` (``table``, ``json``, ``csv``,
    ``md``, ``nt``, ``ttl`` …), indented where the format can be."""
    return write(fmt, result, pretty=True)


def cli_formats(*, graphs: bool = True) -> tuple[str, ...]:
    """The names of the formats the command line offers (without those that write triples
    when ``graphs`` is false)."""
    chosen = (FORMATS.get(name) for name in FORMATS)
    return tuple(fmt.name for fmt in chosen if fmt.cli and (graphs or not fmt.graphs))


def endpoint_media_types() -> tuple[str, ...]:
    """Media types of the formats the server offers for SELECT and ASK results, the first being
    the default (each format's own type, then its aliases)."""
    out: list[str] = []
    for name in FORMATS:
        fmt = FORMATS.get(name)
        if fmt.endpoint:
            out += [fmt.media_type, *fmt.aliases]
    return tuple(out)


def for_media(media: str) -> ResultFormat:
    """The endpoint format that writes ``media`` (its own media type or an alias).

    >>> for_media("application/json").media_type
    'application/sparql-results+json'
    """
    for name in FORMATS:
        fmt = FORMATS.get(name)
        if fmt.endpoint and (media == fmt.media_type or media in fmt.aliases):
            return fmt
    raise ValueError(f"unsupported results format {media}")


def to_json(result: QueryResult | Solutions) -> dict[str, object]:
    """The result in the SPARQL 1.1 Query Results JSON format, as a dict."""
    answer = solutions(result)
    if answer.form == "ASK":
        return {"head": {}, "boolean": bool(answer.boolean)}
    variables = list(answer.variables)
    return {"head": {"vars": variables},
            "results": {"bindings": [{v: _json_term(t) for v, t in zip(variables, row, strict=False)
                                      if t is not None} for row in answer.rows]}}


def _json(answer: Solutions, *, pretty: bool = False) -> str:
    return json.dumps(to_json(answer), ensure_ascii=False, indent=2 if pretty else None) + "\n"


def _json_term(t: Term) -> dict[str, str]:
    if t[0] in ("uri", "bnode"):
        return {"type": t[0], "value": t[1]}
    if t[0] == "literal":
        out = {"type": "literal", "value": t[1]}
        if t[2]:
            out["xml:lang"] = t[2]
        elif t[3] and t[3] != XSD_STRING:
            out["datatype"] = t[3]
        return out
    return {"type": "literal", "value": str(t[1])}


def _xml(answer: Solutions, *, pretty: bool = False) -> str:
    head = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
    if answer.form == "ASK":
        return f"{head}<head/>\n<boolean>{'true' if answer.boolean else 'false'}</boolean>\n</sparql>\n"
    out = [head, "<head>\n"]
    out += [f"  <variable name={quoteattr(v)}/>\n" for v in answer.variables]
    out.append("</head>\n<results>\n")
    for row in answer.rows:
        out.append("  <result>\n")
        for v, t in zip(answer.variables, row, strict=False):
            if t is not None:
                out.append(f"    <binding name={quoteattr(v)}>{_xml_term(t)}</binding>\n")
        out.append("  </result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)


def _xml_term(t: Term) -> str:
    if t[0] in ("uri", "bnode"):
        return f"<{t[0]}>{escape(t[1])}</{t[0]}>"
    if t[0] == "literal" and t[2]:
        return f"<literal xml:lang={quoteattr(t[2])}>{escape(t[1])}</literal>"
    if t[0] == "literal" and t[3] and t[3] != XSD_STRING:
        return f"<literal datatype={quoteattr(t[3])}>{escape(t[1])}</literal>"
    return f"<literal>{escape(str(t[1]))}</literal>"


def to_csv(result: QueryResult | Solutions) -> str:
    """The result in the SPARQL 1.1 CSV format (CRLF line ends, plain values)."""
    answer = solutions(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if answer.form == "ASK":
        writer.writerows([["boolean"], ["true" if answer.boolean else "false"]])
        return buffer.getvalue()
    writer.writerow(answer.variables)
    for row in answer.rows:
        writer.writerow([_csv_term(t) for t in row])
    return buffer.getvalue()


def _csv(answer: Solutions, *, pretty: bool = False) -> str:
    return to_csv(answer)


def _csv_term(t: Term | None) -> str:
    if t is None:
        return ""
    if t[0] == "bnode":
        return f"_:{t[1]}"
    return str(t[1])


def _tsv(answer: Solutions, *, pretty: bool = False) -> str:
    if answer.form == "ASK":
        return f"?boolean\n{'true' if answer.boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in answer.rows]
    return "\n".join(lines) + "\n"


def _escape_string(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def _tsv_term(t: Term | None) -> str:
    if t is None:
        return ""
    if t[0] == "uri":
        return f"<{t[1]}>"
    if t[0] == "bnode":
        return f"_:{t[1]}"
    if t[0] == "literal":
        text = f'"{_escape_string(t[1])}"'
        if t[2]:
            return f"{text}@{t[2]}"
        if t[3] and t[3] not in (XSD_STRING, RDF_LANGSTRING):
            return f"{text}^^<{t[3]}>"
        return text
    return _escape_string(str(t[1]))


def to_markdown(result: QueryResult | Solutions) -> str:
    """The result as a Markdown table (used by the generated query catalogue)."""
    answer = solutions(result)
    if answer.form == "ASK":
        return f"`{'true' if answer.boolean else 'false'}`\n"
    if not answer.rows:
        return "*(no rows)*\n"

    def cell(t: Term | None) -> str:
        return display_term(t).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(answer.variables) + " |",
             "|" + "|".join("---" for _ in answer.variables) + "|"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in answer.rows]
    return "\n".join(lines) + "\n"


def _markdown(answer: Solutions, *, pretty: bool = False) -> str:
    return to_markdown(answer)


def to_text_table(result: QueryResult | Solutions) -> str:
    """A plain-text table with aligned columns (what ``--format table`` prints when not on a terminal)."""
    answer = solutions(result)
    if answer.form == "ASK":
        return ("true" if answer.boolean else "false") + "\n"
    variables = list(answer.variables)
    cells = [[display_term(t) for t in row] for row in answer.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip(),
             "  ".join("─" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(answer.rows)} row{'s' if len(answer.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _table(answer: Solutions, *, pretty: bool = False) -> str:
    return to_text_table(answer)


def to_graph(result: QueryResult | Solutions) -> Graph:
    """The triples of a CONSTRUCT/DESCRIBE result as an rdflib graph."""
    answer = solutions(result)
    if answer.form not in GRAPH_FORMS:
        raise QueryError(f"a {answer.form} result has no triples; use --format table, json or csv")
    graph = Graph()
    for s, p, o in answer.rows:
        if s is not None and p is not None and o is not None:
            graph.add((_node(s), _node(p), _node(o)))
    return graph


def _ntriples(answer: Solutions, *, pretty: bool = False) -> str:
    text = to_graph(answer).serialize(format="nt")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip()))


def _turtle(answer: Solutions, *, pretty: bool = False) -> str:
    return to_graph(answer).serialize(format="turtle")


# The built-ins, in the order the command line lists them and the server offers them.
for _fmt in (
    ResultFormat("table", "text/plain", _table),
    ResultFormat("json", JSON, _json, aliases=("application/json",), endpoint=True),
    ResultFormat("xml", XML, _xml, aliases=("application/xml", "text/xml"), cli=False, endpoint=True),
    ResultFormat("csv", CSV, _csv, endpoint=True),
    ResultFormat("tsv", TSV, _tsv, cli=False, endpoint=True),
    ResultFormat("md", "text/markdown", _markdown),
    ResultFormat("nt", "application/n-triples", _ntriples, graphs=True),
    ResultFormat("ttl", "text/turtle", _turtle, graphs=True),
):
    FORMATS.register(_fmt.name, _fmt)
