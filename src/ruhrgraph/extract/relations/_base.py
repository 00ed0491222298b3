"""What every relation rule family shares (private to ``relations``): the article's symbol
sentences, the entity behind each mention, statement emission and lookups of places, labels,
sectors and dates. The families (:mod:`.memberships`, :mod:`.seats`, :mod:`.events`,
:mod:`.visits`) are mixins over :class:`BuilderBase`; :mod:`.builder` combines them.
"""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef

from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract.relations.dates import YEAR, parse_dates
from ruhrgraph.extract.relations.symbols import SymbolSentence, symbolise
from ruhrgraph.extract.resources import Resources
from ruhrgraph.iri import mint_hashed
from ruhrgraph.model import Article, Entity, Evidence, Mention, Sentence, Statement

# statement kind → the kind of IRI minted for it
IRI_KIND = {"membership": "membership", "visit": "visit", "reception": "event", "event": "event",
            "fair": "event", "location": "statement"}


class BuilderBase:
    """The statements of one article so far, and the lookups the rules share."""

    def __init__(self, article: Article, article_key: str, sentences: list[Sentence], entities: list[Entity],
                 mentions: list[Mention], resources: Resources) -> None:
        self.article = article
        self.key = article_key
        self.sentences = sentences
        self.entities = entities
        self.mentions = mentions
        self.res = resources
        self.gz = resources.gazetteer
        self.by_mention: dict[tuple[int, int, str], Entity] = {}
        for ent in entities:
            for m in ent.mentions:
                self.by_mention[(m.start, m.end, m.kind)] = ent
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        self.sents = [symbolise(s, by_sentence.get(s.index, [])) for s in sentences]
        self.statements: list[Statement] = []
        self.seen: set[tuple[str, URIRef, URIRef]] = set()
        self.year = self._article_year()

    # -- entities -------------------------------------------------------------------------------
    def ent(self, m: Mention | None) -> Entity | None:
        """The entity a mention belongs to."""
        if m is None:
            return None
        return self.by_mention.get((m.start, m.end, m.kind))

    def is_party(self, ent: Entity) -> bool:
        """Is ``ent`` a political party (``party: true`` in the gazetteer)?"""
        key = self.gz.by_iri.get(str(ent.iri))
        return key is not None and self.gz.entries[key].party

    def ent_at(self, st: SymbolSentence, number: str | int) -> Entity | None:
        """The entity behind placeholder ``number`` of a symbol sentence."""
        return self.ent(st.index.get(int(number)))

    def ents_in(self, st: SymbolSentence, kind: str) -> list[Entity]:
        """The entities of ``kind`` behind the placeholders of a sentence, in placeholder order."""
        out = []
        for m in st.index.values():
            ent = self.ent(m)
            if ent is not None and ent.kind == kind:
                out.append(ent)
        return out

    # -- statements ------------------------------------------------------------------------------
    def ev(self, *sentence_idx: int) -> tuple[Evidence, ...]:
        """Evidence of the given sentences, in order, each once."""
        out = []
        for i in sorted(set(sentence_idx)):
            s = self.sentences[i]
            out.append(Evidence(s.index, s.start, s.end, s.text))
        return tuple(out)

    def emit(self, kind: str, roles: list[tuple[str, URIRef]], evidence: tuple[Evidence, ...], conf: float,
             rule: str, attrs: tuple[tuple[str, str], ...] = (), ident: str | None = None) -> Statement:
        """Record a statement; its IRI is minted from the article, the kind and ``ident`` (or the roles)."""
        ident = ident or "|".join(f"{r}={v}" for r, v in sorted(roles))
        iri = mint_hashed(IRI_KIND.get(kind, "statement"), self.key, kind, ident)
        st = Statement(kind, iri, tuple(roles), evidence, round(conf, 2), rule, attrs)
        self.statements.append(st)
        return st

    def _affiliations(self, person: URIRef) -> list[URIRef]:
        """The organisations a person is a member of, as far as stated so far."""
        return [st.get("organisation")[0] for st in self.statements
                if st.kind == "membership" and st.get("member") == [person]]

    # -- places, labels, sections, dates -------------------------------------------------------
    def _article_year(self) -> int | None:
        if self.article.date:
            return self.article.date.year
        years = Counter(int(y) for y in YEAR.findall(self.article.text))
        return years.most_common(1)[0][0] if years else None

    def _home_town_administration(self) -> Entity | None:
        """The one German town administration ("die Stadt Bochum") the article names, if exactly one."""
        towns = [e for e in self.entities if e.kind == "organisation" and e.label.startswith("Stadt ")
                 and e.rdf_class == "PublicAuthority"
                 and (town := self.gz.city(e.label[len("Stadt "):])) is not None and town.country == "DE"]
        return towns[0] if len(towns) == 1 else None

    def _country_of(self, place: URIRef, kind: str) -> URIRef | None:
        """The country of a gazetteer place (a country is its own)."""
        if kind == "country":
            return place
        key = self.gz.by_iri.get(str(place))
        if key is None:
            return None
        entry = self.gz.entries[key]
        country = self.gz.entries.get(f"country:{entry.country}")
        return country.iri if country else None

    def _label(self, iri: URIRef) -> str:
        for ent in self.entities:
            if ent.iri == iri:
                return ent.label
        key = self.gz.by_iri.get(str(iri))
        return self.gz.entries[key].name if key else str(iri).rsplit("/", 1)[-1]

    def _kind_of(self, section: int) -> str:
        """The kind of a section: ``title``, ``body`` or ``teaser``."""
        return self.article.sections[section].kind if section < len(self.article.sections) else "body"

    def _section_sectors(self, section: int) -> list[URIRef]:
        """The (at most three) sectors a section names most often."""
        counts: Counter[str] = Counter()
        for m in self.mentions:
            if m.kind == "sector" and self.sentences[m.sentence].section == section:
                counts[m.key] += 1
        return [gaz.sector_iri(slug) for slug, _ in sorted(counts.most_common(3))]

    def _dates_in(self, sentence_idx: list[int]) -> list[tuple[str, str]]:
        """``startDate``/``endDate`` attributes from the first of the sentences that has a date."""
        for i in sentence_idx:
            found = parse_dates(self.sentences[i].text, self.year)
            if found:
                start, end = found
                out = [("startDate", start.isoformat())]
                if end:
                    out.append(("endDate", end.isoformat()))
                return out
        return []

    def _membership(self, person: Entity, org: Entity, role: Mention | None, sentence: int, conf: float,
                    rule: str) -> None:
        """State a membership once; a later sentence that names the role adds it to the statement."""
        key = ("membership", person.iri, org.iri)
        role_obj = self.gz.role_for(role.text) if role is not None else None
        if key in self.seen:
            if role_obj is None:
                return
            # a later sentence names the role: keep the richer statement
            for i, st in enumerate(self.statements):
                if st.kind == "membership" and st.get("member") == [person.iri] and st.get("organisation") == [org.iri]:
                    if not st.get("role"):
                        self.statements[i] = Statement(st.kind, st.iri, (*st.roles, ("role", role_obj.iri)),
                                                       st.evidence + self.ev(sentence), st.confidence, st.rule,
                                                       (*st.attrs, ("role_label", role_obj.label),
                                                        ("role_en", role_obj.en)))
            return
        self.seen.add(key)
        roles: list[tuple[str, URIRef]] = [("member", person.iri), ("organisation", org.iri)]
        attrs: tuple[tuple[str, str], ...] = ()
        if role_obj is not None:
            roles.append(("role", role_obj.iri))
            attrs = (("role_label", role_obj.label), ("role_en", role_obj.en))
        self.emit("membership", roles, self.ev(sentence), conf, rule, attrs,
                  ident=f"{person.iri}|{org.iri}")
