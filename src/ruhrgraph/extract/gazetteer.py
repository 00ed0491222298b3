"""The curated reference data in ``data/gazetteer/`` and the sector keywords of the ontology.

Files (formats documented in ``data/gazetteer/README.md``):

=====================  ==========================================================  =========
file                   what                                                        made by
=====================  ==========================================================  =========
organisations.yaml     organisations with type, aliases, city, Wikidata, sectors   curated
trade_fairs.yaml       trade fairs with city, organiser, sectors                   curated
countries.yaml         ISO 3166 countries, German and English names, GeoNames      generated
cities.yaml            Ruhr municipalities, German and world cities, GeoNames      generated
regions.yaml           regions, Länder, continents, unions                         curated
demonyms.yaml          country adjectives (stems) and person nouns                 curated
descriptors.yaml       periphrases ("asiatischer Stadtstaat" → Singapur)           curated
roles.yaml             role nouns (Leiterin, Prokurist …)                          curated
first_names.txt        first names                                                 generated
rare_first_names.txt   rare first names, read only before a proper name            generated
female_first_names.txt the first names that name women                             generated
=====================  ==========================================================  =========

:func:`load` reads them once per process into a :class:`Gazetteer`; :func:`reference_graph`
gives the RDF of the entries that an article mentions (validated with the article and stored
in the ``graph/gazetteer`` named graph).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ruhrgraph._cache import load_cached
from ruhrgraph._resources import resource_dir
from ruhrgraph.iri import base_iri, mint
from ruhrgraph.namespace import RG

try:  # the C loader is much faster for the generated files
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

SDO_NS = "https://schema.org/"
ORG_TYPES = frozenset({
    "Company", "University", "ResearchInstitute", "EconomicDevelopmentAgency", "ChamberOfCommerce",
    "Network", "PublicAuthority", "Association", "TradeFairOrganiser", "Foundation", "Organisation",
})
ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")
# an organisation name led by an inflecting adjective: "Westfälische Hochschule", "Niederrheinische IHK"
_ADJECTIVE_LED = re.compile(r"^([A-ZÄÖÜ][a-zäöüß]+(?:isch|lich|ig|al|ar|ell|sch))e( [A-ZÄÖÜ].*)$")


@dataclass(frozen=True)
class Entry:
    """One reference entity."""

    key: str  # kind:name, unique
    kind: str  # organisation | city | country | region | event
    rdf_class: str
    name: str
    aliases: tuple[str, ...] = ()
    iri: URIRef = field(default_factory=lambda: URIRef(""))
    same_as: tuple[str, ...] = ()
    city: str = ""  # seat (organisations, fairs) — a city name
    country: str = ""  # ISO code (cities, regions)
    region: str = ""  # e.g. "Metropole Ruhr" for Ruhr municipalities
    sectors: tuple[str, ...] = ()
    population: int = 0
    party: bool = False  # a political party: its office holders are members, never its staff; it hosts no visit


def _seat_variants(forms: list[str]) -> list[str]:
    """Spellings of a chamber-like name with its seat that writers use besides the curated ones.

    "Industrie- und Handelskammer zu Düsseldorf" is also written without "zu", with the
    acronym of a short form ("IHK Düsseldorf") in parentheses before the seat, and with the
    seat as an adjective in front ("die Düsseldorfer Industrie- und Handelskammer").

    >>> forms = ["IHK Düsseldorf", "Industrie- und Handelskammer zu Düsseldorf"]
    >>> _seat_variants(forms)  # doctest: +NORMALIZE_WHITESPACE
    ['Industrie- und Handelskammer Düsseldorf', 'Industrie- und Handelskammer (IHK) Düsseldorf',
     'Düsseldorfer IHK', 'Düsseldorfer Industrie- und Handelskammer']
    """
    out = [f"{m[1]} {m[2]}" for form in forms if (m := _LONG_AT_SEAT.match(form))]  # without "zu"
    for acronym, seat in [(m[1], m[2]) for form in forms if (m := _ACRONYM_AT_SEAT.match(form))]:
        # the long names of this seat, without it: "Industrie- und Handelskammer"
        longs = [head for form in [*forms, *out] if form.endswith(" " + seat)
                 and len(head := form[:-len(seat)].rstrip()) >= 8 and not head.endswith(" zu")]
        out += [f"{long} ({acronym}) {seat}" for long in longs]
        if seat.isalpha():  # "die Düsseldorfer Industrie- und Handelskammer", "der Essener IHK"
            out += [f"{seat}er {name}" for name in (acronym, *longs)]
    return [f for f in dict.fromkeys(out) if f not in forms]


_LONG_AT_SEAT = re.compile(r"^(.*\S) zu ([A-ZÄÖÜ][\w-]+(?: an der [A-ZÄÖÜ]\w+)?)$")
_ACRONYM_AT_SEAT = re.compile(r"^([A-ZÄÖÜ]{2,6}) (?:zu )?([A-ZÄÖÜ][\w-]+(?: an der [A-ZÄÖÜ]\w+)?)$")


@dataclass(frozen=True)
class Role:
    label: str  # canonical German form (first form)
    en: str
    head_of: bool
    iri: URIRef
    office: bool = False  # a public office: linked only where a phrase names the holder's organisation


@dataclass(frozen=True)
class Descriptor:
    pattern: re.Pattern[str]
    kind: str
    target: str  # entry key
    requires_mention: bool


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    surface: dict[str, list[str]] = field(default_factory=dict)  # surface form → entry keys
    demonyms: dict[str, str] = field(default_factory=dict)  # inflected adjective/noun → country key
    demonym_nouns: set[str] = field(default_factory=set)  # the person nouns among them ("Niederländer")
    descriptors: list[Descriptor] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)  # form → role
    first_names: frozenset[str] = frozenset()
    rare_first_names: frozenset[str] = frozenset()  # only before a proper name ("Rouven Beeck")
    female_first_names: frozenset[str] = frozenset()  # whom "Sie …" can mean
    sector_keywords: dict[str, str] = field(default_factory=dict)  # lower-case keyword → sector slug
    sector_labels: dict[str, str] = field(default_factory=dict)
    by_iri: dict[str, str] = field(default_factory=dict)
    _role_suffixes: list[tuple[str, Role]] = field(default_factory=list)
    _role_cache: dict[str, Role | None] = field(default_factory=dict)
    _triples_cache: dict[str, tuple[tuple[Node, Node, Node], ...]] = field(default_factory=dict)

    def add(self, entry: Entry, *, override: bool = False) -> None:
        if entry.key in self.entries and not override:
            return
        self.entries[entry.key] = entry
        self.by_iri[str(entry.iri)] = entry.key
        forms = [form.strip() for form in (entry.name, *entry.aliases)]
        if entry.kind == "organisation":
            # the dative/genitive of a name led by an adjective: "an der Westfälischen Hochschule"
            forms += [f"{m[1]}en{m[2]}" for form in forms if (m := _ADJECTIVE_LED.match(form))]
            forms += _seat_variants(forms)
        for form in forms:
            if len(form) < 2:
                continue
            keys = self.surface.setdefault(form, [])
            if entry.key not in keys:
                keys.append(entry.key)

    def role_for(self, word: str) -> Role | None:
        """The role a word names: exactly ("Leiterin"), as the last part of a hyphenated compound
        ("BMR-Projektleiterin") or as the head of a closed compound ("Vorstandsreferentin")."""
        cached = self._role_cache.get(word)
        if cached is not None or word in self._role_cache:
            return cached
        role = self.roles.get(word)
        if role is None and "-" in word:
            role = self.roles.get(word.rsplit("-", 1)[1])
        if role is None and word[:1].isupper() and len(word) >= 7:
            low = word.lower()
            for form, candidate in self._role_suffixes:
                if low.endswith(form) and len(low) >= len(form) + 3:
                    role = candidate
                    break
        self._role_cache[word] = role
        return role

    def lookup(self, form: str) -> list[Entry]:
        return [self.entries[k] for k in self.surface.get(form, [])]

    def city(self, name: str) -> Entry | None:
        for key in self.surface.get(name, []):
            if key.startswith("city:"):
                return self.entries[key]
        return None

    def country(self, code_or_name: str) -> Entry | None:
        key = f"country:{code_or_name}"
        if key in self.entries:
            return self.entries[key]
        for k in self.surface.get(code_or_name, []):
            if k.startswith("country:"):
                return self.entries[k]
        return None


def _read_yaml(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    data = load_cached(path, lambda raw: yaml.load(raw.decode("utf-8"), Loader=_Loader))
    if isinstance(data, dict):
        data = [dict(v, **({"iso2": k} if "iso2" not in v else {})) if isinstance(v, dict) else v
                for k, v in data.items()]
    return [d for d in data or [] if isinstance(d, dict)]


def _same_as(item: dict) -> tuple[str, ...]:
    out = []
    if item.get("wikidata"):
        out.append(f"http://www.wikidata.org/entity/{item['wikidata']}")
    if item.get("geonames"):
        out.append(f"https://sws.geonames.org/{item['geonames']}/")
    return tuple(out)


def _read_names(path: Path) -> frozenset[str]:
    """The names of a generated list, one a line after its ``#`` header (empty if there is no file)."""
    if not path.is_file():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def load(folder: str | None = None) -> Gazetteer:
    """Load the gazetteer (cached per process and folder: ``load()`` and ``load(None)`` are one)."""
    return _load(str(Path(folder).resolve()) if folder else str(resource_dir("gazetteer")))


@functools.lru_cache(maxsize=4)
def _load(folder: str) -> Gazetteer:
    root = Path(folder)
    gz = Gazetteer()
    # countries first: an alias such as "Singapur" is a country before it is a city
    for item in _read_yaml(root / "countries.yaml"):
        code = str(item["iso2"])
        name = item.get("name") or item.get("name_en") or code
        aliases = [a for a in [item.get("name_en"), *(item.get("aliases") or [])] if a]
        gz.add(Entry(f"country:{code}", "country", "Country", name, tuple(dict.fromkeys(aliases)),
                     mint("country", name), _same_as(item), country=code))
    for item in _read_yaml(root / "regions.yaml"):
        kind = item.get("kind", "region")
        cls = {"continent": "Continent"}.get(kind, "Region")
        name = item["name"]
        gz.add(Entry(f"region:{name}", "region", cls, name, tuple(item.get("aliases") or []),
                     mint("region", name), _same_as(item), country=str(item.get("country") or "")))
    for item in _read_yaml(root / "cities.yaml"):
        name = item["name"]
        gz.add(Entry(f"city:{name}", "city", "City", name, tuple(item.get("aliases") or []),
                     mint("city", name), _same_as(item), country=str(item.get("country") or ""),
                     region="Metropole Ruhr" if item.get("ruhr") else "",
                     population=int(item.get("population") or 0)))
    for item in _read_yaml(root / "organisations.yaml"):
        name = item["name"]
        org_type = str(item["type"]) if item.get("type") in ORG_TYPES else "Organisation"
        city = str(item.get("city") or "")
        aliases = list(item.get("aliases") or [])
        # "Wirtschaftsförderung Gelsenkirchen" is also written "Wirtschaftsförderung der Stadt Gelsenkirchen"
        for form in (name, *aliases):
            head, _, town = str(form).rpartition(" ")
            if city and town == city and head and " " not in head and head[:1].isupper():
                aliases.append(f"{head} der Stadt {city}")
        gz.add(Entry(f"organisation:{name}", "organisation", org_type, name, tuple(dict.fromkeys(aliases)),
                     mint("organisation", name), _same_as(item), city=city,
                     sectors=tuple(item.get("sectors") or []), party=bool(item.get("party"))))
    for item in _read_yaml(root / "trade_fairs.yaml"):
        name = item["name"]
        gz.add(Entry(f"event:{name}", "event", "TradeFair", name, tuple(item.get("aliases") or []),
                     mint("event", name), _same_as(item), city=str(item.get("city") or ""),
                     sectors=tuple(item.get("sectors") or [])))
    for item in _read_yaml(root / "demonyms.yaml"):
        key = f"country:{item['iso2']}"
        if key not in gz.entries:
            continue
        stem = str(item.get("adjective") or "").strip()
        if stem:
            for ending in ADJ_ENDINGS:
                gz.demonyms.setdefault(stem + ending, key)
                gz.demonyms.setdefault((stem + ending)[:1].upper() + (stem + ending)[1:], key)
        for noun in item.get("nouns") or []:
            for form in (noun, noun + "n", noun + "s"):
                gz.demonyms.setdefault(form, key)
                gz.demonym_nouns.add(form)
    for item in _read_yaml(root / "descriptors.yaml"):
        target = ""
        if item.get("iso2"):
            target = f"country:{item['iso2']}"
        elif item.get("city"):
            target = f"city:{item['city']}"
        if target not in gz.entries:
            continue
        try:
            pattern = re.compile(str(item["pattern"]))
        except re.error:
            continue
        gz.descriptors.append(Descriptor(pattern, item.get("kind", "country"), target,
                                         bool(item.get("requires_mention"))))
    for item in _read_yaml(root / "roles.yaml"):
        forms = [f for f in item.get("forms") or [] if f]
        if not forms:
            continue
        en = str(item.get("en") or forms[0])
        role = Role(forms[0], en, bool(item.get("head_of")), mint("role", en), bool(item.get("office")))
        for form in forms:
            gz.roles.setdefault(form, role)
            if (len(form) >= 5 or form == "Chef") and " " not in form and form[:1].isupper():
                gz._role_suffixes.append((form.lower(), role))  # "Außenwirtschaftschef" as well
    gz._role_suffixes.sort(key=lambda fr: -len(fr[0]))
    gz.first_names = _read_names(root / "first_names.txt")
    gz.rare_first_names = _read_names(root / "rare_first_names.txt")
    gz.female_first_names = _read_names(root / "female_first_names.txt")
    _load_sectors(gz)
    return gz


def _load_sectors(gz: Gazetteer) -> None:
    path = resource_dir("ontology") / "sectors.ttl"
    if not path.is_file():
        return
    g = Graph()
    g.parse(path, format="turtle")
    kw = RG.keyword
    for concept in set(g.subjects(RDF.type, SKOS.Concept)):
        slug = str(concept).rstrip("/").rsplit("/", 1)[-1]
        for label in g.objects(concept, SKOS.prefLabel):
            if getattr(label, "language", None) == "de":
                gz.sector_labels[slug] = str(label)
        for word in g.objects(concept, kw):
            gz.sector_keywords.setdefault(str(word).lower(), slug)


def sector_iri(slug: str) -> URIRef:
    return URIRef(f"{base_iri()}id/sector/{slug}")


def entry_triples(gz: Gazetteer, entry: Entry) -> Graph:
    """The reference RDF of one entry."""
    g = Graph()
    s = entry.iri
    g.add((s, RDF.type, RG[entry.rdf_class]))
    g.add((s, RDFS.label, Literal(entry.name, lang="de")))
    for alias in entry.aliases:
        if alias != entry.name:
            g.add((s, SKOS.altLabel, Literal(alias, lang="de")))
    for other in entry.same_as:
        g.add((s, OWL.sameAs, URIRef(other)))
    if entry.city:
        city = gz.city(entry.city)
        if city is not None:
            prop = "basedIn" if entry.kind == "organisation" else "heldIn"
            g.add((s, RG[prop], city.iri))
            g += entry_triples(gz, city)
    if entry.kind == "city" and entry.country:
        country = gz.entries.get(f"country:{entry.country}")
        if country is not None:
            g.add((s, URIRef(SDO_NS + "containedInPlace"), country.iri))
            g.add((country.iri, RDF.type, RG.Country))
            g.add((country.iri, RDFS.label, Literal(country.name, lang="de")))
    if entry.region:
        region = gz.entries.get(f"region:{entry.region}")
        if region is not None:
            g.add((s, RG.inRegion, region.iri))
            g.add((region.iri, RDF.type, RG[region.rdf_class]))
            g.add((region.iri, RDFS.label, Literal(region.name, lang="de")))
    for slug in entry.sectors:
        g.add((s, RG.sector, sector_iri(slug)))
    return g


def reference_triples(iris: Iterable[URIRef | str]) -> set[tuple[Node, Node, Node]]:
    """The triples of :func:`reference_graph`, as a set (each entry's triples are built once per
    process: the ingest asks for them with every article)."""
    gz = load()
    out: set[tuple[Node, Node, Node]] = set()
    cache = gz._triples_cache
    for iri in {str(i) for i in iris}:
        key = gz.by_iri.get(iri)
        if key is None:
            continue
        triples = cache.get(key)
        if triples is None:
            triples = cache[key] = tuple(entry_triples(gz, gz.entries[key]))
        out.update(triples)
    return out


def reference_graph(iris: Iterable[URIRef | str]) -> Graph:
    """Reference data (type, labels, ``owl:sameAs``, seat) for the entities among ``iris``."""
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in reference_triples(iris))
    return g


def full_reference_graph() -> Graph:
    """The reference data of every gazetteer entry."""
    gz = load()
    return reference_graph(gz.by_iri)
