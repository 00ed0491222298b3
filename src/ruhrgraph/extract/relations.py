"""Derive statements from the entities of an article: memberships, seats, visits and events.

Each sentence is rewritten as a compact symbol string in which every mention becomes a
placeholder — ``P`` person, ``O`` organisation, ``C`` city, ``K`` country, ``R`` region,
``E`` trade fair, ``L`` role — followed by its number, e.g.::

    Beim Empfang bei der O1 gab P2 von der O3 einen Überblick zum Gesundheitsmarkt …

Relation patterns are regular expressions over these strings, so they read like the German
phrasings they cover. Visits are assembled per section: a delegation's origin (``aus K``, a
country adjective, a periphrase), its hosts (``bei der O``, ``O empfing``, a reception and the
organisations whose people presented to the guests) and the trade fair it was tied to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef

from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract.read import _MONTHS
from ruhrgraph.iri import mint_hashed
from ruhrgraph.model import Article, Entity, Evidence, Mention, Sentence, Statement

_SYMBOL = {"person": "P", "organisation": "O", "city": "C", "country": "K", "region": "R", "continent": "R",
           "event": "E", "role": "L"}

# -- patterns over symbol strings -------------------------------------------------------------
_OF = r"(?:von der|vom|von|bei der|beim|bei|aus dem|aus der|der|des|im|am|an der|für die|für den|für das)"
MEMBERSHIP_PATTERNS: list[tuple[str, re.Pattern[str], float]] = [
    ("person-von-org", re.compile(r"P(?P<p>\d+) (?:\( )?(?:von der|vom|von|bei der|beim|aus dem|aus der) "
                                  r"(?:L(?P<l>\d+) )?(?:der |des )?O(?P<o>\d+)"), 0.85),
    ("person-role-of-org", re.compile(r"P(?P<p>\d+) , (?:[\w.-]+ ){0,3}?L(?P<l>\d+) (?:[\w-]+ ){0,4}?"
                                      + _OF + r" (?:[\w-]+ ){0,3}?O(?P<o>\d+)"), 0.85),
    ("person-relative-at-org", re.compile(r"P(?P<p>\d+) , (?:die|der) (?:[\w.-]+ ){0,8}?(?:als L(?P<l>\d+) "
                                          r"(?:[\w-]+ ){0,2}?)?(?:bei der|beim|bei|an der|am|im|in der|für die|für den) "
                                          r"O(?P<o>\d+)"), 0.75),
    ("person-at-org-zustaendig", re.compile(r"P(?P<p>\d+) , (?:bei der|beim|bei|an der|am|im) O(?P<o>\d+)"), 0.75),
    ("subunit-of-org", re.compile(r"P(?P<p>\d+) (?:, (?:[\w-]+ ){0,3})?(?:vom|von der|am|an der|im|aus dem|aus der) "
                                  r"(?:Lehrstuhl|Fachbereich|Fakultät|Fachgebiet|Abteilung|Arbeitsgruppe|Bereich|"
                                  r"Institut|Zentrum|Team|Referat|Dezernat|Department|Center)\b(?:[\w-]+ |[\w-]+$| ){0,6}?"
                                  r"(?:der|des) O(?P<o>\d+)"), 0.75),
    ("org-appoints-person", re.compile(r"O(?P<o>\d+) (?:hat|hatte) (?:[\w.-]+ ){0,4}?P(?P<p>\d+) (?:zum|zur|als) "
                                       r"(?:[\w-]+ ){0,2}?L(?P<l>\d+)"), 0.8),
    ("role-of-org-person", re.compile(r"L(?P<l>\d+) (?:[\w-]+ ){0,3}?" + _OF + r" O(?P<o>\d+) (?:, )?(?:[\w.-]+ ){0,2}?"
                                      r"P(?P<p>\d+)"), 0.85),
    ("person-paren-org", re.compile(r"P(?P<p>\d+) \( (?:L(?P<l>\d+) (?:, )?)?(?:der |des )?O(?P<o>\d+)"), 0.8),
    ("person-is-role-of-org", re.compile(r"P(?P<p>\d+) (?:ist|wird|wurde|bleibt|war|übernimmt|übernahm) "
                                         r"(?:\w+ ){0,3}?L(?P<l>\d+) " + _OF + r" O(?P<o>\d+)"), 0.8),
    ("person-leads-org", re.compile(r"P(?P<p>\d+) (?:leitet|leitete|führt|führte|verantwortet|gründete|"
                                    r"vertritt|vertrat) (?:seit \w+ )?(?:\w+ )?(?:das|die|den|der) O(?P<o>\d+)"), 0.75),
    ("person-relative-leads-org", re.compile(r"P(?P<p>\d+) , (?:die|der) (?:[\w.-]+ ){0,4}?(?:die|den|das|der) O(?P<o>\d+) "
                                             r"(?:[\w-]+ ){0,3}?(?:leitet|führt|verantwortet|gegründet|mitgegründet|"
                                             r"vertritt|koordiniert|managt|berät|aufgebaut|leitete|führte)"), 0.75),
    ("for-org-spoke", re.compile(r"\b(?i:für) (?:die|den|das) O(?P<o>\d+) (?:sprach|sprechen|spricht|erklärte|betonte|"
                                 r"ergänzte|sagte|unterzeichnete|präsentierte) (?:[\w.-]+ ){0,2}?P(?P<p>\d+)"), 0.75),
    ("person-takes-over", re.compile(r"P(?P<p>\d+) (?:übernimmt|übernahm|übernehmen|hat|hatte|leitet|leitete|"
                                     r"verstärkt|verstärkte) (?:[\w.]+ ){0,4}?(?:die|den|das) (?:\w+ )?"
                                     r"(?:Geschäftsführung|Leitung|Vorsitz|Vorstandsvorsitz|Präsidentschaft|Führung|"
                                     r"Team|Spitze) (?:der|des|bei der|beim|im) O(?P<o>\d+)"), 0.8),
    ("org-has-new-role", re.compile(r"O(?P<o>\d+) (?:hat|bekommt|erhält|bekam|erhielt) (?:einen|eine) "
                                    r"(?:neuen|neue) L(?P<l>\d+) :? (?:[\w.-]+ ){0,2}?P(?P<p>\d+)"), 0.8),
    ("role-at-org-is-person", re.compile(r"L(?P<l>\d+) (?:[\w-]+ ){0,2}?(?:bei der|beim|bei|der|des|im|am) O(?P<o>\d+) "
                                         r"(?:ist|wird|bleibt|war) (?:[\w.-]+ ){0,2}?P(?P<p>\d+)"), 0.8),
    ("role-org-person", re.compile(r"L(?P<l>\d+) (?:der |des |bei der |beim )?O(?P<o>\d+) P(?P<p>\d+)"), 0.8),
    ("person-comes-from-org", re.compile(r"P(?P<p>\d+) (?:[^OP.]{0,80}? )?(?:kommt|kam|wechselt|wechselte|stößt|stieß) "
                                         r"(?:[\w-]+ ){0,3}?(?:von der|vom|von) O(?P<o>\d+)"), 0.7),
    ("person-works-at-org", re.compile(r"P(?P<p>\d+) (?:arbeitet|forscht|lehrt|ist|war|promoviert|"
                                       r"arbeitete|forschte|wechselte|wechselt|kam|kommt) (?:[\w-]+ ){0,4}?(?:bei der|"
                                       r"beim|bei|an der|am|im|für die|für den|von der|vom) O(?P<o>\d+)"), 0.7),
    ("org-person-role", re.compile(r"O(?P<o>\d+) -?(?:\w+ )?L(?P<l>\d+) P(?P<p>\d+)"), 0.75),
]
ROLE_PERSON = re.compile(r"L(?P<l>\d+) P(?P<p>\d+)")
PERSON_ROLE = re.compile(r"P(?P<p>\d+) , (?:\w+ ){0,2}L(?P<l>\d+)")
LOCATION_PATTERNS: list[tuple[str, re.Pattern[str], float]] = [
    ("seat", re.compile(r"O(?P<o>\d+) (?:, )?(?:mit (?:Sitz|Hauptsitz|Stammsitz|Standort|Standorten|"
                        r"Niederlassung) in|aus|in) C(?P<c>\d+)"), 0.85),
    ("seat-verb", re.compile(r"O(?P<o>\d+) (?:hat|bezieht|bezog|eröffnet|eröffnete|zieht|zog|siedelt|"
                             r"siedelte|baut|verlegt|verlegte|gründete|gründet|errichtet|betreibt) "
                             r"(?:[^.]{0,80}? )?(?:in|nach) C(?P<c>\d+)"), 0.75),
    ("city-adjective", re.compile(r"C(?P<c>\d+)ADJ (?:\w+ ){0,2}O(?P<o>\d+)"), 0.8),
    ("anaphor-seat", re.compile(r"O(?P<o>\d+) (?:, )?(?:\w+ ){0,3}?(?:mit (?:Sitz|Hauptsitz|Stammsitz) in|"
                                r"hat (?:seinen|ihren) (?:Sitz|Hauptsitz) in|sitzt in|ist in) C(?P<c>\d+)"), 0.75),
    ("seat-after-apposition", re.compile(r"O(?P<o>\d+) (?:\( O\d+ \) )?(?:, )?[^OCP]{0,120}?(?:mit (?:Sitz|Hauptsitz|"
                                         r"Stammsitz) in|hat (?:seinen|ihren) (?:Sitz|Hauptsitz) in) C(?P<c>\d+)"), 0.75),
    ("org-paren-in-city", re.compile(r"O(?P<o>\d+) \( O\d+ \) (?:in|aus) C(?P<c>\d+)"), 0.8),
    ("org-relative-in-city", re.compile(r"O(?P<o>\d+) , (?:die|der|das) (?:[\w-]+ ){0,2}?in C(?P<c>\d+)"), 0.7),
    ("org-at-site", re.compile(r"O(?P<o>\d+) (?:am|an den|an ihrem|an seinem) (?:Standort|Standorten) C(?P<c>\d+)"), 0.8),
    ("to-org-in-city", re.compile(r"\b(?:zur|zum|zu der|bei der|beim) O(?P<o>\d+) (?:nach|in) C(?P<c>\d+)"), 0.75),
    ("city-opens-sentence", re.compile(r"^In C(?P<c>\d+) (?:\w+ ){1,4}?(?:die|der|das) O(?P<o>\d+)"), 0.6),
    ("site-in-city", re.compile(r"O(?P<o>\d+) (?:[^OCP]{0,80}? )?(?:Standort|Standorte|Campus|Gelände|Werk|Werke|Zentrale|"
                                r"Sitz|Hauptsitz|Büro|Büros|Niederlassung|Firmensitz|Werksgelände|Betriebsgelände|"
                                r"Produktionsstätte|Labor|Labore|Fertigung) (?:[^OCP]{0,20}? )?(?:in|im) C(?P<c>\d+)"), 0.7),
    ("travel-to-org-in-city", re.compile(r"\b(?:in|nach) C(?P<c>\d+) (?:zur|zum|zu der|bei der|beim|bei|an die|an der|"
                                         r"in die|ins) O(?P<o>\d+)"), 0.75),
    ("based-in-city", re.compile(r"(?:in|aus) C(?P<c>\d+) (?:ansässige|ansässigen|ansässiger|ansässigen|"
                                 r"beheimatete|beheimateten|gegründete|gegründeten) (?:[\w-]+ ){0,2}O(?P<o>\d+)"), 0.8),
    ("org-in-city-quarter", re.compile(r"O(?P<o>\d+) (?:im|in der|am) C(?P<c>\d+)ADJ"), 0.75),
]
ADDRESS = re.compile(r"(?:an der|in der|am|im|an die)\s+([A-ZÄÖÜ][\wäöüß.-]*?(?:str\.|straße|Straße|weg|Weg|platz|"
                     r"Platz|allee|Allee|ring|Ring|damm|ufer|gasse|Gasse|markt|Markt)\s*\d+\s?[a-z]?)\s+in\s+"
                     r"([A-ZÄÖÜ][\wäöüß-]+)")
DELEGATION = re.compile(r"(?:\w*[Dd]elegation(?:en)?|Abordnung|Besuchergruppe|\w*[Rr]eisegruppe|"
                        r"Unternehmerreise|Delegationsreise|Handelsmission)\b")
VISITORS = re.compile(r"\b(?:Vertreter(?:innen)?|Gäste|Gästen|Besucher(?:innen)?|Unternehmer(?:innen)?|"
                      r"Investor(?:en|innen)?|Fachleute|Expert(?:en|innen)|\w*[Ss]tart-?ups|Unternehmen|Firmen|"
                      r"Gründer(?:innen)?|Forscher(?:innen)?|Wissenschaftler(?:innen)?|Studierende|Manager(?:innen)?|"
                      r"Ingenieur(?:e|innen)|Fachkräfte|Journalist(?:en|innen)|Reiseveranstalter(?:innen)?)\b")
VISIT_VERB = re.compile(r"\b(?:besucht\w*|Besuch\w*|reist\w*|zu Gast|empf(?:ing|ingen|angen|ängt)|informiert\w* sich|"
                        r"kündigt\w* sich|kamen|kommen|trafen|treffen|kam)\b")
GROUP_WORDS = re.compile(r"\b(?:Gruppe|Gäste\w*|Delegation\w*|Besucher\w*|Teilnehmende\w*|Teilnehmer\w*|sie)\b")
SPEECH = re.compile(r"\b(?:sagt|sagte|betont|betonte|erklärt|erklärte|sprach|spricht|so)\b|[„“”\"]")
TRIGGER_WORD = re.compile(
    r"^[\w-]*(?:delegation|abordnung|gruppe|gäste|gästen|gast|besucher|vertreter|unternehmer|unternehmen|firmen|"
    r"start-?ups?|investor|expert|fachleute|wissenschaftler|forscher|forschende|manager|einkäufer|journalist|"
    r"studierende|gründer|ingenieur|besuch|teilnehmer|teilnehmende|reiseveranstalter|fachkräfte|politiker|minister|"
    r"bürgermeister|reeder|zulieferer|hersteller|mitglieder|führungskräfte|logistiker|spezialist|entscheider|"
    r"vertretung|unternehmensvertreter)\w*$", re.IGNORECASE)
VISIT_CONTEXT = re.compile(r"\b(?:Gruppe|Gastgeber\w*|Station|Programm|Rundgang|Führung|Werksgelände|Besichtigung|"
                           r"Gelände|Campus|Abstecher|Termin|Gespräch\w*|Austausch|[Ee]ingeladen|Einladung|"
                           r"organisiert\w*|Organisiert|ging es|weiter (?:zu|nach)|Anschließend|Reise)\b")
DELEGATE_ROLE = re.compile(r"(?:Delegationsleiter\w*|Delegationsmitglied\w*|Leiter\w* der Delegation)\W*$")
RECEPTION = re.compile(r"\b(?:Empfang|Empfangs)\b")
PRESENT_VERB = re.compile(r"\b(?:präsentiert\w*|stellt\w*\b.*\bvor|gab\b.*\bÜberblick|gibt\b.*\bÜberblick|"
                          r"referiert\w*|erläutert\w*|berichtet\w*|informiert\w*|führt\w*\b.*\bdurch|"
                          r"sprach|spricht|begrüßt\w*|zeigt\w*|diskutiert\w*|vorgestellt)\b")
EVENT_TRIGGERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:Vortragsreihe|Veranstaltungsreihe|Vorlesungsreihe)\w*"), "LectureSeries"),
    (re.compile(r"\b(?:Konferenz|Kongress|Tagung|Gipfel|Summit|Workshop|Forum|Symposium|Roadshow|"
                r"Netzwerktreffen|Fachtagung|Jahrestagung|Veranstaltung)\w*"), "Meeting"),
    (re.compile(r"\b(?:Vortrag|Präsentation|Keynote)\b"), "Presentation"),
    (re.compile(r"\b(?:Messe|Fachmesse|Leitmesse|\w+messe)\b"), "TradeFair"),
    (re.compile(r"\b(?:Wirtschaftsreise|Delegationsreise|Unternehmerreise|Reise)\b"), "Trip"),
]
INVITE = re.compile(r"(?:Auf |auf )?Einladung (?:des|der|von) (?:\w+ )?O(?P<o>\d+)")
VENUE = re.compile(r"\b(?:am|im|beim) O(?P<o>\d+)")
HELD_IN = re.compile(r"\bin C(?P<c>\d+)")
DATE_RANGE_NUM = re.compile(r"(\d{1,2})\.\s*(?:-|–|bis)\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})?")
DATE_RANGE_MONTH = re.compile(r"(\d{1,2})\.\s*(?:-|–|bis)\s*(\d{1,2})\.\s*([A-Za-zäÄ]+)\s*(\d{4})?")
DATE_SINGLE_MONTH = re.compile(r"(\d{1,2})\.\s*([A-Za-zäÄ]+)\s*(\d{4})?")
DATE_SINGLE_NUM = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
YEAR = re.compile(r"\b(20\d\d|19\d\d)\b")


@dataclass
class _Sent:
    sentence: Sentence
    symbols: str
    index: dict[int, Mention]  # placeholder number → mention


@dataclass
class _VisitDraft:
    section: int
    origin: str  # entity IRI of country/city
    origin_kind: str
    sentences: set[int] = field(default_factory=set)
    hosts: dict[str, float] = field(default_factory=dict)
    presenters: dict[str, float] = field(default_factory=dict)
    participants: set[str] = field(default_factory=set)
    super_event: str = ""
    reception: str = ""
    confidence: float = 0.8


def _symbolise(sentence: Sentence, mentions: list[Mention]) -> _Sent:
    text = sentence.text
    base = sentence.start
    out: list[str] = []
    index: dict[int, Mention] = {}
    pos = 0
    own = sorted((m for m in mentions if m.sentence == sentence.index and "embedded" not in dict(m.attrs)
                  and m.kind in _SYMBOL), key=lambda m: (m.start, -(m.end - m.start)))
    n = 0
    for m in own:
        s, e = m.start - base, m.end - base
        if s < pos:
            continue
        out.append(text[pos:s])
        sym = _SYMBOL[m.kind] + str(n)
        if m.kind == "city" and m.attr("adjective"):
            sym += "ADJ"
        out.append(f" {sym} ")
        index[n] = m
        n += 1
        pos = e
    out.append(text[pos:])
    symbols = " ".join(re.findall(r"[A-Z]\d+ADJ|\w+(?:-\w+)*|[^\w\s]", "".join(out)))
    # keep placeholders and words; punctuation as own tokens
    return _Sent(sentence, symbols, index)


class _Builder:
    def __init__(self, article: Article, article_key: str, sentences: list[Sentence], entities: list[Entity],
                 mentions: list[Mention]) -> None:
        self.article = article
        self.key = article_key
        self.sentences = sentences
        self.entities = entities
        self.mentions = mentions
        self.by_mention: dict[tuple[int, int, str], Entity] = {}
        for ent in entities:
            for m in ent.mentions:
                self.by_mention[(m.start, m.end, m.kind)] = ent
        self.sents = [_symbolise(s, mentions) for s in sentences]
        self.statements: list[Statement] = []
        self.seen: set[tuple] = set()
        self.year = self._article_year()
        self.gz = gaz.load()

    # -- helpers ------------------------------------------------------------------------------
    def ent(self, m: Mention | None) -> Entity | None:
        if m is None:
            return None
        return self.by_mention.get((m.start, m.end, m.kind))

    def ev(self, *sentence_idx: int) -> tuple[Evidence, ...]:
        out = []
        for i in sorted(set(sentence_idx)):
            s = self.sentences[i]
            out.append(Evidence(s.index, s.start, s.end, s.text))
        return tuple(out)

    def emit(self, kind: str, roles: list[tuple[str, URIRef]], evidence: tuple[Evidence, ...], conf: float,
             rule: str, attrs: tuple[tuple[str, str], ...] = (), ident: str | None = None) -> Statement:
        ident = ident or "|".join(f"{r}={v}" for r, v in sorted(roles))
        iri = mint_hashed(_IRI_KIND.get(kind, "statement"), self.key, kind, ident)
        st = Statement(kind, iri, tuple(roles), evidence, round(conf, 2), rule, attrs)
        self.statements.append(st)
        return st

    def _article_year(self) -> int | None:
        if self.article.date:
            return self.article.date.year
        years = Counter(int(y) for y in YEAR.findall(self.article.text))
        return years.most_common(1)[0][0] if years else None

    # -- memberships --------------------------------------------------------------------------
    def memberships(self) -> None:
        for st in self.sents:
            found_persons: set[int] = set()
            kinds = {m.kind for m in st.index.values()}
            for rule, rx, conf in (MEMBERSHIP_PATTERNS if {"person", "organisation"} <= kinds else ()):
                for m in rx.finditer(st.symbols):
                    p = self.ent(st.index.get(int(m["p"])))
                    o = self.ent(st.index.get(int(m["o"])))
                    role = st.index.get(int(m["l"])) if m.groupdict().get("l") else None
                    if role is None:
                        role = self._role_near(st, int(m["p"]))
                    if p is None or o is None or p.kind != "person" or o.kind != "organisation":
                        continue
                    self._membership(p, o, role, st.sentence.index, conf, rule)
                    found_persons.add(int(m["p"]))
            # "Prokurist Jörg Kemna" with no organisation in the phrase: the compound prefix
            # ("IHK-Präsidentin") or the organisation most recently in focus
            for m in list(ROLE_PERSON.finditer(st.symbols)) + list(PERSON_ROLE.finditer(st.symbols)):
                pn = int(m["p"])
                if pn in found_persons:
                    continue
                p = self.ent(st.index.get(pn))
                role = st.index.get(int(m["l"]))
                if p is None or p.kind != "person" or role is None:
                    continue
                org = self._org_from_compound(role) or self._focus_org(st.sentence.index, role.start) \
                    or self._org_after(st, p)
                if org is not None:
                    rule = "compound-role" if "-" in role.text else "role-in-context"
                    self._membership(p, org, role, st.sentence.index, 0.75 if "-" in role.text else 0.6, rule)
                    found_persons.add(pn)

        # "Anna Muster und Tim Berg von der O": the organisation belongs to both
        for st in self.sents:
            for m in re.finditer(r"P(?P<a>\d+) (?:, P\d+ )*und P(?P<b>\d+) (?:, )?(?:von der|vom|von|bei der|beim|aus dem|"
                                 r"aus der) O(?P<o>\d+)", st.symbols):
                o = self.ent(st.index.get(int(m["o"])))
                for pn in re.findall(r"P(\d+)", m.group(0)):
                    p = self.ent(st.index.get(int(pn)))
                    if p is not None and o is not None and p.kind == "person" and o.kind == "organisation":
                        self._membership(p, o, None, st.sentence.index, 0.75, "coordinated-persons")
        # "… sagte Anna Muster. Die Geschäftsführerin der O …": the next sentence names her role
        for prev, st in zip(self.sents, self.sents[1:], strict=False):
            m = re.match(r"(?:Die|Der) L(?P<l>\d+) (?:der|des|von der|vom|bei der|beim) O(?P<o>\d+)", st.symbols)
            persons = [self.ent(x) for x in prev.index.values() if self.ent(x) is not None
                       and self.ent(x).kind == "person"]
            if m and persons and prev.sentence.section == st.sentence.section:
                o = self.ent(st.index.get(int(m["o"])))
                if o is not None and o.kind == "organisation":
                    self._membership(persons[-1], o, st.index.get(int(m["l"])), st.sentence.index, 0.6,
                                     "role-in-next-sentence")
        # "Sie folgt auf Reinhard Pohlmann": the predecessor held the post in the same organisation
        for st in self.sents:
            for m in re.finditer(r"\b(?:folgt|folgte|folgen|Nachfolge(?:rin)?|Nachfolger(?:in)? von|ersetzt|beerbt|"
                                 r"löst|löste) (?:auf )?(?:[\w.]+ ){0,2}?P(?P<p>\d+)", st.symbols):
                p = self.ent(st.index.get(int(m["p"])))
                last = next((x for x in reversed(self.statements) if x.kind == "membership"
                             and x.evidence and x.evidence[0].sentence <= st.sentence.index), None)
                if p is None or last is None or last.get("member") == [p.iri]:
                    continue
                org = next((e for e in self.entities if e.iri == last.get("organisation")[0]), None)
                if org is not None:
                    self._membership(p, org, None, st.sentence.index, 0.65, "predecessor")

        # fallback: a person still without an organisation, introduced in a sentence that names exactly one
        self._proximity_memberships()

    def _proximity_memberships(self) -> None:
        """A person with no membership yet belongs to the only organisation named in the sentence that
        introduces them ("…, sagt Anna Muster von …" aside) — a weak rule, confidence 0.5."""
        members = {st.get("member")[0] for st in self.statements if st.kind == "membership"}
        for ent in self.entities:
            if ent.kind != "person" or ent.iri in members or not ent.mentions:
                continue
            first = ent.mentions[0]
            st = self.sents[first.sentence]
            orgs = {str(self.ent(m).iri): self.ent(m) for m in st.index.values()
                    if self.ent(m) is not None and self.ent(m).kind == "organisation"}
            persons = {str(self.ent(m).iri) for m in st.index.values()
                       if self.ent(m) is not None and self.ent(m).kind == "person"}
            if len(orgs) == 1 and len(persons) == 1:
                org = next(iter(orgs.values()))
                self._membership(ent, org, self._role_of(st, first), first.sentence, 0.5, "same-sentence")

    def _role_of(self, st: _Sent, mention: Mention) -> Mention | None:
        for n, m in st.index.items():
            if m is mention:
                return self._role_near(st, n)
        return None

    def _role_near(self, st: _Sent, pnum: int) -> Mention | None:
        m = re.search(rf"L(\d+) P{pnum}\b", st.symbols) or re.search(rf"P{pnum} , (?:\w+ ){{0,2}}L(\d+)", st.symbols)
        return st.index.get(int(m.group(1))) if m else None

    def _org_from_compound(self, role: Mention) -> Entity | None:
        if "-" not in role.text:
            return None
        prefix = role.text.rsplit("-", 1)[0]
        for ent in self.entities:
            if ent.kind == "organisation" and (prefix == ent.label or prefix in ent.aliases
                                               or any(m.text == prefix for m in ent.mentions)):
                return ent
        spaced = prefix.replace("-", " ")
        for ent in self.entities:
            if ent.kind == "organisation" and spaced in (ent.label, *ent.aliases):
                return ent
        # a designator prefix ("IHK-Präsidentin", "Kammer-Sprecher"): the one such organisation of the article
        def names(e: Entity) -> list[str]:
            key = self.gz.by_iri.get(str(e.iri))
            extra = list(self.gz.entries[key].aliases) if key else []
            return [e.label, *e.aliases, *extra]

        matching = [e for e in self.entities if e.kind == "organisation"
                    and any(n.startswith(prefix + " ") or n == prefix for n in names(e))]
        if not matching:
            from ruhrgraph.extract.mentions import _designator

            cls = _designator(prefix)
            matching = [e for e in self.entities if e.kind == "organisation" and cls and e.rdf_class == cls]
        if len(matching) == 1:
            return matching[0]
        for key in self.gz.surface.get(prefix, []):
            entry = self.gz.entries[key]
            if entry.kind == "organisation":
                for ent in self.entities:
                    if str(ent.iri) == str(entry.iri):
                        return ent
        return None

    def _org_after(self, st: _Sent, person: Entity) -> Entity | None:
        """The one organisation named later in the same sentence: "führte Geschäftsführer Kevin Demir die Gäste
        durch die Werkstatt der PflegeTech Ruhr GmbH"."""
        orgs = {str(self.ent(m).iri): self.ent(m) for m in st.index.values()
                if self.ent(m) is not None and self.ent(m).kind == "organisation"
                and m.start > min(x.start for x in person.mentions if x.sentence == st.sentence.index)}
        return next(iter(orgs.values())) if len(orgs) == 1 else None

    def _focus_org(self, sentence: int, before: int) -> Entity | None:
        """The organisation in focus: the last one mentioned before ``before`` in this sentence or the
        previous one of the same section."""
        section = self.sentences[sentence].section
        best: tuple[int, Entity] | None = None
        for ent in self.entities:
            if ent.kind != "organisation":
                continue
            for m in ent.mentions:
                if m.start >= before or "embedded" in dict(m.attrs):
                    continue
                s = self.sentences[m.sentence]
                if s.section != section or sentence - m.sentence > 2:
                    continue
                if best is None or m.start > best[0]:
                    best = (m.start, ent)
        return best[1] if best else None

    def _membership(self, person: Entity, org: Entity, role: Mention | None, sentence: int, conf: float,
                    rule: str) -> None:
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

    # -- locations ----------------------------------------------------------------------------
    def locations(self) -> None:
        # a city inside an organisation's name: "Wirtschaftsförderung Dortmund", "BioMedizinZentrumDortmund"
        for ent in self.entities:
            if ent.kind != "organisation":
                continue
            for m in ent.mentions:
                city = self._city_in_name(m)
                if city is not None:
                    self._location(ent, city, m.sentence, 0.75, "city-in-name")
                    break
        # the gazetteer knows the seat, and the article names that city too
        cities = {str(e.iri): e for e in self.entities if e.kind == "city"}
        for ent in self.entities:
            key = self.gz.by_iri.get(str(ent.iri))
            if ent.kind != "organisation" or key is None or not self.gz.entries[key].city:
                continue
            seat = self.gz.city(self.gz.entries[key].city)
            if seat is not None and str(seat.iri) in cities and ent.mentions:
                self._location(ent, cities[str(seat.iri)], ent.mentions[0].sentence, 0.9, "gazetteer-seat")
        for st in self.sents:
            kinds = {m.kind for m in st.index.values()}
            for rule, rx, conf in (LOCATION_PATTERNS if {"organisation", "city"} <= kinds else ()):
                for m in rx.finditer(st.symbols):
                    o = self.ent(st.index.get(int(m["o"])))
                    c = self.ent(st.index.get(int(m["c"])))
                    if o is not None and c is not None and o.kind == "organisation" and c.kind == "city":
                        self._location(o, c, st.sentence.index, conf, rule)
            for m in ADDRESS.finditer(st.sentence.text):
                street, city_name = m.group(1), m.group(2)
                city = next((e for e in self.entities if e.kind == "city" and (e.label == city_name
                             or city_name in e.aliases)), None)
                org = self._subject_org(st)
                if city is not None and org is not None:
                    self._location(org, city, st.sentence.index, 0.85, "address", street=street)

    def _subject_org(self, st: _Sent) -> Entity | None:
        m = re.search(r"O(\d+)", st.symbols)
        return self.ent(st.index.get(int(m.group(1)))) if m else None

    def _city_in_name(self, m: Mention) -> Entity | None:
        from ruhrgraph.extract.mentions import _city_adjectives

        first = m.text.split()[0] if m.text.split() else ""
        adj_key = _city_adjectives().get(first)  # "Hagener Präzisionsteile GmbH"
        if adj_key:
            return self._ensure_city(self.gz.entries[adj_key], Mention(m.start, m.start + len(first), first, "city",
                                                                       m.sentence, "city-adjective", adj_key))
        for part in re.split(r"[\s-]+", m.text):  # "Gründungsfabrik Essen-Nord"
            entry = self.gz.city(part) if len(part) > 2 else None
            if entry is not None and part != m.text and entry.country == "DE":
                for ent in self.entities:
                    if ent.iri == entry.iri:
                        return ent
        for other in self.mentions:
            if other.kind == "city" and "embedded" in dict(other.attrs) and m.start <= other.start \
                    and other.end <= m.end:
                return self.ent(other)
        # CamelCase suffix: "BioMedizinZentrumDortmund"
        for ent in self.entities:
            if ent.kind == "city" and m.text.endswith(ent.label) and m.text != ent.label and \
                    m.text[-len(ent.label) - 1:-len(ent.label)].isalpha():
                return ent
        for key_form in re.findall(r"[A-ZÄÖÜ][a-zäöüß]+", m.text)[-1:]:
            city_entry = self.gz.city(key_form)
            if city_entry is not None and m.text.endswith(key_form) and m.text != key_form:
                return self._ensure_city(city_entry, m)
        return None

    def _ensure_city(self, entry: gaz.Entry, m: Mention) -> Entity:
        for ent in self.entities:
            if str(ent.iri) == str(entry.iri):
                return ent
        if m.kind == "city":
            city_mention = Mention(m.start, m.end, m.text, "city", m.sentence, m.rule, entry.key, "City", 0.7,
                                   (("embedded", "1"),))
        else:
            city_mention = Mention(m.end - len(entry.name), m.end, entry.name, "city", m.sentence, "name-suffix",
                                   entry.key, "City", 0.7, (("embedded", "1"),))
        ent = Entity(entry.iri, "city", "City", entry.name, (), (city_mention,), entry.same_as, "gazetteer")
        self.entities.append(ent)
        self.by_mention[(city_mention.start, city_mention.end, "city")] = ent
        return ent

    def _location(self, org: Entity, city: Entity, sentence: int, conf: float, rule: str, street: str = "") -> None:
        key = ("location", org.iri, city.iri)
        if key in self.seen:
            return
        self.seen.add(key)
        attrs = (("street", street),) if street else ()
        self.emit("location", [("subject", org.iri), ("place", city.iri)], self.ev(sentence), conf, rule, attrs)

    # -- visits and events ------------------------------------------------------------------
    def visits(self) -> None:
        """Visits: a delegation's origin, its hosts, presenters, reception and trade fair.

        A visit is keyed by its origin. Host evidence (``bei der O``, ``O empfing``, ``besuchte O``,
        a reception, people presenting to the guests) applies to the visits of its own section; a
        section without a visit of its own lends its hosts to the visit before it, and an article
        with a single visit gives it every host sentence of its body.
        """
        drafts: dict[str, _VisitDraft] = {}
        host_sentences: list[tuple[int, list[tuple[str, float]], list[str]]] = []  # (sentence, hosts, presenters)
        section_fairs: dict[int, str] = {}
        receptions: dict[int, tuple[str, list[int]]] = {}
        for st in self.sents:
            sec = st.sentence.section
            raw = st.sentence.text
            kind = self.article.sections[sec].kind if sec < len(self.article.sections) else "body"
            is_deleg = bool(DELEGATION.search(raw))
            is_visitors = bool(VISITORS.search(raw))
            for origin, okind in self._origins(st, is_deleg or is_visitors):
                # one visit per country: "aus Osaka und Kobe" and "aus Japan" are the same delegation
                country = self._country_of(URIRef(origin), okind)
                key = str(country) if country is not None else origin
                d = drafts.get(key)
                if d is None:
                    d = drafts[key] = _VisitDraft(sec, key, "country" if country is not None else okind)
                if origin != key:
                    d.participants.add(origin)
                d.sentences.add(st.sentence.index)
                d.confidence = max(d.confidence, 0.85 if is_deleg else 0.7)
            for m in st.index.values():
                ent = self.ent(m)
                if ent is not None and ent.kind == "event":
                    section_fairs.setdefault(sec, str(ent.iri))
            context = is_deleg or is_visitors or bool(VISIT_VERB.search(raw) or RECEPTION.search(raw)
                                                     or VISIT_CONTEXT.search(raw) or PRESENT_VERB.search(raw))
            if not context or (kind == "title" and not is_deleg):
                continue
            hosts = self._hosts(st)
            presenters = []
            if PRESENT_VERB.search(raw) or RECEPTION.search(raw):
                for n, m in sorted(st.index.items()):
                    ent = self.ent(m)
                    if ent is not None and ent.kind == "person" and not DELEGATE_ROLE.search(raw[:max(0, m.start
                                                                                                   - st.sentence.start)][-40:]):
                        presenters.append(str(ent.iri))
            if RECEPTION.search(raw) and hosts:
                receptions.setdefault(sec, (hosts[0][0], []))[1].append(st.sentence.index)
            if hosts or presenters:
                host_sentences.append((st.sentence.index, hosts, presenters))
        if not drafts:
            return
        if len(drafts) == 1:  # the article is about one visit: local people quoted in it speak for the hosts
            for st in self.sents:
                if self._kind_of(st.sentence.section) != "body" or not SPEECH.search(st.sentence.text):
                    continue
                speakers = [str(self.ent(m).iri) for n, m in st.index.items()
                            if self.ent(m) is not None and self.ent(m).kind == "person"]
                if speakers:
                    host_sentences.append((st.sentence.index, [], speakers))
        visit_sections = {d.section: o for o, d in drafts.items()}
        for si, hosts, presenters in host_sentences:
            sec = self.sentences[si].section
            if len(drafts) == 1:
                targets = list(drafts)
            elif sec in visit_sections:
                targets = [o for o, d in drafts.items() if d.section == sec or si in d.sentences]
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
        for origin, d in sorted(drafts.items()):
            host_roles: list[tuple[str, URIRef]] = [("host", URIRef(o)) for o in sorted(d.hosts)
                                                   if not self._is_visitor_org(URIRef(o), URIRef(origin))]
            for person in sorted(d.presenters):
                host_roles.append(("presenter", URIRef(person)))
                for org in self._affiliations(URIRef(person)):
                    if ("host", org) not in host_roles and not self._is_visitor_org(org, URIRef(origin)):
                        host_roles.append(("host", org))
            if not any(r == "host" for r, _ in host_roles) and len(drafts) == 1:
                # nobody named as host: the local organisations the article's lead talks about
                for st in self.sents:
                    if self._kind_of(st.sentence.section) != "body" or st.sentence.index > min(d.sentences) + 3:
                        continue
                    for m in st.index.values():
                        ent = self.ent(m)
                        if ent is not None and ent.kind == "organisation" and ("host", ent.iri) not in host_roles \
                                and not self._is_visitor_org(ent.iri, URIRef(origin)) \
                                and self._is_local(ent.iri):
                            host_roles.append(("host", ent.iri))
                d.confidence = 0.5
            if not any(r == "host" for r, _ in host_roles):
                continue
            roles = [("origin", URIRef(origin)), *host_roles]
            roles += [("origin", URIRef(city)) for city in sorted(d.participants)]  # the cities they came from
            country = self._country_of(URIRef(origin), d.origin_kind)
            if country is not None and country != URIRef(origin):
                roles.append(("origin", country))
            fair = section_fairs.get(d.section) or (next(iter(section_fairs.values())) if len(section_fairs) == 1
                                                   and len(drafts) == 1 else None)
            if fair:
                roles.append(("superEvent", URIRef(fair)))
            roles += [("sector", s_) for s_ in self._section_sectors(d.section)]
            attrs: list[tuple[str, str]] = [("origin_label", self._label(URIRef(origin)))]
            attrs += self._dates_in(sorted(d.sentences))
            if d.section in receptions:
                host, sis = receptions[d.section]
                rec_roles = list(dict.fromkeys([("host", URIRef(host))] + [r for r in host_roles]))
                rec = self.emit("reception", rec_roles, self.ev(*sis), 0.7, "reception",
                                ident=f"reception|{d.section}")
                roles.append(("subEvent", rec.iri))
            self.emit("visit", roles, self.ev(*d.sentences), d.confidence if d.hosts else 0.6, "visit",
                      tuple(attrs), ident=f"visit|{origin}")

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

    def _kind_of(self, section: int) -> str:
        return self.article.sections[section].kind if section < len(self.article.sections) else "body"

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

    def _origins(self, st: _Sent, trigger: bool) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if not trigger:
            return out
        sym = st.symbols
        # "eine Delegation aus Korea", "Zehn Startups aus Tel Aviv, Haifa und …": "aus" right after the group
        for m in re.finditer(r"\baus (?:dem |der |den )?(?:[\w-]+ ){0,2}?(?P<x>[KC])(?P<n>\d+)"
                             r"(?P<more>(?: (?:,|und|sowie) (?:[KC]\d+))*)", sym):
            before = sym[:m.start()].split()[-6:]
            after = sym[m.end():].split()[:4]  # "Auch aus Dänemark kamen Gäste …"
            if not any(TRIGGER_WORD.search(w) or re.fullmatch(r"L\d+", w) for w in before + after):
                continue
            numbers = [int(m["n"])] + [int(x) for x in re.findall(r"[KC](\d+)", m["more"] or "")]
            for n in numbers:
                ent = self.ent(st.index.get(n))
                if ent is not None and ent.kind in {"country", "city"}:
                    out.append((str(ent.iri), ent.kind))
        # a country adjective qualifying the group: "kanadischer Unternehmen", "eine ungarische Delegation"
        for n, m in st.index.items():
            ent = self.ent(m)
            if ent is None or ent.kind != "country":
                continue
            if m.attr("descriptor"):
                out.append((str(ent.iri), "country"))
            elif m.attr("compound"):
                out.append((str(ent.iri), "country"))  # "US-Startup-Delegation", "China-Besuch"
            elif m.attr("demonym"):
                head, _, tail = sym.partition(f"K{n} ")
                near = head.split()[-2:] + tail.split()[:5]
                noun = m.text[:1].isupper() and m.text.lower() != m.text and not re.search(
                    r"(?:e|en|er|es|em)$", m.text)  # "die Kanadier", "Koreaner" (nouns, not adjectives)
                if noun or any(TRIGGER_WORD.search(w) or re.fullmatch(r"L\d+", w) for w in near):
                    out.append((str(ent.iri), "country"))
        return list(dict.fromkeys(out))

    def _hosts(self, st: _Sent) -> list[tuple[str, float]]:
        out: list[tuple[str, float]] = []
        sym = st.symbols
        patterns = [
            (r"\b(?i:bei der|beim|bei|bei dem|zu Gast bei der|zu Gast beim|zu Gast bei|Besuch der|Besuch des|"
             r"Besuch bei der|Besuch beim|Station bei der|Station beim|an der|an die|ans|im|in der|ins|zur|zum|"
             r"Gelände der|Gelände des|Gelände von|Campus der|Campus des|Werksgelände von|Werksgelände der|"
             r"Werksgelände des|Räumen der|Räumen des) O(\d+)", 0.85),
            (r"\bO(\d+) (?:empfing|empfängt|empfangen|begrüßte|begrüßt|begrüßten|hatte|lud|luden|organisierte|"
             r"organisiert|organisierten|hat|führte|führten|zeigte|zeigten|präsentierte|stellte)", 0.8),
            (r"\b(?:besuchte|besuchten|besucht|besuchen|besichtigte|besichtigten|besichtigt) (?:[\w-]+ ){0,5}?"
             r"(?:die |den |das |der )?O(\d+)", 0.85),
            (r"\b(?:empfing|empfingen|begrüßte|begrüßten|empfängt|begrüßt) (?:\w+ ){0,2}?(?:die|der|das|den) O(\d+)", 0.8),
            (r"\bStation (?:war|waren|ist|bildete|machte) (?:die |der |das |den )?(?:\w+ )?O(\d+)", 0.85),
            (r"\bvon (?:der |dem )?O(\d+) (?:empfangen|eingeladen|begrüßt|organisiert)", 0.85),
            (r"\b(?:Organisiert|Eingeladen|Gastgeber) (?:\w+ ){0,4}?(?:die |der |das |den )?O(\d+)", 0.8),
            (r"\b(?i:empfangen|begrüßt|betreut|eingeladen|begleitet) (?:\w+ ){0,4}?(?:von der|vom|von dem|von|im|in der|"
             r"bei der|beim) O(\d+)", 0.85),
            (r"\b(?:besuchte|besuchten|besucht|besichtigte|besichtigten) (?:[\w-]+ ){0,6}?(?:die|den|das) O(\d+)", 0.85),
            (r"\b(?:Einladung|Initiative) (?:der|des|von) O(\d+)", 0.75),
        ]
        for rx, conf in patterns:
            for m in re.finditer(rx, sym):
                ent = self.ent(st.index.get(int(m.group(1))))
                if ent is not None and ent.kind == "organisation":
                    out.append((str(ent.iri), conf))
        return out

    def _affiliations(self, person: URIRef) -> list[URIRef]:
        return [st.get("organisation")[0] for st in self.statements
                if st.kind == "membership" and st.get("member") == [person]]

    def _country_of(self, place: URIRef, kind: str) -> URIRef | None:
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

    def _section_sectors(self, section: int) -> list[URIRef]:
        counts: Counter[str] = Counter()
        for m in self.mentions:
            if m.kind == "sector" and self.sentences[m.sentence].section == section:
                counts[m.key] += 1
        return [gaz.sector_iri(slug) for slug, _ in sorted(counts.most_common(3))]

    def _dates_in(self, sentence_idx: list[int]) -> list[tuple[str, str]]:
        for i in sentence_idx:
            found = parse_dates(self.sentences[i].text, self.year)
            if found:
                start, end = found
                out = [("startDate", start.isoformat())]
                if end:
                    out.append(("endDate", end.isoformat()))
                return out
        return []

    def events(self) -> None:
        """Trade fairs (with dates) and other events with their participants, venue and inviter."""
        for ent in self.entities:
            if ent.kind != "event":
                continue
            dates: tuple[date, date | None] | None = None
            sis = sorted({m.sentence for m in ent.mentions})
            for si in sis:
                dates = dates or parse_dates(self.sentences[si].text, self.year)
            attrs: list[tuple[str, str]] = [("label", ent.label + (f" {dates[0].year}" if dates else
                                                                   (f" {self.year}" if self.year else "")))]
            if dates:
                attrs.append(("startDate", dates[0].isoformat()))
                if dates[1]:
                    attrs.append(("endDate", dates[1].isoformat()))
            roles: list[tuple[str, URIRef]] = [("fair", ent.iri)]
            for st in (self.sents[i] for i in sis):
                for m in HELD_IN.finditer(st.symbols):
                    c = self.ent(st.index.get(int(m["c"])))
                    if c is not None and c.kind == "city":
                        roles.append(("heldIn", c.iri))
                for m in re.finditer(r"\b([ORK])(\d+) (?:präsentierte sich|präsentiert sich|war|ist|stellte|stellt|"
                                     r"nahm|nimmt)\b[^.]*?\b(?:auf|an) der E\d+", st.symbols):
                    part = self.ent(st.index.get(int(m.group(2))))
                    if part is not None:
                        roles.append(("participant", part.iri))
            self.emit("fair", list(dict.fromkeys(roles)), self.ev(*sis), 0.8, "trade-fair", tuple(attrs),
                      ident=f"fair|{ent.iri}|{attrs[0][1]}")
        for st in self.sents:
            raw = st.sentence.text
            if DELEGATION.search(raw):
                continue
            for rx, cls in EVENT_TRIGGERS:
                tm = rx.search(raw)
                if not tm or cls == "TradeFair":
                    continue
                roles: list[tuple[str, URIRef]] = []  # type: ignore[no-redef]
                for m in INVITE.finditer(st.symbols):
                    o = self.ent(st.index.get(int(m["o"])))
                    if o is not None:
                        roles.append(("invitedBy", o.iri))
                for m in HELD_IN.finditer(st.symbols):
                    c = self.ent(st.index.get(int(m["c"])))
                    if c is not None and c.kind == "city":
                        roles.append(("heldIn", c.iri))
                invited = {r[1] for r in roles if r[0] == "invitedBy"}
                for n, m in st.index.items():
                    e = self.ent(m)
                    if e is not None and e.kind in {"organisation", "region", "person"} and e.iri not in invited:
                        roles.append(("participant", e.iri))
                if not any(r == "participant" for r, _ in roles) or not any(r == "heldIn" for r, _ in roles):
                    continue
                sis = [st.sentence.index]
                # the next sentence of the section often says who spoke where: "Prokurist Jörg Kemna
                # präsentiert … am Chicago Council on Global Affairs"
                nxt = st.sentence.index + 1
                if nxt < len(self.sents) and self.sentences[nxt].section == st.sentence.section:
                    follow = self.sents[nxt]
                    if PRESENT_VERB.search(follow.sentence.text) and not any(
                            r.search(follow.sentence.text) for r, _ in EVENT_TRIGGERS):
                        for m in VENUE.finditer(follow.symbols):
                            o = self.ent(follow.index.get(int(m["o"])))
                            if o is not None:
                                roles.append(("venue", o.iri))
                        for n, m in follow.index.items():
                            e = self.ent(m)
                            if e is not None and e.kind == "person":
                                roles.append(("presenter", e.iri))
                        sis.append(nxt)
                attrs = [("class", cls), ("label", tm.group(0))]
                attrs += self._dates_in(sis)
                self.emit("event", list(dict.fromkeys(roles)), self.ev(*sis), 0.65, "event-trigger",
                          tuple(attrs), ident=f"event|{st.sentence.index}|{cls}")
                break


_IRI_KIND = {"membership": "membership", "visit": "visit", "reception": "event", "event": "event",
             "fair": "event", "location": "statement"}


def parse_dates(text: str, year: int | None) -> tuple[date, date | None] | None:
    """Dates in a sentence: "vom 14. - 17.11.", "vom 3. bis 5. März 2024", "am 12. Mai", "14.11.2023".

    >>> parse_dates("vom 14. - 17.11. stattfindet", 2023)
    (datetime.date(2023, 11, 14), datetime.date(2023, 11, 17))
    """
    def mk(y: int | None, m: int, d: int) -> date | None:
        if y is None:
            return None
        try:
            return date(y, m, d)
        except ValueError:
            return None

    m = DATE_RANGE_NUM.search(text)
    if m:
        y = int(m[4]) if m[4] else year
        a, b = mk(y, int(m[3]), int(m[1])), mk(y, int(m[3]), int(m[2]))
        if a:
            return a, b
    m = DATE_RANGE_MONTH.search(text)
    if m and m[3].lower() in _MONTHS:
        y = int(m[4]) if m[4] else year
        a, b = mk(y, _MONTHS[m[3].lower()], int(m[1])), mk(y, _MONTHS[m[3].lower()], int(m[2]))
        if a:
            return a, b
    m = DATE_SINGLE_NUM.search(text)
    if m:
        a = mk(int(m[3]), int(m[2]), int(m[1]))
        if a:
            return a, None
    for m in DATE_SINGLE_MONTH.finditer(text):
        if m[2].lower() in _MONTHS:
            y = int(m[3]) if m[3] else year
            a = mk(y, _MONTHS[m[2].lower()], int(m[1]))
            if a:
                return a, None
    return None


def derive(article: Article, article_key: str, sentences: list[Sentence], entities: list[Entity],
           mentions: list[Mention]) -> tuple[list[Entity], list[Statement]]:
    """All statements of an article (entities may gain cities found inside names)."""
    b = _Builder(article, article_key, sentences, list(entities), mentions)
    b.memberships()
    b.locations()
    b.events()
    b.visits()
    return b.entities, b.statements
