"""Visit rules: a delegation's origin, its hosts, presenters, reception and trade fair (``rg:Visit``).

A visit is keyed by the country it comes from. It is assembled in named steps:

1. :meth:`VisitRules._gather` reads every sentence once: the origins of visiting groups
   ("Delegation aus Korea", "kanadischer Unternehmen"), the trade fair of each section, and the
   host evidence of sentences that speak of a visit (``bei der O``, ``O empfing``, ``besuchte O``,
   a reception, people presenting to the guests);
2. :meth:`VisitRules._quoted_speakers` — in an article about one visit, local people quoted in
   it speak for the hosts;
3. :meth:`VisitRules._assign_hosts` — host evidence applies to the visits of its own section; a
   section without a visit of its own lends its hosts to the visit before it, and an article
   with a single visit gives it every host sentence of its body;
4. :meth:`VisitRules._emit_visit` — hosts that are the visitors' own organisations are dropped,
   the presenters' organisations become hosts, and with nobody named the local organisations of
   the article's lead do; then the visit is stated with its origins, fair, sectors, dates and
   reception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from ruhrgraph.extract.relations._base import BuilderBase
from ruhrgraph.extract.relations.hosts import HOST_LIST, HOST_PATTERNS
from ruhrgraph.extract.relations.patterns import (
    ADJECTIVE_ENDING,
    ARRIVED,
    ARRIVED_FROM_ABROAD,
    CAPTION,
    DELEGATE_ROLE,
    DELEGATION,
    DIPLOMAT_OF,
    DIPLOMAT_ROLES,
    DIPLOMATS_OF_LIST,
    GROUP_WORDS,
    HOME_DELEGATION_ABROAD,
    ORIGIN_AFTER_AUS,
    ORIGIN_BACK_REFERENCE,
    ORIGIN_FROM_TO,
    ORIGIN_LIST_AFTER_COLON,
    PRESENT_VERB,
    RECEPTION,
    ROLE_SYMBOL,
    SPEECH,
    TIME_ANCHOR,
    TRIGGER_WORD,
    TRIP_TO,
    VISIT_CONTEXT,
    VISIT_VERB,
    VISITOR_ORG,
    VISITORS,
)
from ruhrgraph.extract.relations.symbols import SymbolSentence
from ruhrgraph.model import Entity

#: a sentence that goes on listing what the one before began ("… Unternehmen angesehen. U. a. X, Y und Z")
_LIST_OPENER = re.compile(r"(?:U \. ?a \.|Unter anderem|Darunter|Dazu gehörten|Zum Beispiel) ")
_TOWN_HALL = re.compile(r"\b(?:im|ins|vor dem|am) (?:[A-ZÄÖÜ]\w+er )?Rathaus\b|\b\w+er Rathaus(?:es)?\b")
_ORG_SYMBOL = re.compile(r"\bO\d")

#: Names of organisations from abroad: foreign legal forms and universities ("Suomen Kiertotalous Oy",
#: "Kansai Energy Trading Co., Ltd.", "Universidad de Concepción", "Shandong University").
_FOREIGN_ORG = re.compile(r"(?:\b(?:Oy|Oyj|OÜ|AB|ASA|JSC|PJSC|LLC|LLP|Ltd|Inc|Corp|Pty|SpA|S\.p\.A|S\.A|S\.A\.S|"
                          r"Kft|Zrt|"
                          r"A\.Ş|Sp\. z o\.o|s\.r\.o|a\.s|d\.o\.o|B\.V|N\.V)\.?$)|"
                          r"\b(?:Universidad|Universidade|Università|Université|Uniwersytet|University|Univerzita)\b")

# (sentence index, hosts with confidence, presenters): what one sentence says about who received the guests
HostSentence = tuple[int, list[tuple[str, float]], list[str]]


#: a diplomat named with their country: "der französische Botschafter P", "Generalkonsul der Volksrepublik China,
#: P", "P (Generalkonsul der Republik Türkiye in Münster)"
_DIPLOMAT_OF_COUNTRY = re.compile(r"K(?P<k>\d+) L(?P<l>\d+) (?:, )?P(?P<p>\d+)|"
                                  r"L(?P<l2>\d+) (?:der|des|von) (?:[\w-]+ )?K(?P<k2>\d+) (?:, )?P(?P<p2>\d+)|"
                                  r"P(?P<p3>\d+) (?:\(|,) (?:der |die )?(?:\w+ )?L(?P<l3>\d+) (?:der|des|von) "
                                  r"(?:[\w-]+ )?K(?P<k3>\d+)")
_MISSION_NAME = re.compile(r"Botschaft|[Kk]onsulat|Embassy|Consulate")
#: a diplomat of a mission named as an organisation: "der Gesandte der Botschaft Israels"
_DIPLOMAT_OF_MISSION = re.compile(r"\bL(?P<l>\d+) (?:der|des) O(?P<o>\d+)")


@dataclass
class VisitDraft:
    """A visit being assembled: its section, origin and the evidence gathered for it."""

    section: int
    origin: str  # entity IRI of country/city
    origin_kind: str
    sentences: set[int] = field(default_factory=set)
    hosts: dict[str, float] = field(default_factory=dict)
    presenters: dict[str, float] = field(default_factory=dict)
    participants: set[str] = field(default_factory=set)
    confidence: float = 0.8
    explicit: bool = False  # named as where the group comes from ("aus Korea", "Botschafter von Kanada")


@dataclass
class VisitEvidence:
    """What a pass over the sentences found: visits by origin, host sentences, fairs and receptions."""

    drafts: dict[str, VisitDraft] = field(default_factory=dict)
    host_sentences: list[HostSentence] = field(default_factory=list)
    section_fairs: dict[int, str] = field(default_factory=dict)  # section → trade fair IRI
    receptions: dict[int, tuple[str, list[int]]] = field(default_factory=dict)  # section → (host, sentences)
    visitor_orgs: set[str] = field(default_factory=set)  # "eine Delegation der Universität X": visitors, not hosts
    destinations: set[str] = field(default_factory=set)  # countries trips go to ("Delegationsreise nach Japan")


class VisitRules(BuilderBase):
    """Visits of delegations (runs after memberships and seats, whose statements it reads)."""

    def visits(self) -> None:
        """Visits: a delegation's origin, its hosts, presenters, reception and trade fair."""
        self._diplomats_of_missions()
        found = self._gather()
        if not found.drafts:
            return
        if len(found.drafts) == 1:
            self._quoted_speakers(found)
        self._assign_hosts(found)
        for origin, draft in sorted(found.drafts.items()):
            self._emit_visit(origin, draft, found)

    def _diplomats_of_missions(self) -> None:
        """"der französische Botschafter P" in an article that names "der französischen Botschaft in
        Berlin": an ambassador or consul belongs to the one mission of their country the article names."""
        missions = [e for e in self.entities if e.kind == "organisation" and _MISSION_NAME.search(e.label)]
        if not missions:
            return
        for st in self.sents:
            for m in _DIPLOMAT_OF_COUNTRY.finditer(st.symbols):
                role_mention = st.index.get(int(m["l"] or m["l2"] or m["l3"]))
                role = self.gz.role_for(role_mention.text) if role_mention is not None else None
                person = self.ent_at(st, m["p"] or m["p2"] or m["p3"])
                country = self.ent_at(st, m["k"] or m["k2"] or m["k3"])
                if role is None or role.en not in DIPLOMAT_ROLES or person is None or country is None \
                        or person.kind != "person" or country.kind != "country":
                    continue
                own = [o for o in missions if self._is_visitor_org(o.iri, country.iri)]
                kind = "Botschaft|Embassy" if role.en == "ambassador" else "[Kk]onsulat|Consulate"
                own = [o for o in own if re.search(kind, o.label)] or own  # the ambassador's embassy …
                if len(own) == 1:
                    self._membership(person, own[0], role_mention, st.sentence.index, 0.75, "diplomat-of-mission")

    # -- step 1: one pass over the sentences ----------------------------------------------------
    def _gather(self) -> VisitEvidence:
        found = VisitEvidence()
        about_delegations = any(DELEGATION.search(s.text) for s in self.sentences)
        for i, st in enumerate(self.sents):
            sec = st.sentence.section
            raw = st.sentence.text
            is_deleg = bool(DELEGATION.search(raw))
            is_visitors = bool(VISITORS.search(raw) or ARRIVED_FROM_ABROAD.search(st.symbols)
                               or (VISIT_VERB.search(raw) and self._foreign_people(st)))
            previous = self.sents[i - 1] if i and self.sents[i - 1].sentence.section == sec else None
            self._add_origins(st, found, is_deleg, is_visitors, about_delegations, previous)
            self._visitor_orgs_and_trips(st, found)
            for m in st.index.values():
                ent = self.ent(m)
                if ent is not None and ent.kind == "event":
                    found.section_fairs.setdefault(sec, str(ent.iri))
            context = is_deleg or is_visitors or bool(VISIT_VERB.search(raw) or RECEPTION.search(raw)
                                                     or VISIT_CONTEXT.search(raw) or PRESENT_VERB.search(raw)) \
                or (previous is not None and _LIST_OPENER.match(st.symbols) is not None
                    and bool(VISIT_VERB.search(previous.sentence.text) or DELEGATION.search(previous.sentence.text)))
            if not context or (self._kind_of(sec) == "title" and not is_deleg):
                continue
            self._host_evidence(st, found)
        return found

    def _add_origins(self, st: SymbolSentence, found: VisitEvidence, is_deleg: bool, is_visitors: bool,
                     about_delegations: bool = False, previous: SymbolSentence | None = None) -> None:
        """Open or extend the visit of each origin the sentence names for a visiting group."""
        home = self.gz.entries.get("country:DE")
        trigger = is_deleg or is_visitors
        named = self._explicit_origins(st, trigger, about_delegations, previous)
        explicit = {o for o, _ in named} | self._origins_after_aus(st, trigger)
        if trigger:  # not explicit: a trip of that institution's country's partner may be outbound
            named += [origin for origin in self._visiting_institutions(st) if origin not in named]
        for origin, okind in dict.fromkeys([*self._origins(st, trigger), *named]):
            # one visit per country: "aus Osaka und Kobe" and "aus Japan" are the same delegation
            country = self._country_of(URIRef(origin), okind)
            if home is not None and (country == home.iri or URIRef(origin) == home.iri):
                continue  # guests "aus ganz Deutschland" or from Münster are no delegation from abroad
            key = str(country) if country is not None else origin
            d = found.drafts.get(key)
            if d is None:
                d = found.drafts[key] = VisitDraft(st.sentence.section, key,
                                                   "country" if country is not None else okind)
            if origin != key:
                d.participants.add(origin)
            d.sentences.add(st.sentence.index)
            d.confidence = max(d.confidence, 0.85 if is_deleg else 0.7)
            d.explicit = d.explicit or origin in explicit

    def _visiting_institutions(self, st: SymbolSentence) -> list[tuple[str, str]]:
        """The countries of foreign institutions a group comes from: "eine Delegation der Universität
        Tsukuba" (the town in its name), or a gazetteer organisation seated abroad."""
        out: list[tuple[str, str]] = []
        de = self.gz.entries.get("country:DE")
        for m in VISITOR_ORG.finditer(st.symbols):
            ent = self.ent_at(st, m["o"] or m["o2"] or m["o3"])
            if ent is None or ent.kind != "organisation":
                continue
            country = self._org_country(ent)
            if country is None and self.gz.by_iri.get(str(ent.iri)) is None:
                # an institution of unknown seat: the one foreign country the sentence names
                # ("Im Rahmen der Japan Science Days besuchte eine Delegation der Universität X …")
                foreign = {c.iri for c in self.ents_in(st, "country") if de is None or c.iri != de.iri}
                country = foreign.pop() if len(foreign) == 1 else None
            if country is not None and (de is None or country != de.iri):
                out.append((str(country), "country"))
        return out

    def _org_country(self, org: Entity) -> URIRef | None:
        """The country of an organisation: its gazetteer seat, or a place named inside its name."""
        key = self.gz.by_iri.get(str(org.iri))
        if key is not None and self.gz.entries[key].city:
            seat = self.gz.city(self.gz.entries[key].city)
            return self._country_of(seat.iri, "city") if seat is not None else None
        for mention in org.mentions:
            for inner in self.mentions:
                if inner.attr("embedded") and inner.kind in {"city", "country"} and inner.key \
                        and mention.start <= inner.start and inner.end <= mention.end:
                    entry = self.gz.entries.get(inner.key)
                    if entry is not None:
                        return self._country_of(entry.iri, inner.kind)
        return None

    def _visitor_orgs_and_trips(self, st: SymbolSentence, found: VisitEvidence) -> None:
        """The visitors' own institutions ("Delegation der Universität X") and the countries trips go to."""
        for m in VISITOR_ORG.finditer(st.symbols):
            ent = self.ent_at(st, m["o"] or m["o2"] or m["o3"])
            if ent is not None and ent.kind == "organisation":
                found.visitor_orgs.add(str(ent.iri))
        de = self.gz.entries.get("country:DE")
        home_trips = [m for m in HOME_DELEGATION_ABROAD.finditer(st.symbols)
                      if (town := self.ent_at(st, m["c"])) is not None and de is not None
                      and self._country_of(town.iri, "city") == de.iri]
        for m in [*TRIP_TO.finditer(st.symbols), *home_trips]:
            ent = self.ent_at(st, m["n"])
            if ent is not None and ent.kind in {"country", "city"}:
                country = self._country_of(ent.iri, ent.kind)
                if country is not None:
                    found.destinations.add(str(country))

    def _host_evidence(self, st: SymbolSentence, found: VisitEvidence) -> None:
        """Hosts and presenters of a sentence that speaks of a visit; a reception by its first host."""
        raw = st.sentence.text
        hosts = self._hosts(st)
        presenters = []
        if (PRESENT_VERB.search(raw) or RECEPTION.search(raw)) and not CAPTION.search(raw):
            for _, m in sorted(st.index.items()):
                ent = self.ent(m)
                delegate = DELEGATE_ROLE.search(raw[:max(0, m.start - st.sentence.start)][-40:])
                if ent is not None and ent.kind == "person" and not delegate:
                    presenters.append(str(ent.iri))
        if RECEPTION.search(raw) and hosts:
            found.receptions.setdefault(st.sentence.section, (hosts[0][0], []))[1].append(st.sentence.index)
        if hosts or presenters:
            found.host_sentences.append((st.sentence.index, hosts, presenters))

    # -- step 2 and 3: who hosted which visit -----------------------------------------------------
    def _quoted_speakers(self, found: VisitEvidence) -> None:
        """The article is about one visit: local people quoted in it speak for the hosts."""
        for st in self.sents:
            if self._kind_of(st.sentence.section) != "body" or not SPEECH.search(st.sentence.text):
                continue
            speakers = [str(p.iri) for p in self.ents_in(st, "person")]
            if speakers:
                found.host_sentences.append((st.sentence.index, [], speakers))

    def _assign_hosts(self, found: VisitEvidence) -> None:
        """Give each host sentence's hosts and presenters to the visits it speaks of."""
        drafts = found.drafts
        visit_sections = {d.section for d in drafts.values()}
        named = {o: frozenset(d.sentences) for o, d in drafts.items()}  # where each group is named
        for si, hosts, presenters in found.host_sentences:
            sec = self.sentences[si].section
            if len(drafts) == 1:
                targets = list(drafts)
            elif sec in visit_sections:
                targets = self._latest_named(si, sec, named)
            else:  # a section without a visit of its own lends hosts only where the guests are named
                raw = self.sentences[si].text
                before = [d for d in drafts.values() if d.section < sec and self._kind_of(d.section) != "teaser"]
                grouped = bool(DELEGATION.search(raw) or VISITORS.search(raw) or GROUP_WORDS.search(raw))
                targets = [max(before, key=lambda d: d.section).origin] if before and grouped else []
            for origin in targets:
                d = drafts[origin]
                if self._kind_of(sec) == "teaser" and sec != d.section:
                    continue
                for org, conf in hosts:
                    if org not in d.hosts or d.hosts[org] < conf:
                        d.hosts[org] = conf
                    d.sentences.add(si)
                for person in presenters:
                    d.presenters.setdefault(person, 0.7)
                    d.sentences.add(si)

    def _latest_named(self, si: int, sec: int, named: dict[str, frozenset[int]]) -> list[str]:
        """The visits a host sentence of a section with several visits speaks of: those it names
        itself; else, when visits of the section are told one after another, each opened by a dated
        visit sentence ("Am Dienstag besuchte eine brasilianische Delegation …"), the one opened last
        before it; else every visit of the section ("zwei Delegationen …" and one joint reception)."""
        own = [o for o, sents in named.items() if si in sents]
        if own:
            return own
        opened = {o: max((s for s in sents if s < si and self.sentences[s].section == sec
                          and VISIT_VERB.search(self.sentences[s].text) and TIME_ANCHOR.search(self.sentences[s].text)),
                         default=-1) for o, sents in named.items()}
        latest = max(opened.values(), default=-1)
        if latest >= 0:
            return [o for o, s in opened.items() if s == latest]
        return [o for o, sents in named.items() if any(self.sentences[s].section == sec for s in sents)]

    # -- step 4: the statement ------------------------------------------------------------------
    def _emit_visit(self, origin: str, d: VisitDraft, found: VisitEvidence) -> None:
        if origin in found.destinations and not d.explicit:
            return  # "die Delegationsreise nach Japan … japanische Unternehmen": a trip abroad, no visit here
        for org in found.visitor_orgs:
            d.hosts.pop(org, None)
        host_roles = [(r, v) for r, v in self._host_roles(origin, d) if str(v) not in found.visitor_orgs]
        town_hall = self._town_hall_host(d)
        if town_hall is not None and ("host", town_hall) not in host_roles:
            host_roles.append(("host", town_hall))
        if not any(r == "host" for r, _ in host_roles) and len(found.drafts) == 1 \
                and origin not in found.destinations:  # nobody named as host (and no trip goes there)
            self._lead_hosts(origin, d, host_roles, found.visitor_orgs)
            d.confidence = 0.5
        if not any(r == "host" for r, _ in host_roles):
            return
        roles = [("origin", URIRef(origin)), *host_roles]
        roles += [("origin", URIRef(city)) for city in sorted(d.participants)]  # the cities they came from
        country = self._country_of(URIRef(origin), d.origin_kind)
        if country is not None and country != URIRef(origin):
            roles.append(("origin", country))
        fairs = found.section_fairs
        fair = fairs.get(d.section) or (next(iter(fairs.values())) if len(fairs) == 1
                                        and len(found.drafts) == 1 else None)
        if fair:
            roles.append(("superEvent", URIRef(fair)))
        roles += [("sector", s_) for s_ in self._section_sectors(d.section)]
        attrs: list[tuple[str, str]] = [("origin_label", self._label(URIRef(origin)))]
        attrs += self._dates_in(sorted(d.sentences))
        if d.section in found.receptions:
            host, sis = found.receptions[d.section]
            rec_roles = list(dict.fromkeys([("host", URIRef(host)), *host_roles]))
            rec = self.emit("reception", rec_roles, self.ev(*sis), 0.7, "reception",
                            ident=f"reception|{d.section}")
            roles.append(("subEvent", rec.iri))
        self.emit("visit", roles, self.ev(*d.sentences), d.confidence if d.hosts else 0.6, "visit",
                  tuple(attrs), ident=f"visit|{origin}")

    def _town_hall_host(self, d: VisitDraft) -> URIRef | None:
        """A group received in the town hall ("im Rathaus", "des Essener Rathauses") was the guest of
        the town: its administration ("Stadt Essen"), when the article names exactly one German one."""
        section = [st for st in self.sents if st.sentence.section == d.section]
        if not any(_TOWN_HALL.search(st.sentence.text) for st in section):
            return None
        town = self._home_town_administration()
        return town.iri if town is not None else None

    def _host_roles(self, origin: str, d: VisitDraft) -> list[tuple[str, URIRef]]:
        """The hosts (not the visitors' own organisations) and the presenters with their organisations."""
        parties = self._parties()  # a party hosts no delegation, nor does a presenter's party
        host_roles: list[tuple[str, URIRef]] = [("host", URIRef(o)) for o in sorted(d.hosts)
                                                if not self._is_visitor_org(URIRef(o), URIRef(origin))
                                                and URIRef(o) not in parties]
        for person in sorted(d.presenters):
            host_roles.append(("presenter", URIRef(person)))
            for org in self._affiliations(URIRef(person)):
                if ("host", org) not in host_roles and not self._is_visitor_org(org, URIRef(origin)) \
                        and org not in parties:
                    host_roles.append(("host", org))
        return host_roles

    def _parties(self) -> set[URIRef]:
        """The political parties the article names."""
        return {e.iri for e in self.entities if e.kind == "organisation" and self.is_party(e)}

    def _lead_hosts(self, origin: str, d: VisitDraft, host_roles: list[tuple[str, URIRef]],
                    visitor_orgs: set[str] | frozenset[str] = frozenset()) -> None:
        """Nobody named as host: the local organisations the article's lead talks about."""
        for st in self.sents:
            if self._kind_of(st.sentence.section) != "body" or st.sentence.index > min(d.sentences) + 3:
                continue
            for m in st.index.values():
                ent = self.ent(m)
                if ent is not None and ent.kind == "organisation" and ("host", ent.iri) not in host_roles \
                        and str(ent.iri) not in visitor_orgs and not self.is_party(ent) \
                        and not self._is_visitor_org(ent.iri, URIRef(origin)) and self._is_local(ent.iri):
                    host_roles.append(("host", ent.iri))

    # -- helpers ------------------------------------------------------------------------------
    def _is_local(self, org: URIRef) -> bool:
        """Seated in Germany, as far as the article or the gazetteer tells."""
        de = self.gz.entries.get("country:DE")
        for st in self.statements:
            if st.kind == "location" and st.get("subject") == [org]:
                return self._country_of(st.get("place")[0], "city") == (de.iri if de else None)
        key = self.gz.by_iri.get(str(org))
        if key:
            seat = self.gz.city(self.gz.entries[key].city)
            return seat is None or seat.country == "DE"
        return True

    def _is_visitor_org(self, org: URIRef, origin: URIRef) -> bool:
        """An organisation of the visitors themselves (seated in the origin country)."""
        origin_country = self._country_of(origin, "country" if self.gz.by_iri.get(str(origin), "").startswith(
            "country:") else "city")
        for st in self.statements:
            if st.kind == "location" and st.get("subject") == [org]:
                city = st.get("place")[0]
                if self._country_of(city, "city") == origin_country or city == origin:
                    return True
        key = self.gz.by_iri.get(str(org))
        if key:
            seat = self.gz.city(self.gz.entries[key].city)
            if seat is not None and origin_country is not None and self._country_of(seat.iri, "city") == origin_country:
                return True
            return False
        # no seat known: a foreign legal form or university, or the origin's own name in the organisation's
        label = self._label(org)
        if _FOREIGN_ORG.search(label):
            return True
        names = {self._label(URIRef(origin)), *((self._label(origin_country),) if origin_country is not None else ())}
        if any(n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", label) for n in names):
            return True
        # "Israelische Botschaft": the origin country's adjective in the name
        demonym_keys = {self.gz.demonyms.get(w) or self.gz.demonyms.get(w.lower()) for w in label.split()}
        return any(k and k in self.gz.entries and self.gz.entries[k].iri == origin_country for k in demonym_keys)

    def _foreign_people(self, st: SymbolSentence) -> bool:
        """People named by their country ("die Niederländer", "die Japaner") — guests in a sentence about a visit."""
        de = self.gz.entries.get("country:DE")
        for mention in st.index.values():
            ent = self.ent(mention)
            if ent is not None and ent.kind == "country" and mention.text in self.gz.demonym_nouns \
                    and (de is None or ent.iri != de.iri):
                return True
        return False

    def _origins_after_aus(self, st: SymbolSentence, trigger: bool) -> set[str]:
        """The origins the sentence names after "aus" next to a visiting group."""
        return {o for o, _ in self._origins(st, trigger, aus_only=True)}

    def _origins(self, st: SymbolSentence, trigger: bool, aus_only: bool = False) -> list[tuple[str, str]]:
        """(IRI, kind) of the places a visiting group of the sentence comes from (``aus_only``: only
        those named after "aus")."""
        out: list[tuple[str, str]] = []
        if not trigger:
            return out
        sym = st.symbols

        def cue(word: str) -> bool:
            return bool(TRIGGER_WORD.search(word) or ROLE_SYMBOL.fullmatch(word))

        # "eine Delegation aus Korea", "Zehn Startups aus Tel Aviv, Haifa und …": "aus" right after the group
        for m in ORIGIN_AFTER_AUS.finditer(sym):
            before = sym[:m.start()].split()[-6:]
            after = sym[m.end():].split()[:4]  # "Auch aus Dänemark kamen Gäste …"
            if not any(cue(w) for w in before + after) and not ARRIVED.match(sym[m.end():]):
                continue
            numbers = [int(m["n"])] + [int(x) for x in re.findall(r"[KC](\d+)", m["more"] or "")]
            for n in numbers:
                ent = self.ent_at(st, n)
                if ent is not None and ent.kind in {"country", "city"}:
                    out.append((str(ent.iri), ent.kind))
        if aus_only:
            return list(dict.fromkeys(out))
        # a country adjective qualifying the group: "kanadischer Unternehmen", "eine ungarische Delegation"
        for n, mention in st.index.items():
            ent = self.ent(mention)
            if ent is None or ent.kind != "country":
                continue
            if mention.attr("descriptor"):
                out.append((str(ent.iri), "country"))
            elif mention.attr("compound"):
                out.append((str(ent.iri), "country"))  # "US-Startup-Delegation", "China-Besuch"
            elif mention.attr("demonym"):
                head, _, tail = sym.partition(f"K{n} ")
                near = head.split()[-2:] + tail.split()[:5]
                # "die Kanadier", "Koreaner" (nouns, not adjectives)
                noun = mention.text in self.gz.demonym_nouns or (
                    mention.text[:1].isupper() and mention.text.lower() != mention.text
                    and not ADJECTIVE_ENDING.search(mention.text))
                words = tail.split()[:6]
                # "das japanische Unternehmen NGK": a group noun followed by a name is a company, not guests
                named = len(words) > 1 and cue(words[0]) and re.fullmatch(r"O\d+", words[1]) is not None
                if (noun or any(cue(w) for w in near)) and not named:
                    out.append((str(ent.iri), "country"))
        return list(dict.fromkeys(out))

    def _explicit_origins(self, st: SymbolSentence, trigger: bool, about_delegations: bool,
                          previous: SymbolSentence | None) -> list[tuple[str, str]]:
        """(IRI, kind) of origins named outright: a diplomat's country ("Botschafter von Kanada",
        "Generalkonsul Chinas"), a list after a colon ("aus den Ländern …: Italien, Türkei und
        Portugal") and, for "Delegationen aus den Städten", the foreign places of the sentence before."""
        out: list[tuple[str, str]] = []
        sym = st.symbols
        for m in DIPLOMAT_OF.finditer(sym):
            role_mention = st.index.get(int(m["l"]))
            role = self.gz.role_for(role_mention.text) if role_mention is not None else None
            ent = self.ent_at(st, m["k"])
            if role is not None and role.en in DIPLOMAT_ROLES and ent is not None and ent.kind == "country":
                out.append((str(ent.iri), "country"))
        for m in _DIPLOMAT_OF_MISSION.finditer(sym):  # "Der Gesandte der Botschaft Israels"
            role_mention = st.index.get(int(m["l"]))
            role = self.gz.role_for(role_mention.text) if role_mention is not None else None
            mission = self.ent_at(st, m["o"])
            country = self._org_country(mission) if mission is not None and role is not None \
                and role.en in DIPLOMAT_ROLES else None
            home = self.gz.entries.get("country:DE")
            if country is not None and (home is None or country != home.iri):
                out.append((str(country), "country"))
        for m in DIPLOMATS_OF_LIST.finditer(sym):
            role_mention = st.index.get(int(m["l"])) if m["l"] else None
            role = self.gz.role_for(role_mention.text) if role_mention is not None else None
            if m["l"] and (role is None or role.en not in DIPLOMAT_ROLES):
                continue
            for n in re.findall(r"K(\d+)", m["list"]):
                ent = self.ent_at(st, n)
                if ent is not None and ent.kind == "country":
                    out.append((str(ent.iri), "country"))
        for m in ORIGIN_FROM_TO.finditer(sym):
            out += [(str(ent.iri), "country") for n in re.findall(r"K(\d+)", m["list"])
                    if (ent := self.ent_at(st, n)) is not None and ent.kind == "country"]
        if trigger or about_delegations:
            for m in ORIGIN_LIST_AFTER_COLON.finditer(sym):
                for n in re.findall(r"[KC](\d+)", m["list"]):
                    ent = self.ent_at(st, n)
                    if ent is not None and ent.kind in {"country", "city"}:
                        out.append((str(ent.iri), ent.kind))
        if trigger and previous is not None and ORIGIN_BACK_REFERENCE.search(sym) \
                and not re.search(r"\baus (?:dem |der |den )?(?:[\w-]+ )?[KC]\d+", sym):
            de = self.gz.entries.get("country:DE")
            for mention in previous.index.values():
                ent = self.ent(mention)
                if ent is not None and ent.kind in {"country", "city"} \
                        and self._country_of(ent.iri, ent.kind) not in {None, de.iri if de else None}:
                    out.append((str(ent.iri), ent.kind))
        return list(dict.fromkeys(out))

    def _hosts(self, st: SymbolSentence) -> list[tuple[str, float]]:
        """(IRI, confidence) of the organisations a sentence names as hosts (:data:`~.hosts.HOST_PATTERNS`)."""
        out: list[tuple[str, float]] = []
        if _ORG_SYMBOL.search(st.symbols) is None:  # every host pattern names an organisation
            return out
        for rx, conf in HOST_PATTERNS:
            for m in rx.finditer(st.symbols):
                numbers = [m.group(1)]
                pos = m.end()
                while (more := HOST_LIST.match(st.symbols, pos)) is not None:
                    numbers.append(more.group(1))
                    pos = more.end()
                for n in numbers:
                    ent = self.ent_at(st, n)
                    if ent is not None and ent.kind == "organisation":
                        out.append((str(ent.iri), conf))
        return out
