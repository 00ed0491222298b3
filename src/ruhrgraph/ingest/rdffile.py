"""Read an RDF file into an rdflib dataset, with errors that name the file, line and column.

The format follows the file extension (:data:`FORMATS`). Nothing is ever fetched from the
network: a JSON-LD document whose ``@context`` is given by reference is refused.

Example::

    >>> read_rdf_file("no-such-file.ttl")
    Traceback (most recent call last):
    ...
    ruhrgraph.errors.ReadError: no-such-file.ttl: file not found
"""

from __future__ import annotations

import json
import re
import warnings
import xml.sax
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from ruhrgraph.errors import InputError, RDFSyntaxError, ReadError

__all__ = ["FORMATS", "read_rdf_file"]

#: File extension → rdflib parser name.
FORMATS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "xml": ox.RdfFormat.RDF_XML,
}


def read_rdf_file(path: str | Path) -> Dataset:
    """Parse an RDF file into a dataset; the format follows the file extension.

    Turtle (``.ttl``), TriG (``.trig``), N-Triples (``.nt``), N-Quads (``.nq``), JSON-LD
    (``.jsonld``, ``.json``) and RDF/XML (``.rdf``, ``.owl``). Triples of triple formats land
    in the default graph. JSON-LD is parsed without ever fetching a remote ``@context``: a
    context given by reference is refused (inline it instead).

    Raises:
        ReadError: the file is missing, not UTF-8, or has an unknown extension.
        RDFSyntaxError: the file does not parse; carries line and column where known.
        InputError: a JSON-LD document refers to a remote context.
    """
    path = Path(path)
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(FORMATS))
        raise ReadError(path, f"unknown RDF format {path.suffix or '(no extension)'!r}; "
                              f"use one of {known}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "file not found") from None
    except IsADirectoryError:
        raise ReadError(path, "is a directory, not an RDF file") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RDFSyntaxError(path, "not valid UTF-8 (RDF files must be UTF-8)", line=line) from None
    if rdf_format == "json-ld":
        _check_json_ld(path, text)
    if rdf_format == "xml":
        _check_doctype(path, text)
    dataset = Dataset()
    try:
        with warnings.catch_warnings():  # rdflib's parsers call its own deprecated Dataset API
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=text, format=rdf_format, publicID=path.resolve().as_uri())
    except RecursionError:
        raise RDFSyntaxError(path, "the document is nested too deeply to read") from None
    except Exception as exc:  # rdflib parsers raise many kinds of exceptions
        raise _syntax_error(path, text, rdf_format, exc) from None
    return dataset


_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[>]*(\[(?P<subset>.*?)\])?\s*>", re.S | re.I)
_ENTITY = re.compile(r"<!ENTITY\s+(?P<name>[\w.:-]+)\s+(?P<q>[\"'])(?P<value>.*?)(?P=q)\s*>", re.S)
_MAX_ENTITIES = 100


def _check_doctype(path: Path, text: str) -> None:
    """Refuse RDF/XML whose DOCTYPE could make the parser expand or fetch entities.

    Allowed: no DOCTYPE, or one whose internal subset only declares up to 100 plain internal
    entities (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``, as ontology editors write) whose
    values refer to no other entity. Refused, before any parsing: entities that refer to entities
    (the "billion laughs", hundreds of bytes that expand to gigabytes), external entities
    (``SYSTEM``/``PUBLIC``: files or URLs), parameter entities and anything else in the subset.
    """
    if "<!" not in text:
        return
    doctypes = list(_DOCTYPE.finditer(text))
    stray = len(re.findall(r"<!DOCTYPE", text, re.I)) != len(doctypes) or (
        "<!ENTITY" in text and not doctypes)
    problem = "a DOCTYPE that cannot be read safely" if stray or len(doctypes) > 1 else ""
    for doctype in doctypes[:1]:
        if re.search(r"\b(SYSTEM|PUBLIC)\b", text[doctype.start():doctype.start(1) if doctype.group(1)
                                                   else doctype.end()]):
            problem = "an external DTD (SYSTEM/PUBLIC)"
        subset = doctype.group("subset") or ""
        entities = list(_ENTITY.finditer(subset))
        rest = _ENTITY.sub("", re.sub(r"<!--.*?-->", "", subset, flags=re.S)).strip()
        if rest:
            problem = problem or f"DTD declarations other than plain entities ({rest[:40]!r})"
        elif len(entities) > _MAX_ENTITIES:
            problem = f"more than {_MAX_ENTITIES} entity declarations"
        elif any(("&" in e["value"]) or ("%" in e["value"]) for e in entities):
            problem = "entities that refer to other entities (an entity expansion bomb)"
    if problem:
        raise RDFSyntaxError(path, f"RDF/XML with {problem} is refused; write the IRIs out in full "
                                   "(or convert the file to Turtle)")


def _check_json_ld(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
        references = list(_context_references(document))
    except json.JSONDecodeError as exc:
        raise RDFSyntaxError(path, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise RDFSyntaxError(path, "the JSON is nested too deeply to read") from None
    for reference in references:
        raise InputError(
            path,
            f"JSON-LD context {reference!r} is given by reference; ruhrgraph never fetches remote "
            "contexts (no network access at run time) — inline the context object instead",
        )


def _context_references(node: Any) -> Iterator[str]:
    """Every ``@context`` (or ``@import``) value that is a reference rather than an object."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                yield from _context_values(value)
            else:
                yield from _context_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _context_references(item)


def _context_values(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _context_values(item)
    elif isinstance(value, dict):
        if isinstance(value.get("@import"), str):
            yield value["@import"]
        for term in value.values():
            if isinstance(term, dict) and "@context" in term:  # scoped contexts
                yield from _context_values(term["@context"])


def _syntax_error(path: Path, text: str, rdf_format: str, exc: Exception) -> InputError:
    if isinstance(exc, InputError):
        return exc
    if isinstance(exc, BadSyntax):
        offset = getattr(exc, "_i", None)
        why = getattr(exc, "_why", None) or str(exc)
        if isinstance(offset, int):
            line_start = text.rfind("\n", 0, offset) + 1
            return RDFSyntaxError(path, why, line=text.count("\n", 0, offset) + 1,
                                  column=offset - line_start + 1)
        return RDFSyntaxError(path, why, line=getattr(exc, "lines", 0) + 1)
    if isinstance(exc, xml.sax.SAXParseException):
        column = exc.getColumnNumber()
        return RDFSyntaxError(path, exc.getMessage(), line=exc.getLineNumber(),
                              column=column + 1 if column is not None else None)
    located = _locate_with_oxigraph(text, rdf_format)
    if located is not None:
        line, column, message = located
        return RDFSyntaxError(path, message, line=line, column=column)
    message = str(exc).strip() or type(exc).__name__
    if isinstance(exc, ParserError):
        return RDFSyntaxError(path, message)
    return RDFSyntaxError(path, f"{type(exc).__name__}: {message}")


def _locate_with_oxigraph(text: str, rdf_format: str) -> tuple[int, int | None, str] | None:
    """Ask Oxigraph's parser where the error is (rdflib's N-Triples parser does not say)."""
    ox_format = _OX_FORMATS.get(rdf_format)
    if ox_format is None:
        return None
    try:
        for _ in ox.parse(text.encode("utf-8"), format=ox_format, base_iri="file:///input"):
            pass
    except SyntaxError as err:
        message = err.msg.split(": ", 1)[-1] if err.msg else "syntax error"
        return (err.lineno or 1), err.offset, message
    return None
