"""The ontology and the sector scheme meet the alignment contract (docs/decisions/0003-graph-model.md)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS

from ruhrgraph._resources import resource_dir
from ruhrgraph.ingest.validate import validate_graph
from ruhrgraph.namespace import RG, SDO, SECTOR

ONTOLOGY_IRI = URIRef("https://w3id.org/ruhrgraph/ontology")
SCHEME = URIRef("https://w3id.org/ruhrgraph/id/sector")
NACE = "http://data.europa.eu/ux2/nace2/"
SEED = Path(__file__).parents[1] / "data" / "articles" / "000_cbab0d245a9d8950.txt"

ORGANISATION_CLASSES = [
    "Organisation", "Company", "University", "ResearchInstitute", "EconomicDevelopmentAgency",
    "ChamberOfCommerce", "Network", "PublicAuthority", "Association", "TradeFairOrganiser", "Foundation",
]
EVENT_CLASSES = ["Event", "Visit", "TradeFair", "Reception", "Presentation", "Meeting", "LectureSeries",
                 "Trip"]
SECTORS = {
    "energy": None, "renewable-energy": "energy", "hydrogen": "energy", "smart-city": None,
    "health-economy": None, "digital-health": "health-economy", "biomedical-engineering": "health-economy",
    "real-estate": None, "fashion": None, "food": None, "events": None, "logistics": None,
    "digital-economy": None, "it-security": "digital-economy", "steel-materials": None, "chemistry": None,
    "education-science": None, "mobility": None, "tourism": None, "circular-economy": None,
    "creative-industries": None,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resource_dir("ontology") / "ruhrgraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def sectors() -> Graph:
    return Graph().parse(resource_dir("ontology") / "sectors.ttl", format="turtle")


def _superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(cls, RDFS.subClassOf))


def _rg_terms(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(RG))})


def test_shapes_parse() -> None:
    assert len(Graph().parse(resource_dir("ontology") / "shapes.ttl", format="turtle")) > 100


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {lit.language for lit in ontology.objects(ONTOLOGY_IRI, prop)} == {"de", "en"}, prop
    assert isinstance(ontology.value(ONTOLOGY_IRI, DCTERMS.license), URIRef)


@pytest.mark.parametrize("name", ORGANISATION_CLASSES)
def test_organisation_classes_are_aligned(ontology: Graph, name: str) -> None:
    supers = _superclasses(ontology, RG[name])
    assert {SDO.Organization, ORG.Organization, FOAF.Organization} <= supers


def test_organisation_classes_are_all_listed(ontology: Graph) -> None:
    under = {str(c)[len(str(RG)):] for c in ontology.transitive_subjects(RDFS.subClassOf, RG.Organisation)}
    assert under == set(ORGANISATION_CLASSES)


@pytest.mark.parametrize(("term", "superclasses"), [
    ("Person", [SDO.Person, FOAF.Person]),
    ("City", [SDO.City, SDO.Place, RG.Place]),
    ("Country", [SDO.Country, SDO.Place, RG.Place]),
    ("Region", [SDO.AdministrativeArea, RG.Place]),
    ("Continent", [SDO.Continent, RG.Place]),
    ("Article", [SDO.NewsArticle, PROV.Entity]),
    ("Evidence", [PROV.Entity]),
    ("Assertion", [RDF.Statement, PROV.Entity]),
    ("Membership", [ORG.Membership]),
    ("Role", [ORG.Role]),
    ("Sector", [SKOS.Concept]),
    ("Delegation", [FOAF.Group, PROV.Agent]),
    ("ExtractionActivity", [PROV.Activity]),
    ("AnalysisActivity", [PROV.Activity]),
    ("CurationActivity", [PROV.Activity]),
    ("Score", [PROV.Entity]),
    ("University", [SDO.CollegeOrUniversity]),
    ("ResearchInstitute", [SDO.ResearchOrganization]),
    ("PublicAuthority", [SDO.GovernmentOrganization]),
    ("TradeFair", [SDO.ExhibitionEvent]),
    ("LectureSeries", [SDO.EventSeries]),
])
def test_class_alignment(ontology: Graph, term: str, superclasses: list[URIRef]) -> None:
    assert set(superclasses) <= _superclasses(ontology, RG[term])


@pytest.mark.parametrize("name", EVENT_CLASSES)
def test_events_are_schema_events(ontology: Graph, name: str) -> None:
    assert SDO.Event in _superclasses(ontology, RG[name])


def test_delegation_is_not_an_organisation(ontology: Graph) -> None:
    assert RG.Organisation not in _superclasses(ontology, RG.Delegation)
    assert (RG.Delegation, OWL.disjointWith, RG.Organisation) in ontology


@pytest.mark.parametrize(("prop", "superproperty"), [
    ("basedIn", SDO.location),
    ("inRegion", SDO.containedInPlace),
    ("mentionedIn", SDO.subjectOf),
    ("sector", DCTERMS.subject),
    ("delegation", SDO.attendee),
    ("hostedBy", SDO.organizer),
    ("presenter", SDO.performer),
    ("participant", SDO.attendee),
    ("organiser", SDO.organizer),
    ("heldIn", SDO.location),
    ("beginIndex", URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")),
    ("endIndex", URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex")),
    ("quote", URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")),
])
def test_property_alignment(ontology: Graph, prop: str, superproperty: URIRef) -> None:
    assert superproperty in set(ontology.transitive_objects(RG[prop], RDFS.subPropertyOf))


@pytest.mark.parametrize(("prop", "datatype"), [
    ("confidence", "decimal"), ("reportedOn", "date"), ("beginIndex", "integer"),
    ("endIndex", "integer"), ("sentenceIndex", "integer"), ("value", "double"),
    ("rank", "integer"),
])
def test_datatype_ranges(ontology: Graph, prop: str, datatype: str) -> None:
    assert str(ontology.value(RG[prop], RDFS.range)).endswith("#" + datatype)


def test_measures(ontology: Graph) -> None:
    measures = {str(m)[len(str(RG)):] for m in ontology.subjects(RDF.type, RG.Measure)}
    assert measures == {"degree", "weightedDegree", "betweenness", "closeness", "eigenvector",
                        "pagerank", "community", "brokerage"}


def test_every_term_has_german_and_english_labels_and_definitions(ontology: Graph) -> None:
    terms = _rg_terms(ontology)
    assert len(terms) > 70
    problems = []
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = [lit.language for lit in ontology.objects(term, prop) if isinstance(lit, Literal)]
            if sorted(langs) != ["de", "en"]:
                problems.append(f"{term}: {prop} in {langs}")
        if ontology.value(term, RDFS.isDefinedBy) != ONTOLOGY_IRI:
            problems.append(f"{term}: rdfs:isDefinedBy missing")
        if not (set(ontology.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty,
                                                          OWL.DatatypeProperty, RG.Measure}):
            problems.append(f"{term}: not declared as class, property or measure")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Sectors


def test_sector_scheme_has_exactly_the_agreed_concepts(sectors: Graph) -> None:
    concepts = set(sectors.subjects(RDF.type, SKOS.Concept))
    assert concepts == {SECTOR[slug] for slug in SECTORS}
    assert set(sectors.subjects(RDF.type, RG.Sector)) == concepts
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in sectors


@pytest.mark.parametrize("slug", sorted(SECTORS))
def test_sector_concept(sectors: Graph, slug: str) -> None:
    concept = SECTOR[slug]
    assert (concept, SKOS.inScheme, SCHEME) in sectors
    for prop in (SKOS.prefLabel, RDFS.label, SKOS.definition):
        assert sorted(lit.language for lit in sectors.objects(concept, prop)) == ["de", "en"], prop
    keywords = list(sectors.objects(concept, RG.keyword))
    assert 6 <= len(keywords) <= 15
    assert all(isinstance(k, Literal) and k.language == "de" for k in keywords)
    matches = list(sectors.objects(concept, SKOS.closeMatch))
    assert matches and all(str(m).startswith(NACE) and "." not in str(m)[len(NACE):] for m in matches)
    broader = SECTORS[slug]
    if broader is None:
        assert (concept, SKOS.topConceptOf, SCHEME) in sectors
        assert (SCHEME, SKOS.hasTopConcept, concept) in sectors
        assert sectors.value(concept, SKOS.broader) is None
    else:
        assert (concept, SKOS.broader, SECTOR[broader]) in sectors
        assert (SECTOR[broader], SKOS.narrower, concept) in sectors
        assert (concept, SKOS.topConceptOf, SCHEME) not in sectors


def test_narrower_and_broader_agree(sectors: Graph) -> None:
    assert {(n, b) for b, n in sectors.subject_objects(SKOS.narrower)} == set(
        sectors.subject_objects(SKOS.broader))


def test_keywords_are_unique_across_sectors(sectors: Graph) -> None:
    seen: dict[str, URIRef] = {}
    for concept, keyword in sectors.subject_objects(RG.keyword):
        key = str(keyword).casefold()
        assert key not in seen, f"{keyword} is a keyword of {seen[key]} and {concept}"
        seen[key] = concept


def _finds(keywords: list[str], text: str) -> list[str]:
    """Keywords found case-insensitively as a whole word or the start of a word."""
    return [k for k in keywords if re.search(r"(?<!\w)" + re.escape(k), text, re.IGNORECASE)]


@pytest.mark.parametrize(("slug", "phrase"), [
    ("smart-city", "Singapur ist weltweit Smart-City-Vorreiter."),
    ("smart-city", "Austausch zum klimagerechten Stadtumbau"),
    ("renewable-energy", "im Bereich Photovoltaik & Erneuerbare Energien"),
    ("renewable-energy", "Lösungen bei erneuerbaren Energien"),
    ("health-economy", "mit Unternehmen aus der Gesundheitswirtschaft"),
    ("health-economy", "mit der höchsten Klinikdichte Deutschlands"),
    ("digital-health", "im Bereich des digitalen Gesundheitswesens"),
    ("biomedical-engineering", "das Kompetenzzentrum für Biomedizintechnik"),
    ("real-estate", "Die Immobilienbranche steht aktuell vor vielfältigen Herausforderungen"),
    ("fashion", "aus den Bereichen Fashion, Food und Events"),
    ("food", "aus den Bereichen Fashion, Food und Events"),
    ("events", "aus den Bereichen Fashion, Food und Events"),
])
def test_keywords_find_the_seed_article_sectors(sectors: Graph, slug: str, phrase: str) -> None:
    text = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    assert phrase in text
    keywords = [str(k) for k in sectors.objects(SECTOR[slug], RG.keyword)]
    assert _finds(keywords, phrase), f"no keyword of {slug} matches {phrase!r}"


@pytest.mark.parametrize("word", ["modern", "eventuell", "messen", "Gastgeber"])
def test_keywords_avoid_common_false_friends(sectors: Graph, word: str) -> None:
    keywords = [str(k) for k in sectors.objects(None, RG.keyword)]
    assert not _finds(keywords, word)


def test_sector_scheme_conforms_to_the_shapes(sectors: Graph) -> None:
    result = validate_graph(sectors)
    assert result.results == []
