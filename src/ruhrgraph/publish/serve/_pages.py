"""What the HTML pages show, built from what the worker tasks return (private helper of the views).

The tasks (:mod:`ruhrgraph.publish.serve.tasks`) answer with plain terms; the functions here turn
them into the dicts the templates read: links with labels, facts grouped by property, related
resources grouped by category, and the evidence sentences behind the statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ruhrgraph.namespace import RG
from ruhrgraph.publish import rdfwrite as _rdfwrite
from ruhrgraph.publish.serve import tasks as _servetasks
from ruhrgraph.sparql import results

_HAS_SCORE = str(RG.hasScore)
#: Where a link to an IRI goes (see ``Views.href``); ``None``: no link.
Href = Callable[[str], str | None]


def compact(iri: str) -> str:
    """``iri`` as a prefixed name with the prefixes of the JSON-LD context, else unchanged.

    >>> compact("https://schema.org/Person")
    'schema:Person'
    """
    for prefix, ns in sorted(_rdfwrite.prefixes().items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _best_label(labels: list[Any] | None, fallback: str) -> str:
    if not labels:
        return fallback
    rank = {"de": 0, "en": 1, "": 2}
    best = min(labels, key=lambda t: (rank.get(t[2], 3), t[2], t[1]))
    return str(best[1])


def _term_label(iri: str) -> str:
    """The ontology's label of a class or property (English first), else, for a property of a
    known vocabulary, its name in words (``schema:familyName`` → "family name"), else its
    compact IRI.

    >>> _term_label("https://schema.org/familyName"), _term_label("https://schema.org/Person")
    ('family name', 'schema:Person')
    """
    vocab = _servetasks.vocabulary().labels.get(iri)
    if vocab:
        return vocab.get("en") or vocab.get("de") or next(iter(vocab.values()))
    short = compact(iri)
    local = short.partition(":")[2]
    if local and short != iri and re.fullmatch(r"[a-z][A-Za-z0-9]*", local):
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()
    return short


def _number(text: str) -> str:
    """A score's value for reading: whole numbers as such, others to four significant digits.

    >>> _number("3.0E0"), _number("0.0123456"), _number("x")
    ('3', '0.01235', 'x')
    """
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() else f"{value:.4g}"


def scores_view(rows: list[dict[str, Any]], href: Href) -> list[dict[str, Any]]:
    """The network measures of an entity as a table: measure (label, link), value, rank, view."""
    table = [{"measure": _term_label(r["measure"][1]), "iri": r["measure"][1], "href": href(r["measure"][1]),
              "value": _number(r["value"][1]), "rank": r["rank"][1] if "rank" in r else "",
              "view": r["view"][1] if "view" in r else ""} for r in rows]
    return sorted(table, key=lambda r: (r["view"], r["measure"]))


def _value_view(t: Any, names: dict[str, str], href: Href) -> dict[str, Any]:
    if t is None:
        return {"kind": "none", "text": ""}
    if t[0] == "uri":
        return {"kind": "link", "href": href(t[1]), "label": names.get(t[1]) or _term_label(t[1]),
                "iri": t[1]}
    if t[0] == "bnode":
        return {"kind": "bnode", "text": f"_:{t[1]}"}
    if t[0] == "literal":
        dt = t[3] if t[3] not in (results.XSD_STRING, results.RDF_LANGSTRING) else ""
        return {"kind": "literal", "text": t[1], "lang": t[2], "datatype": compact(dt) if dt else ""}
    return {"kind": "literal", "text": str(t[1]), "lang": "", "datatype": ""}


def _names(labels: dict[str, Any], types: dict[str, list[str]]) -> dict[str, str]:
    """A display name for every IRI: its best label, else its type and the end of its IRI."""
    names = {iri: _best_label(found, "") for iri, found in labels.items()}
    for iri, kinds in types.items():
        if not names.get(iri) and kinds:
            kind = _term_label(kinds[0])
            names[iri] = f"{kind[:1].upper()}{kind[1:]} {iri.rstrip('/').rsplit('/', 1)[-1]}"
    return names


def entity_view(data: dict[str, Any], href: Href) -> dict[str, Any]:
    """Turn what the ``describe`` task found into what ``entity.html`` shows."""
    labels: dict[str, Any] = data["labels"]
    types: dict[str, list[str]] = data["types"]
    iri = data["iri"]
    rdf_type = f"{_servetasks.RDF}type"
    hidden_in = {f"{_servetasks.RDF}subject", f"{_servetasks.RDF}object", f"{_servetasks.RDF}predicate"}

    names = _names(labels, types)

    def link(i: str) -> dict[str, Any]:
        return _value_view(("uri", i), names, href)

    facts: dict[str, list[dict[str, Any]]] = {}
    scores = scores_view(data.get("scores", []), href)
    for p, o in sorted(data["out"], key=lambda po: (po[0][1] != rdf_type, po[0][1], tuple(po[1]))):
        if p[1] == rdf_type or (p[1] == _HAS_SCORE and scores):  # the scores get a table of their own
            continue
        value = _value_view(o, names, href)
        if o[0] == "bnode":
            nested = sorted(data["bnodes"].get(o[1], []), key=lambda x: (x[0][1], x[1]))
            value["facts"] = [{"property": _term_label(bp[1]), "value": _value_view(bo, names, href)}
                              for bp, bo in nested]
        facts.setdefault(p[1], []).append(value)
    fact_rows = [{"property": {"label": _term_label(p), "iri": p, "href": href(p)}, "objects": values}
                 for p, values in facts.items()]

    related: dict[str, dict[str, Any]] = {}

    def relate(other: str, relation: str) -> None:
        if other == iri:
            return
        item = related.get(other)
        if item is None:
            item = related[other] = {**link(other), "relations": [],
                                     "category": _servetasks.category(types.get(other, []))}
        if relation not in item["relations"]:
            item["relations"].append(relation)

    for s, p in data["in"]:
        if s[0] == "uri" and p[1] not in hidden_in:
            relate(s[1], f"← {_term_label(p[1])}")
    for row in data["memberships"]:
        role = names.get(row["role"][1]) or compact(row["role"][1]) if "role" in row else ""
        suffix = f" ({role})" if role else ""
        if row["org"][1] == iri:
            relate(row["member"][1], f"member{suffix}")
        elif row["member"][1] == iri:
            relate(row["org"][1], f"member of{suffix}")
    for row in data["two_hop"]:
        via = names.get(row["via"][1]) or compact(row["via"][1])
        relate(row["event"][1], f"{_term_label(row['p1'][1])}: {via}")
    groups = []
    for key, title, _ in (*_servetasks.CATEGORIES, ("other", "Other", frozenset())):
        items = sorted((i for i in related.values() if i["category"] == key),
                       key=lambda i: (i["label"].lower(), i["iri"]))
        if items:
            groups.append({"key": key, "title": title, "members": items})

    evidence: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in data["evidence"]:
        article = row.get("article")
        sentence = row["sentence"][1] if "sentence" in row else ""
        ev_key = (article[1] if article else "", sentence, row["quote"][1])
        entry = evidence.get(ev_key)
        if entry is None:
            entry = evidence[ev_key] = {
                "quote": row["quote"][1],
                "sentence": sentence,
                "article": link(article[1]) if article and article[0] == "uri" else None,
                "headline": row["headline"][1] if "headline" in row else "",
                "url": row["url"][1] if "url" in row and row["url"][1].startswith(("http://", "https://"))
                else "",
                "date": row["date"][1] if "date" in row else "",
                "statements": [],
            }
        stmt = row["stmt"]
        if stmt[0] == "uri" and stmt[1] != iri and all(s["iri"] != stmt[1] for s in entry["statements"]):
            entry["statements"].append(link(stmt[1]))
    own_types = [link(t) for t in types.get(iri, [])]
    for t in own_types:
        t["label"] = _term_label(t["iri"])
    return {"iri": iri, "label": names.get(iri) or compact(iri), "types": own_types,
            "facts": fact_rows, "groups": groups, "evidence": list(evidence.values()), "scores": scores,
            "truncated": data["truncated"]}


def result_iris(outcome: dict[str, Any], limit: int = 2000) -> list[str]:
    """The IRIs in a SELECT result (at most ``limit``), whose labels the table shows."""
    found: dict[str, None] = {}
    for row in outcome.get("rows", []) if outcome.get("kind") == "bindings" else []:
        for t in row:
            if t is not None and t[0] == "uri":
                found.setdefault(t[1])
                if len(found) >= limit:
                    return list(found)
    return list(found)


def result_view(outcome: dict[str, Any], href: Href, named: dict[str, Any] | None = None) -> dict[str, Any]:
    """Turn what the ``sparql`` task found into what ``_results.html`` shows; with ``named`` (what
    the ``labels`` task found) IRIs are shown by their labels, the IRI in the tooltip."""
    if outcome["kind"] == "boolean":
        return {"kind": "boolean", "value": outcome["value"]}
    if outcome["kind"] == "graph":
        return {"kind": "graph", "text": outcome["body"].decode("utf-8", "replace"),
                "truncated": outcome.get("truncated", False)}
    names = _names(named["labels"], named["types"]) if named else {}
    rows = [[_value_view(t, {}, href) for t in row] for row in outcome["rows"]]
    for row in rows:
        for cell in row:
            if cell["kind"] == "link":
                cell["label"] = names.get(cell["iri"]) or compact(cell["iri"])
    return {"kind": "bindings", "vars": outcome["vars"], "rows": rows,
            "truncated": outcome.get("truncated", False)}


def saved_examples() -> list[dict[str, str]]:
    """The saved queries as starting points of the SPARQL editor: name, summary and the query text,
    headed by a comment on its parameters (unbound in the editor; ``/queries/NAME?…`` binds them).
    Blocking (reads ``queries/``): run it in a thread. A folder that cannot be read gives none."""
    from ruhrgraph.errors import QueryError
    from ruhrgraph.sparql.saved import list_queries

    try:
        saved = list_queries()
    except QueryError:
        return []
    examples = []
    for q in saved:
        head = [f"# {q.name}: {q.summary}"]
        for p in q.parameters:
            example = dict(q.example or {}).get(p.name)
            if not p.variable:  # ``page`` of a paged query: no variable of its own
                head.append(f"# {q.page_size} rows a page: /queries/{q.name}?{p.name}=2 shows the second")
                continue
            head.append(f"# ?{p.variable.lstrip('?$')} is the parameter {p.name}"
                        + (f" ({p.description})" if p.description else "")
                        + f": /queries/{q.name}?{p.name}={example or '…'} binds it")
        examples.append({"name": q.name, "summary": q.summary, "query": "\n".join(head) + "\n" + q.sparql})
    return examples


def editor_config(root: str, examples: list[dict[str, str]]) -> dict[str, Any]:
    """What the YASGUI page reads (``static/sparql.js``): endpoint, the project's prefixes, examples."""
    from ruhrgraph import vocab

    return {"endpoint": f"{root}/sparql", "prefixes": dict(vocab.PREFIXES), "examples": examples}
