r"""SPARQL 1.1 query results in JSON, XML, CSV and TSV (private helper of the server).

Rows hold terms as plain tuples (see :mod:`ruhrgraph.publish.serve.tasks`): ``("uri", iri)``,
``("bnode", id)``, ``("literal", text, lang, datatype)`` or ``None`` when unbound.

CSV stays raw on purpose (issue 17): ``text/csv`` here and ``--format csv`` of ``query``/``sparql``
are the SPARQL 1.1 Query Results CSV format, read by programs (pandas, R, other SPARQL tools) that
must get every value exactly; a ``'`` put before a value starting with ``=``, ``+``, ``-`` or ``@``
would change the data. Tables meant for spreadsheets are the CSV exports of the actor network
(:func:`ruhrgraph.network.export.generate_csv`), which neutralise formulas; whoever opens a SPARQL
CSV result in a spreadsheet should import it as text (docs/security.md).

Example::

    >>> rows = [(("uri", "https://w3id.org/ruhrgraph/id/city/essen"), ("literal", "Essen", "de", "")),]
    >>> bindings_bytes(["city", "name"], rows, "text/csv").decode().splitlines()
    ['city,name', 'https://w3id.org/ruhrgraph/id/city/essen,Essen']
    >>> bindings_bytes(["city", "name"], rows, "text/tab-separated-values").decode().splitlines()
    ['?city\t?name', '<https://w3id.org/ruhrgraph/id/city/essen>\t"Essen"@de']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
#: Media types for SELECT and ASK results, the first being the default.
MEDIA_TYPES = (JSON, "application/json", XML, "application/xml", "text/xml", CSV, TSV)
_CANONICAL = {"application/json": JSON, "application/xml": XML, "text/xml": XML}

Row = Sequence[Any]


def canonical(media: str) -> str:
    """The SPARQL results media type a negotiated type stands for."""
    return _CANONICAL.get(media, media)


def bindings_bytes(variables: Sequence[str], rows: Sequence[Row], media: str) -> bytes:
    """SELECT results in the format of ``media`` (one of :data:`MEDIA_TYPES`)."""
    media = canonical(media)
    if media == JSON:
        doc = {"head": {"vars": list(variables)},
               "results": {"bindings": [{v: _json_term(t) for v, t in zip(variables, row, strict=False)
                                         if t is not None} for row in rows]}}
        return (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")
    if media == XML:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>\n']
        out += [f"  <variable name={quoteattr(v)}/>\n" for v in variables]
        out.append("</head>\n<results>\n")
        for row in rows:
            out.append("  <result>\n")
            for v, t in zip(variables, row, strict=False):
                if t is not None:
                    out.append(f"    <binding name={quoteattr(v)}>{_xml_term(t)}</binding>\n")
            out.append("  </result>\n")
        out.append("</results>\n</sparql>\n")
        return "".join(out).encode("utf-8")
    if media == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(t) for t in row])
        return buffer.getvalue().encode("utf-8")
    if media == TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unsupported results format {media}")


def boolean_bytes(value: bool, media: str) -> bytes:
    """ASK results in the format of ``media``."""
    media = canonical(media)
    word = "true" if value else "false"
    if media == JSON:
        return (json.dumps({"head": {}, "boolean": value}) + "\n").encode("utf-8")
    if media == XML:
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n").encode()
    if media == CSV:
        return f"boolean\r\n{word}\r\n".encode()
    if media == TSV:
        return f"?boolean\n{word}\n".encode()
    raise ValueError(f"unsupported results format {media}")


def _json_term(t: Row) -> dict[str, str]:
    if t[0] == "uri":
        return {"type": "uri", "value": t[1]}
    if t[0] == "bnode":
        return {"type": "bnode", "value": t[1]}
    if t[0] == "literal":
        out = {"type": "literal", "value": t[1]}
        if t[2]:
            out["xml:lang"] = t[2]
        elif t[3] and t[3] != XSD_STRING:
            out["datatype"] = t[3]
        return out
    return {"type": "literal", "value": str(t[1])}


def _xml_term(t: Row) -> str:
    if t[0] == "uri":
        return f"<uri>{escape(t[1])}</uri>"
    if t[0] == "bnode":
        return f"<bnode>{escape(t[1])}</bnode>"
    if t[0] == "literal" and t[2]:
        return f"<literal xml:lang={quoteattr(t[2])}>{escape(t[1])}</literal>"
    if t[0] == "literal" and t[3] and t[3] != XSD_STRING:
        return f"<literal datatype={quoteattr(t[3])}>{escape(t[1])}</literal>"
    return f"<literal>{escape(str(t[1]))}</literal>"


def _csv_term(t: Row | None) -> str:
    if t is None:
        return ""
    if t[0] == "bnode":
        return f"_:{t[1]}"
    return str(t[1])


def _escape_string(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def _tsv_term(t: Row | None) -> str:
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
