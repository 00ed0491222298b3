"""The one prefix table of ruhrgraph, and SPARQL/Turtle prologues drawn from it.

Every module that needs a prefix takes it from :data:`PREFIXES` (the namespaces themselves live
in :mod:`ruhrgraph.namespace`, generated from the ontology). A module that shows only some of them
asks for those by name, so the table is written once:

    >>> PREFIXES["rg"]
    'https://w3id.org/ruhrgraph/ontology#'
    >>> select("rg", "schema")["schema"]
    'https://schema.org/'
    >>> print(sparql_prologue("rg", "rdfs"))
    PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    <BLANKLINE>
"""

from __future__ import annotations

from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

from ruhrgraph.namespace import GN, NIF, RG, RGSH, SDO, SECTOR, WD

#: Every prefix ruhrgraph writes or reads, in the order they are shown.
PREFIXES: dict[str, str] = {
    "rg": str(RG._NS),
    "rgsh": str(RGSH),
    "schema": str(SDO),
    "org": str(ORG),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "spdx": "http://spdx.org/rdf/terms#",
    "sh": str(SH),
    "nif": str(NIF),
    "wd": str(WD),
    "gn": str(GN),
    "sector": str(SECTOR),
}


def select(*names: str) -> dict[str, str]:
    """The prefixes ``names`` from :data:`PREFIXES`, in the order asked for (``KeyError`` if unknown)."""
    return {name: PREFIXES[name] for name in names}


def sparql_prologue(*names: str) -> str:
    """``PREFIX`` lines for ``names`` (all prefixes when none are named), one per line."""
    chosen = select(*names) if names else PREFIXES
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in chosen.items())
