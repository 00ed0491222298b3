"""The OpenAPI 3.1 document of the saved-query web API (``/openapi.json``).

Every saved query (``queries/*.rq``) is a ``GET /queries/NAME`` operation whose parameters are
the query's, plus ``format``. The catalogue entries come from :func:`query_entry`, which the
``/queries`` pages use too.

Example::

    >>> from ruhrgraph.publish.void import PublishSettings
    >>> entry = {"name": "people", "summary": "People", "description": "", "tags": [],
    ...          "parameters": [{"name": "organisation", "required": True, "description": "",
    ...                          "default": None, "enum": [], "example": "Wirtschaftsförderung Dortmund"}]}
    >>> doc = openapi_document([entry], PublishSettings(base="https://data.example.org/"))
    >>> [p["name"] for p in doc["paths"]["/queries/people"]["get"]["parameters"]]
    ['organisation', 'format']
"""

from __future__ import annotations

import re
from typing import Any

from ruhrgraph import __version__
from ruhrgraph.publish.serve.negotiate import HTML
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.sparql import results


def query_entry(q: Any) -> dict[str, Any]:
    """A :class:`ruhrgraph.sparql.saved.SavedQuery` as the plain dict the pages and OpenAPI use."""
    example = dict(getattr(q, "example", {}) or {})
    params = [{
        "name": p.name, "description": p.description, "required": p.required,
        "default": p.default, "type": p.type, "enum": list(p.enum),
        "example": example.get(p.name),
    } for p in q.parameters]
    return {"name": q.name, "summary": q.summary, "description": q.description, "form": q.form,
            "tags": list(q.tags), "parameters": params}


def openapi_document(catalogue: list[dict[str, Any]], publish: PublishSettings,
                     root: str = "") -> dict[str, Any]:
    """An OpenAPI 3.1 description of ``/queries/NAME`` for every saved query."""
    results_schema = {"type": "object", "description": "SPARQL 1.1 Query Results JSON",
                      "properties": {"head": {"type": "object"}, "results": {"type": "object"},
                                     "boolean": {"type": "boolean"}}}
    content = {results.JSON: {"schema": results_schema}, "application/json": {"schema": results_schema},
               results.XML: {"schema": {"type": "string"}}, results.CSV: {"schema": {"type": "string"}},
               results.TSV: {"schema": {"type": "string"}}, HTML: {"schema": {"type": "string"}}}
    error = {"description": "bad parameter or unknown query",
             "content": {"text/plain": {"schema": {"type": "string"}}}}
    paths: dict[str, Any] = {}
    for q in sorted(catalogue, key=lambda q: q["name"]):
        parameters = [{
            "name": p["name"], "in": "query", "required": p["required"],
            "description": p["description"],
            "schema": {"type": "string",
                       **({"default": p["default"]} if p["default"] is not None else {}),
                       **({"enum": p["enum"]} if p["enum"] else {})},
            **({"example": p["example"]} if p["example"] is not None else {}),
        } for p in q["parameters"]]
        parameters.append({"name": "format", "in": "query", "required": False,
                           "description": "results format, instead of the Accept header",
                           "schema": {"type": "string", "enum": ["json", "xml", "csv", "tsv", "html"]}})
        paths[f"/queries/{q['name']}"] = {"get": {
            "operationId": re.sub(r"\W", "_", q["name"]),
            "summary": q["summary"] or q["name"],
            "description": q["description"],
            "tags": q["tags"],
            "parameters": parameters,
            "responses": {"200": {"description": "the results", "content": content},
                          "400": error, "404": error,
                          "503": {"description": "the query ran out of time or the server is busy"}},
        }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "ruhrgraph saved queries", "version": __version__,
                 "description": "The saved SPARQL queries of ruhrgraph as a read-only web API.",
                 "license": {"name": "data licence", "url": publish.licence}},
        "servers": [{"url": publish.base.rstrip("/") or "/"}] + ([{"url": root}] if root else []),
        "paths": paths,
    }
