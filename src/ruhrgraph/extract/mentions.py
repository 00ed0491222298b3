"""Find mentions of organisations, people, places, sectors, events and roles in an article.

Two families of rules work together:

* **lexicon** rules look names up in the gazetteer with spaCy's ``PhraseMatcher`` (organisations,
  cities, countries, regions, trade fairs), and read country adjectives and demonyms
  ("kanadischer", "Koreaner"), periphrases ("der asiatische Stadtstaat"), role nouns and
  sector keywords;
* **pattern** rules find actors no list knows: organisation designators ("Institut für …",
  "Wirtschaftsförderung Dortmund", "… GmbH", "Chicago Council on Global Affairs"), CamelCase
  compounds ("BioMedizinZentrumDortmund"), "Name (ACRONYM)" aliases, names after "von der" next to a
  person, and people by first name, academic title, role noun or speech verb.

Overlapping candidates are resolved longest-first, then by rule priority, so "Martin Hagen" is a
person (not the city Hagen) and "Wirtschaftsförderung Dortmund" an organisation that *contains*
the city Dortmund (kept as an embedded mention for the location rule).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.matcher import PhraseMatcher

from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract.segment import nlp, tokenize
from ruhrgraph.model import Mention, Sentence

RULES_VERSION = "ruhrgraph.rules.v1"

# -- word lists (German grammar, not names) ------------------------------------------------------
FUNCTION_WORDS = frozenset("""
der die das den dem des ein eine einer eines einem einen und oder aber auch als am an auf aus bei beim
bis durch für gegen im in ins mit nach seit über um unter vom von vor zu zum zur so wie wo wer was
dies diese dieser dieses diesem diesen jede jeder jedes jeden jedem alle allen aller sein seine seiner
seinem seinen ihr ihre ihrer ihrem ihren unser unsere unserer unserem unseren es er sie wir ihr man
ist sind war waren wird werden wurde wurden hat haben hatte hatten kann können soll sollen muss müssen
nicht noch nur schon sehr mehr viele vielen neue neuen neuer neues erste ersten heute gestern morgen
dabei dazu damit daher denn doch dort hier jetzt nun insbesondere zudem außerdem ebenfalls gleich
zwei drei vier fünf zehn hundert beide beiden andere anderen weitere weiteren rund etwa knapp
ab gemeinsam zusammen bereits derzeit aktuell künftig zukünftig jährlich seitdem sowie sowohl
""".split())
DETERMINERS = frozenset("der die das den dem des ein eine einer eines einem einen dieser diese dieses "
                        "diesem diesen unser unsere ihr ihre sein seine".split())
TITLES = frozenset("Dr. Prof. Dipl.-Ing. Dr.-Ing. Dipl.-Kfm. Dipl.-Kffr. Mag. Ing. PD Dr.-Ing Dipl.-Ing Dr.rer.nat. "
                   "Dr. med. h.c. Prof.Dr. Dipl.-Kfm Dipl.-Kff. Dipl.-Inform. Dipl.-Inform".split())
HONORIFICS = frozenset({"Frau", "Herr", "Herrn"})
SPEECH_VERBS = frozenset("""sagt sagte sagen erklärt erklärte betont betonte ergänzt ergänzte
meint meinte so freut freute berichtet berichtete unterstreicht unterstrich fasst fasste
resümiert resümierte kommentiert kommentierte""".split())
PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "di", "da", "del", "ten", "ter", "al",
                       "el", "bin", "le", "la", "dos", "du"})
LEGAL_FORMS = ("GmbH & Co. KG", "GmbH & Co KG", "gGmbH", "GmbH", "mbH", "AG", "SE", "KGaA", "KG", "OHG",
               "UG", "e. V.", "e.V.", "eG", "Inc.", "Inc", "Ltd.", "Ltd", "LLC", "Corp.", "S.A.",
               "B.V.", "N.V.", "S.p.A.", "plc", "PLC", "Pte. Ltd.", "Oy", "AB", "A/S", "GbR", "PartG", "Pvt. Ltd.",
               "Sp. z o.o.", "S.A. de C.V.", "S.A.", "SAS", "SARL", "S.r.l.", "Kft.", "Zrt.", "A.Ş.", "a.s.",
               "s.r.o.", "OÜ", "JSC", "Co., Ltd.", "Co. Ltd.", "K.K.", "Pty Ltd", "BV", "NV", "SpA", "Srl", "GmbH & Co. KGaA")
# organisation designators → rg: class
DESIGNATORS: dict[str, str] = {
    "Universität": "University", "Hochschule": "University", "Fachhochschule": "University",
    "University": "University", "Akademie": "University", "School": "University", "College": "University",
    "Institut": "ResearchInstitute", "Institute": "ResearchInstitute", "Forschungszentrum": "ResearchInstitute",
    "Zentrum": "ResearchInstitute", "Center": "ResearchInstitute", "Centre": "ResearchInstitute",
    "Labor": "ResearchInstitute", "Lab": "ResearchInstitute", "Labs": "ResearchInstitute",
    "Campus": "Organisation",
    "Wirtschaftsförderung": "EconomicDevelopmentAgency", "Wirtschaftsentwicklung": "EconomicDevelopmentAgency",
    "Wirtschaftsförderungsgesellschaft": "EconomicDevelopmentAgency", "Standortmarketing": "EconomicDevelopmentAgency",
    "Entwicklungsgesellschaft": "EconomicDevelopmentAgency", "Agentur": "EconomicDevelopmentAgency",
    "Agency": "EconomicDevelopmentAgency",
    "IHK": "ChamberOfCommerce", "Handwerkskammer": "ChamberOfCommerce", "Handelskammer": "ChamberOfCommerce",
    "Industrie- und Handelskammer": "ChamberOfCommerce", "Kammer": "ChamberOfCommerce",
    "Chamber": "ChamberOfCommerce", "AHK": "ChamberOfCommerce", "HWK": "ChamberOfCommerce",
    "Netzwerk": "Network", "Cluster": "Network", "Initiative": "Network", "Initiativkreis": "Network",
    "Allianz": "Network", "Verbund": "Network", "Plattform": "Network", "Hub": "Network", "Bündnis": "Network",
    "Network": "Network", "Alliance": "Network",
    "Verband": "Association", "Verein": "Association", "Vereinigung": "Association",
    "Association": "Association", "Gesellschaft": "Association", "Society": "Association",
    "Arbeitgeberverband": "Association", "Council": "Association", "Forum": "Network",
    "Stiftung": "Foundation", "Foundation": "Foundation",
    "Ministerium": "PublicAuthority", "Bundesministerium": "PublicAuthority", "Landesministerium": "PublicAuthority",
    "Bezirksregierung": "PublicAuthority", "Regionalverband": "PublicAuthority", "Landesregierung": "PublicAuthority",
    "Stadtverwaltung": "PublicAuthority", "Botschaft": "PublicAuthority", "Generalkonsulat": "PublicAuthority",
    "Konsulat": "PublicAuthority", "Ministry": "PublicAuthority", "Authority": "PublicAuthority",
    "Behörde": "PublicAuthority", "Landesamt": "PublicAuthority", "Bundesamt": "PublicAuthority",
    "Messe": "TradeFairOrganiser", "Museum": "Organisation", "Klinikum": "Organisation",
    "Universitätsklinikum": "Organisation", "Krankenhaus": "Organisation", "Fabrik": "Organisation",
    "Genossenschaft": "Company", "Kolleg": "University", "Schule": "Organisation", "Ausschuss": "Association",
    "Kammern": "ChamberOfCommerce",
    "Stadtwerke": "Company", "Sparkasse": "Company", "Bank": "Company", "Holding": "Company", "Gruppe": "Company",
    "Group": "Company", "Werke": "Company", "Management": "Company", "Consulting": "Company",
    "Technologies": "Company", "Solutions": "Company", "Systems": "Company", "Logistics": "Company",
    "Corporation": "Company", "Company": "Company", "Partners": "Company", "Hafen": "Company",
    "Chemicals": "Company", "Energy": "Company", "Robotics": "Company", "Technology": "Company",
    "Software": "Company", "Analytics": "Company", "Ventures": "Company", "Capital": "Company",
    "Industries": "Company", "Trading": "Company", "Motors": "Company", "Pharma": "Company",
    "Services": "Company", "Engineering": "Company", "Automation": "Company", "Materials": "Company",
    "Studios": "Company", "Studio": "Company", "Games": "Company", "Media": "Company", "Devices": "Company",
    "Shipping": "Company", "Logistik": "Company", "Odası": "ChamberOfCommerce",
}
# compounds ending in these are designators too ("Fraunhofer-Institut", "Innovationszentrum")
DESIGNATOR_SUFFIXES = (("institut", "ResearchInstitute"), ("zentrum", "ResearchInstitute"),
                       ("universität", "University"), ("hochschule", "University"),
                       ("kammer", "ChamberOfCommerce"), ("verband", "Association"),
                       ("stiftung", "Foundation"), ("netzwerk", "Network"), ("agentur", "EconomicDevelopmentAgency"),
                       ("ministerium", "PublicAuthority"), ("gesellschaft", "Association"),
                       ("cluster", "Network"), ("initiative", "Network"), ("förderung", "EconomicDevelopmentAgency"),
                       ("fabrik", "Organisation"), ("museum", "Organisation"), ("klinikum", "Organisation"),
                       ("ausschuss", "Association"), ("verbund", "Network"))
NAME_CONNECTORS = frozenset({"für", "und", "&", "der", "des", "zu", "an", "on", "of", "for", "and", "the",
                             "de", "du", "in", "am", "im", "-", "–"})
GERMAN_CONNECTORS_AFTER_HEAD = frozenset({"für", "der", "des", "zur", "zum", "zu", "an", "am", "im",
                                          "in", "on", "of", "for"})
_CAMEL = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[A-ZÄÖÜ][a-zäöüß0-9]+)+$|^[A-ZÄÖÜ]{2,}[a-zäöüß]+[A-ZÄÖÜ][a-zäöüß]+")
_CAMEL_STOP = frozenset({"YouTube", "LinkedIn", "PowerPoint", "JavaScript", "WhatsApp", "iPhone", "TikTok",
                         "PayPal", "McKinsey", "DeepMind", "OpenAI", "GitHub", "HafenCity", "NewsArticle",
                         "WebPage", "TypeScript", "PowerShell", "SharePoint"})
_ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-Za-zÄÖÜ0-9.&-]{1,9}$")
ACRONYM_STOP = frozenset("""CEO CTO CFO COO KI IT EU USA UK NRW BRD DDR CO2 MINT BIP PV ÖPNV ID PDF URL
EUR USD GW MW KW LNG UN UNO OECD WTO NATO FAQ PR TV KMU FH DAX SPD CDU FDP AfD HR AG GmbH ICT HQ
ESG F&E FuE B2B B2C CO E-Mail SUV""".split())
# place names that are also common words: a city only after "in", "aus", "nach" or "Stadt"
NOT_CITIES_ALONE = frozenset({"Norden", "Süden", "Westen", "Osten", "Mitte", "Linden", "Wetter", "Kamen",
                              "Alpen", "Lage", "Hof", "Heide", "Leer", "Roth", "Singen", "Bad", "Marken"})
_ENGLISH_HEADS = frozenset({"Council", "Institute", "University", "Association", "Foundation", "Agency", "Chamber",
                            "Center", "Centre", "Authority", "Board", "Corporation", "Society", "Alliance", "Network",
                            "Ministry", "Organization", "Organisation", "Port", "Service", "Services", "Hub"})
# generic nouns that describe a company in front of its name: "die Tochter Sarvam Infotech Europe GmbH",
# "das Bochumer Startup ShieldLoop", "der Zulieferer Kisalföld Metall Kft."
DESCRIPTOR_HEADS = ("unternehmen", "unternehmens", "tochter", "tochterfirma", "spedition", "startup", "startups",
                    "start-up", "start-ups", "gesellschaft", "zulieferer", "zulieferers", "bauer", "bauers",
                    "hersteller", "herstellers", "anbieter", "anbieters", "dienstleister", "dienstleisters",
                    "betreiber", "betreibers", "konzern", "konzerns", "firma", "händler", "händlers", "entwickler",
                    "entwicklers", "produzent", "produzenten", "ausrüster", "ausrüsters", "spezialist",
                    "spezialisten", "versorger", "versorgers", "partner", "partners", "kunde", "kunden", "marke",
                    "plattform", "software", "firmen", "mittelständler", "mittelständlers", "familienunternehmen",
                    "betrieb", "betriebs", "dachgesellschaft", "muttergesellschaft", "gruppe", "sparte", "manufaktur",
                    "bahngesellschaft", "logistikunternehmen", "büro", "büros", "planungsbüro", "ingenieurbüro",
                    "softwarehaus", "softwarehauses", "agenturen", "dienstleistungsunternehmen")
# trade nouns that form a name with what follows: "Tischlerei Vogelsang & Töchter", "Privatbrauerei Heinrich Kolbe"
TRADE_HEADS = ("brauerei", "tischlerei", "schreinerei", "bäckerei", "metzgerei", "druckerei", "gärtnerei",
               "kanzlei", "apotheke", "autohaus", "verlag", "werft", "reederei", "brennerei",
               "weberei", "gießerei", "schmiede", "werkstatt", "praxis", "zeche", "spedition", "agentur")
SUBUNITS = frozenset({"Lehrstuhl", "Lehrstuhls", "Fachbereich", "Fachbereichs", "Fakultät", "Abteilung", "Bereich",
                      "Bereichs", "Team", "Teams", "Arbeitsgruppe", "Referat", "Referats", "Dezernat", "Dezernats",
                      "Fachgebiet", "Fachgebiets", "Geschäftsbereich", "Geschäftsbereichs", "Ressort", "Ressorts",
                      "Vorstand", "Vorstands", "Aufsichtsrat", "Aufsichtsrats", "Kuratorium", "Kuratoriums",
                      "Vorstellung", "Projekt", "Projekts", "Programm", "Programms", "Studiengang", "Studiengangs"})
GENERIC_TAILS = frozenset({"Stadt", "Region", "Provinz", "Landes", "Kommune", "Gemeinde", "Kreises", "Regierung",
                           "Stadtverwaltung", "Wirtschaft", "Branche", "Universität", "Hochschule", "Zukunft"})
REGION_WORDS = frozenset({"Ruhr", "Rhein-Ruhr", "NRW", "Westfalen", "Rheinland", "Emscher-Lippe", "Niederrhein",
                          "Sauerland", "Münsterland", "Ostwestfalen", "OWL", "Südwestfalen", "Ruhrgebiet"})
# foreign-language designators that open a name: "Cámara de Comercio de Sevilla", "Instituto …"
FOREIGN_HEADS = frozenset({"Cámara", "Camara", "Câmara", "Sindicato", "Instituto", "Istituto", "Centro",
                           "Universidad", "Universidade", "Università", "Université", "Fundación", "Fundação",
                           "Agencia", "Agência", "Agence", "Chambre", "Office", "Gemeente", "Kamer", "Izba",
                           "Komora", "Confederación", "Associação", "Asociación", "Corporación", "Consejo", "Institute",
                           "Ministerio", "Ministério", "Ministère", "Banco", "Grupo", "Società", "Compañía"})
# English words that make an agency name with a place: "Business Metropole Ruhr", "Invest in Bavaria"
PLACE_BRANDS = frozenset({"Business", "Invest", "Startup", "Enterprise", "Visit", "Team", "Digital"})
# German generic business nouns: after a city adjective they make the name ("Hertener Stadtwerke GmbH")
GENERIC_BUSINESS = ("werke", "betriebe", "teile", "bau", "technik", "gesellschaft", "bank", "kasse", "versorgung",
                    "wasser", "energie", "verkehr", "wohnen", "hafen", "zoo", "brauerei", "metall", "druck",
                    "stahl", "logistik", "verlag", "bäder", "entsorgung", "wirtschaftsbetriebe", "gewerbe")
ROMANCE_CONNECTORS = frozenset({"de", "del", "de la", "la", "da", "do", "dos", "das", "des", "di", "du", "y", "e",
                                "et", "ve", "van", "&", "-"})
ENGLISH_CONNECTORS = frozenset({"on", "of", "for", "and", "&", "the", "de", "du", "del", "da", "di", "y"})
_LOWER_ADJECTIVE = re.compile(r"(?:isch|lich|al|iv|ig|ell|är|ar|bar|iert|wandt|neu|ün|ern|ut|och|sam|haft|los|ant|ent)"
                              r"(?:e|en|er|es|em)$")
_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][\w-]*(?:e|en|er|es|em)$")
STREET_WORDS = ("Straße", "Str.", "Weg", "Allee", "Platz", "Ring", "Chaussee", "Damm", "Tor", "Landstraße")
GEO_PREPOSITIONS = frozenset({"in", "aus", "nach", "bei", "von", "im", "ins", "nahe", "um"})
ORG_PREPS = ("von der", "vom", "von", "bei der", "beim", "bei", "der", "des", "im", "am", "an der")

_PRIORITY = {"organisation": 80, "person": 85, "event": 75, "country": 70, "region": 68, "continent": 67,
             "city": 65, "role": 40, "sector": 20}


@dataclass(frozen=True)
class _Cand:
    start_tok: int
    end_tok: int  # exclusive
    kind: str
    rule: str
    key: str = ""
    rdf_class: str = ""
    confidence: float = 0.8
    text: str = ""
    priority: int = 0
    attrs: tuple[tuple[str, str], ...] = ()


# -- lexicon matchers (built once per process) --------------------------------------------------

@functools.lru_cache(maxsize=1)
def _phrase_matcher() -> PhraseMatcher:
    gz = gaz.load()
    matcher = PhraseMatcher(nlp().vocab, attr="ORTH")
    forms: set[str] = set()
    for form in gz.surface:
        forms.add(form)
        if form.isupper() and len(form) > 3:  # MEDICA → Medica
            forms.add(form.capitalize())
    matcher.add("GAZETTEER", list(nlp().tokenizer.pipe(sorted(forms))))
    return matcher


@functools.lru_cache(maxsize=1)
def _legal_form_tokens() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Legal forms as token sequences, indexed by their first token (longest first)."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for form in LEGAL_FORMS:
        parts = tuple(t.text for t in nlp().make_doc(form))
        out.setdefault(parts[0], []).append((form, parts))
    for forms in out.values():
        forms.sort(key=lambda fp: -len(fp[1]))
    return out


@functools.lru_cache(maxsize=1)
def _sector_regex() -> re.Pattern[str] | None:
    gz = gaz.load()
    words = sorted(gz.sector_keywords, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) + (r"\w*" if len(w) >= 5 else r"\b") for w in words)
    return re.compile(r"(?<![\w-])(?:" + alternatives + ")", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _city_adjectives() -> dict[str, str]:
    """'Dortmunder' → city key; built from German city names ending in a consonant."""
    gz = gaz.load()
    out: dict[str, str] = {}
    for key, entry in gz.entries.items():
        if entry.kind != "city" or entry.country != "DE":
            continue
        for name in (entry.name, *entry.aliases):
            if " " in name or "-" in name or not name[-1:].isalpha():
                continue
            adj = name + ("r" if name.endswith("e") else "er")
            if adj not in gz.surface:
                out.setdefault(adj, key)
    return out


def _is_cap(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


@functools.lru_cache(maxsize=65536)
def _designator(text: str) -> str:
    """The rg: class a designator word signals, or ''."""
    if text in DESIGNATORS:
        return DESIGNATORS[text]
    base = text[:-2] if text.endswith("es") and text[:-2] in DESIGNATORS else (
        text[:-1] if text.endswith("s") and text[:-1] in DESIGNATORS else "")
    if base:
        return DESIGNATORS[base]
    low = text.lower().rstrip("s")
    for suffix, cls in DESIGNATOR_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            return cls
    return ""


@functools.lru_cache(maxsize=65536)
def _nominative(text: str) -> str:
    """'Instituts' → 'Institut', 'Verbandes' → 'Verband' for designator words in the genitive."""
    for cut in ("es", "s"):
        if text.endswith(cut):
            stem = text[: -len(cut)]
            if stem in DESIGNATORS or any(stem.lower().endswith(s) for s, _ in DESIGNATOR_SUFFIXES):
                return stem
    return text


class _Finder:
    """Mention finder for one article (tokens of the whole text, sentences with offsets)."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.gz = gaz.load()
        self.text = text
        self.sentences = sentences
        self.doc = tokenize(text)
        self.toks = list(self.doc)
        self.words = [t.text for t in self.toks]
        nxt, self.next_english_head = len(self.words) + 99, [0] * len(self.words)
        for k in range(len(self.words) - 1, -1, -1):  # position of the next English designator after k
            self.next_english_head[k] = nxt
            if self.words[k] in _ENGLISH_HEADS:
                nxt = k
        self.spaces = [("\n" in w or not w.strip()) for w in self.words]
        self.cands: list[_Cand] = []
        self._sent_of_tok = self._map_sentences()

    def _map_sentences(self) -> list[int]:
        out = []
        si = 0
        for t in self.toks:
            while si < len(self.sentences) - 1 and t.idx >= self.sentences[si].end:
                si += 1
            out.append(self.sentences[si].index if self.sentences else 0)
        return out

    # -- helpers ------------------------------------------------------------------------
    def t(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def same_sentence(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.toks) and 0 <= j < len(self.toks) and self._sent_of_tok[i] == self._sent_of_tok[j]

    def is_space(self, i: int) -> bool:
        return i < len(self.spaces) and self.spaces[i]

    def sentence_start(self, i: int) -> bool:
        return i == 0 or not self.same_sentence(i - 1, i) or self.is_space(i - 1)

    def add(self, start: int, end: int, kind: str, rule: str, **kw: object) -> None:
        if start >= end or end > len(self.toks):
            return
        if any(self.is_space(k) for k in range(start, end)):
            return
        if not self.same_sentence(start, end - 1):
            return
        priority = kw.pop("priority", _PRIORITY.get(kind, 10))
        self.cands.append(_Cand(start, end, kind, rule, priority=priority, **kw))  # type: ignore[arg-type]

    def cap_run(self, i: int, limit: int = 6, allow_connectors: bool = True,
                connectors: frozenset[str] = NAME_CONNECTORS) -> int:
        """End (exclusive) of a run of name tokens starting at ``i``."""
        j = i
        last_good = i
        while j < len(self.toks) and j - i < limit + 3:
            w = self.t(j)
            if self.is_space(j) or not self.same_sentence(i, j):
                break
            if _is_cap(w) or _CAMEL.match(w) or w in LEGAL_FORMS or (w[:1].isdigit() and j > i):
                if w.lower() in FUNCTION_WORDS and j == i:
                    break
                if self.gz.role_for(w) and j > i:
                    break
                j += 1
                last_good = j
                if last_good - i >= limit:
                    break
                continue
            if allow_connectors and w in connectors and j > i:
                look = j + 1
                while self.t(look) in connectors and look - j < 3:
                    look += 1
                if _is_cap(self.t(look)) and self.same_sentence(j, look):
                    j = look
                    continue
            break
        return last_good

    # -- lexicon --------------------------------------------------------------------------
    def lexicon(self) -> None:
        gz = self.gz
        for _match_id, start, end in _phrase_matcher()(self.doc):
            form = self.doc[start:end].text
            for key in gz.surface.get(form) or gz.surface.get(form.upper()) or []:
                entry = gz.entries[key]
                kind = {"region": "continent" if entry.rdf_class == "Continent" else "region"}.get(
                    entry.kind, entry.kind)
                conf = 0.95 if len(form) > 3 else 0.85
                if kind == "city" and not self._city_context_ok(start, end, entry):
                    continue
                self.add(start, end, kind, "gazetteer", key=key, rdf_class=entry.rdf_class, confidence=conf)
        for i, tok in enumerate(self.toks):
            w = tok.text
            key = gz.demonyms.get(w)
            if key and key != "country:DE":
                nxt = self.t(i + 1)
                if w[:1].islower() and not _is_cap(nxt):
                    continue  # an adjective must qualify a noun: "kanadischer Unternehmen"
                self.add(i, i + 1, "country", "demonym", key=key, rdf_class="Country", confidence=0.8,
                         attrs=(("demonym", "1"),))
            if gz.role_for(w):
                self.add(i, i + 1, "role", "role-noun", key=w)
            elif "-" in w and re.search(r"(?:[Dd]elegation|[Bb]esuch|[Rr]eise|[Gg]äste)\w*$", w):
                prefix = w.split("-", 1)[0]  # "US-Startup-Delegation", "China-Besuch"
                key = next((k for k in gz.surface.get(prefix, []) if k.startswith("country:")), None) \
                    or gz.demonyms.get(prefix.lower()) or gz.demonyms.get(prefix)
                if key:
                    self.add(i, i + 1, "country", "demonym", key=key, rdf_class="Country", confidence=0.75,
                             attrs=(("compound", "1"), ("demonym", "1")))
            elif "-" in w and gz.city(w.split("-", 1)[0]) is not None and _is_cap(w.split("-", 1)[1]) \
                    and gz.city(w.split("-", 1)[0]).country == "DE" and not gz.surface.get(w):
                city = gz.city(w.split("-", 1)[0])  # a city district: "Dortmund-Wambel", "Hamm-Uentrop"
                self.add(i, i + 1, "city", "district", key=city.key, rdf_class="City", confidence=0.75,
                         attrs=(("district", w),))
            elif "-" in w and w[:1] != "-":  # "duisport-Gruppe": a known organisation in a compound
                prefix = w.split("-", 1)[0]
                for key in gz.surface.get(prefix, []):
                    if key.startswith("organisation:"):
                        self.add(i, i + 1, "organisation", "gazetteer-compound", key=key,
                                 rdf_class=gz.entries[key].rdf_class, confidence=0.8)
                        break
            city_key = _city_adjectives().get(w)
            if city_key and not self.t(i + 1).startswith(STREET_WORDS) and not w.endswith(STREET_WORDS):
                self.add(i, i + 1, "city", "city-adjective", key=city_key, rdf_class="City", confidence=0.7,
                         attrs=(("adjective", "1"),))
        named = {c.key for c in self.cands}
        for desc in gz.descriptors:
            if desc.requires_mention and desc.target not in named:
                continue
            for m in desc.pattern.finditer(self.text):
                span = self.doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    kind = desc.target.split(":", 1)[0]
                    self.add(span.start, span.end, kind, "descriptor", key=desc.target,
                             rdf_class=gz.entries[desc.target].rdf_class, confidence=0.7,
                             attrs=(("descriptor", "1"),))
        rx = _sector_regex()
        if rx is not None:
            for m in rx.finditer(self.text):
                span = self.doc.char_span(m.start(), m.end(), alignment_mode="expand")
                word = m.group(0).lower()
                slug = gz.sector_keywords.get(word) or next(
                    (s for k, s in gz.sector_keywords.items() if word.startswith(k)), "")
                if span is not None and slug:
                    self.add(span.start, span.end, "sector", "sector-keyword", key=slug, confidence=0.7)

    def _city_context_ok(self, start: int, end: int, entry: gaz.Entry) -> bool:
        """Reject a city reading of a common word ("das Essen", "die Alpen" …)."""
        prev = self.t(start - 1).lower()
        if entry.name in NOT_CITIES_ALONE and not (prev in {"in", "aus", "nach"} or self.t(start - 1) == "Stadt"):
            return False
        if entry.name in self.gz.first_names and self.t(end)[:1].isupper() and prev not in GEO_PREPOSITIONS:
            return False  # "Charlotte Imhof": a first name, not the city
        if prev in {"das", "beim", "zum", "vom", "gutes", "ein", "kein", "leckeres", "gemeinsames"} \
                and self.t(end)[:1].islower():
            return False
        if entry.country != "DE" and entry.population < 500_000 and prev not in GEO_PREPOSITIONS and (
                (_is_cap(self.t(start - 1)) and not self.sentence_start(start)) or (_is_cap(self.t(end))
                and self.t(end) not in {"und", "oder"})):
            return False  # "Digital Hub", "Enterprise Estonia", "Kemal Aydın": part of a longer name
        return True

    # -- organisation patterns ---------------------------------------------------------------
    def organisations(self) -> None:
        n = len(self.toks)
        for i in range(n):
            w = self.t(i)
            if self.is_space(i):
                continue
            # legal form: "LogiTrans Ruhr AG", "Netzwerk Logistik e. V."
            legal = self._legal_form_at(i)
            if legal:
                start = i
                while start > 0 and self.same_sentence(start - 1, i):
                    p = self.t(start - 1)
                    if ((_is_cap(p) or _CAMEL.match(p) or p in {"&", "-"}) and p.lower() not in FUNCTION_WORDS \
                            and not self.gz.role_for(p) and not (p in HONORIFICS or p in TITLES) \
                            and not self.sentence_start(start - 1)) or (
                            _is_cap(p) and self.sentence_start(start - 1) and p.lower() not in FUNCTION_WORDS
                            and not _descriptor(p)):
                        start -= 1
                        continue
                    if p in {"und", "für", "del", "de", "la", "di", "da", "van"} and start - 2 >= 0 \
                            and _is_cap(self.t(start - 2)) and start < i and (p in {"und", "für"}
                                                                              or _is_cap(self.t(start))):
                        start -= 1
                        continue
                    if start == i and p.isalpha() and p.islower() and p not in FUNCTION_WORDS and len(p) > 2:
                        start -= 1  # a lower-case brand: "sequa gGmbH", "adesso SE"
                    break
                while start < i - 1 and (_descriptor(self.t(start)) or self.t(start) in SUBUNITS
                                         or (self.t(start) in _city_adjectives() and (
                                             _descriptor(self.t(start + 1))
                                             or not self.t(start + 1).lower().endswith(GENERIC_BUSINESS)))):
                    start += 1  # "das Wittener Startup Lumetric Devices GmbH" → "Lumetric Devices GmbH"
                while start < i and self.t(start) in {"&", "-", "und", "für", "del", "de", "la", "der"}:
                    start += 1
                if start < i:
                    self.add(start, i + legal, "organisation", "legal-form", rdf_class=_legal_class(self.t(i)),
                             confidence=0.9)
            # designator heads
            cls = _designator(w)
            if cls and _is_cap(w):
                self._designator_name(i, cls)
            # foreign designators: "Cámara de Comercio de Sevilla"; place brands: "Business Metropole Ruhr"
            if (w in FOREIGN_HEADS and _is_cap(self.t(i + 1))) or (
                    w in FOREIGN_HEADS and self.t(i + 1) in ROMANCE_CONNECTORS and _is_cap(self.t(i + 2))):
                end = self.cap_run(i + 1, limit=6, connectors=ROMANCE_CONNECTORS) if _is_cap(self.t(i + 1)) \
                    else self.cap_run(i + 2, limit=6, connectors=ROMANCE_CONNECTORS)
                self.add(i, end, "organisation", "foreign-designator", rdf_class=_designator(w) or "Organisation",
                         confidence=0.75)
            if w in PLACE_BRANDS and (self._place_at(i + 1) or (self.t(i + 1) == "in" and self._place_at(i + 2))):
                n = self._place_at(i + 1) or 1 + self._place_at(i + 2)
                self.add(i, i + 1 + n, "organisation", "place-brand", rdf_class="EconomicDevelopmentAgency",
                         confidence=0.7)
            # trade nouns forming a name: "Tischlerei Vogelsang & Töchter", "Privatbrauerei Heinrich Kolbe"
            low = w.lower()
            if _is_cap(w) and any(low.endswith(h) for h in TRADE_HEADS) and _is_cap(self.t(i + 1)) \
                    and self.t(i + 1).lower() not in FUNCTION_WORDS and not self._place_at(i + 1):
                end = self.cap_run(i + 1, limit=3, connectors=frozenset({"&", "und"}))
                if end > i + 1 and not any(self._legal_form_at(m) for m in range(i + 1, end + 1)):
                    if self.t(end) in {"Söhne", "Töchter", "Partner"} or self.t(end - 1) in {"Söhne", "Töchter"}:
                        end = max(end, i + 2)
                    self.add(i, end, "organisation", "trade-name", rdf_class="Company", confidence=0.75)
            # CamelCase compounds
            if _CAMEL.match(w) and w not in _CAMEL_STOP and len(w) >= 6 and w not in self.gz.surface:
                cls2 = ""
                for part in re.findall(r"[A-ZÄÖÜ][a-zäöüß0-9]+", w):
                    cls2 = cls2 or _designator(part)
                self.add(i, i + 1, "organisation", "camelcase", rdf_class=cls2 or "Organisation", confidence=0.75)
            # Name (ACRONYM)
            if w == "(" and i > 0 and _ACRONYM.match(self.t(i + 1)) and self.t(i + 2) == ")":
                acr = self.t(i + 1)
                if acr in ACRONYM_STOP or acr in self.gz.demonyms:
                    continue
                end = i
                start = end - 1
                while start > 0 and self.same_sentence(start - 1, end - 1) and (
                        _is_cap(self.t(start - 1)) or self.t(start - 1) in NAME_CONNECTORS - {"-", "–"}) \
                        and self.t(start - 1).lower() not in DETERMINERS:
                    start -= 1
                while start < end and not _is_cap(self.t(start)):
                    start += 1
                if start < end and _initials_match(acr, [self.t(k) for k in range(start, end)]):
                    self.add(start, end, "organisation", "acronym-definition", confidence=0.85,
                             attrs=(("acronym", acr),))
                    self.add(i + 1, i + 2, "organisation", "acronym", confidence=0.85,
                             attrs=(("acronym-of", self.text[self.toks[start].idx:self.toks[end - 1].idx
                                                             + len(self.t(end - 1))]),))
            # an unknown acronym after "bei der", "von der", "mit der" …: "bei der BMR"
            if _ACRONYM.match(w) and w.isupper() and 2 <= len(w) <= 6 and w not in ACRONYM_STOP \
                    and w not in self.gz.surface and w not in self.gz.demonyms and i >= 2 \
                    and self.t(i - 1) in {"der", "dem", "des", "die"} \
                    and self.t(i - 2).lower() in {"bei", "von", "mit", "für", "durch", "an", "zu", "auf", "über",
                                                  "gegenüber", "seitens", "laut"} \
                    and not _is_cap(self.t(i + 1)):
                self.add(i, i + 1, "organisation", "acronym-context", rdf_class="Organisation", confidence=0.6,
                         attrs=(("acronym", w),))
            # English names with designators: "Chicago Council on Global Affairs"
            if _is_cap(w) and self.next_english_head[i] - i <= 8 and (
                    i == 0 or not _is_cap(self.t(i - 1)) or self.sentence_start(i)):
                end = self.cap_run(i, limit=8, connectors=ENGLISH_CONNECTORS)
                words = [self.t(k) for k in range(i, end)]
                if len(words) >= 2 and any(x in _ENGLISH_HEADS for x in words[1:]):
                    start = i + 1 if self.t(i).lower() in FUNCTION_WORDS else i
                    self.add(start, end, "organisation", "english-name",
                             rdf_class=next((_designator(x) for x in words[::-1] if _designator(x)), "Organisation"),
                             confidence=0.8)

    def _legal_form_at(self, i: int) -> int:
        """Number of tokens of a legal form starting at token ``i`` (0 if none)."""
        w = self.t(i)
        forms = _legal_form_tokens().get(w, ())
        if not forms and w.endswith(".") and len(w) > 2:  # "… GmbH." at the end of a sentence
            forms = [(f, p) for f, p in _legal_form_tokens().get(w[:-1], ()) if len(p) == 1]
            if forms:
                return 1
        for form, parts in forms:
            if all(self.t(i + k) == part for k, part in enumerate(parts)):
                if form in {"AG", "SE", "AB", "Oy", "KG"} and (i == 0 or not _is_cap(self.t(i - 1))):
                    return 0
                return len(parts)
        return 0

    def _designator_name(self, i: int, cls: str) -> None:
        """Names built around a designator word at token ``i``."""
        w = self.t(i)
        prev = self.t(i - 1).lower()
        start = i
        # a preceding name part: "Fraunhofer-Institut", "Ruhr-Universität" are one token; "Innovation City
        # Management" — capitalised words before an English designator belong to the name
        if w in {"Management", "Consulting", "Technologies", "Solutions", "Systems", "Logistics", "Group",
                 "Partners", "Hub", "Lab", "Labs", "Network", "Holding", "Werke", "Gruppe", "Council",
                 "Center", "Centre", "Alliance", "Forum", "Campus", "Cluster", "Hafen", "Chemicals", "Energy",
                 "Robotics", "Technology", "Software", "Analytics", "Ventures", "Capital", "Industries", "Trading",
                 "Motors", "Pharma", "Recycling", "Services", "Engineering", "Automation", "Materials", "Studios",
                 "Studio", "Games", "Media", "Devices", "Shipping", "College", "Odası"}:
            while start > 0 and self.same_sentence(start - 1, i) and (
                    (_is_cap(self.t(start - 1)) and self.t(start - 1).lower() not in FUNCTION_WORDS
                    and not self.sentence_start(start) and not self.gz.role_for(self.t(start - 1))
                    and self.t(start - 1) not in _city_adjectives() and not _descriptor(self.t(start - 1)))
                    or (self.t(start - 1) in {"ve", "y", "de", "da", "do"} and _is_cap(self.t(start - 2)))):
                start -= 1
            if start == i and not _is_cap(self.t(i + 1)):
                return  # a bare common noun ("das Management")
        nxt = self.t(i + 1)
        end = i + 1
        # designator + city/region/country or proper name: "Wirtschaftsförderung Dortmund", "IHK zu Essen"
        j = i + 1
        if nxt in {"zu", "für", "von"} and self._place_at(i + 2):
            j = i + 2
        entry_tokens = self._place_at(j) or (1 if self.t(j) in REGION_WORDS else 0)
        run_to_place = 0
        if not entry_tokens and _is_cap(nxt) and nxt.lower() not in FUNCTION_WORDS:
            for extra in (1, 2):  # "Ausbildungsverbund Metall Oberhausen-Mülheim", "Technologiezentrum Umwelt Ruhr"
                if all(_is_cap(self.t(i + 1 + m)) and self.t(i + 1 + m).lower() not in FUNCTION_WORDS
                       and not self.gz.role_for(self.t(i + 1 + m)) for m in range(extra)) \
                        and (self._place_at(i + 1 + extra) or self.t(i + 1 + extra) in REGION_WORDS):
                    run_to_place = i + 1 + extra + max(1, self._place_at(i + 1 + extra))
                    break
        if entry_tokens:
            end = j + entry_tokens
        elif run_to_place:
            end = run_to_place
        elif nxt in GERMAN_CONNECTORS_AFTER_HEAD and nxt not in {"in", "im", "am", "an"}:
            # "Institut für Auslandsbeziehungen", "Zentrum für Wasserstofftechnik Herne"
            k = i + 2
            took = 0
            while k < len(self.toks) and self.same_sentence(i, k) and took < 5:
                x = self.t(k)
                if _is_cap(x) and x.lower() not in FUNCTION_WORDS and not self.gz.role_for(x):
                    k += 1
                    took += 1
                    continue
                if x.endswith("-") and len(x) > 2:  # "Umwelt-, Sicherheits- und Energietechnik"
                    k += 2 if self.t(k + 1) == "," else 1
                    continue
                if (x in {"und", "&", "-"} or (x[:1].islower() and _LOWER_ADJECTIVE.search(x)
                                               and x not in FUNCTION_WORDS)) and _is_cap(self.t(k + 1)):
                    k += 1
                    continue
                if x in {"in", "im"} and ((self.t(k + 1) == "der" and _is_cap(self.t(k + 2))) or (x == "im"
                                          and _is_cap(self.t(k + 1)))) and not self._place_at(k + (2 if
                                                                                              self.t(k + 1) == "der"
                                                                                              else 1)):
                    k += 2 if self.t(k + 1) == "der" else 1
                    continue
                break
            if took == 0:
                return
            end = k
            tail = [self.t(m) for m in range(i + 2, end) if _is_cap(self.t(m))]
            place_tail = any(self._place_at(m) for m in range(i + 2, end))
            if nxt in {"der", "des"} and not place_tail and (
                    (len(tail) == 1 and not (_CAMEL.match(tail[0]) or tail[0].isupper()))
                    or any(_designator(x) in {"University", "ResearchInstitute", "ChamberOfCommerce"} for x in tail)):
                return  # "Netzwerk der Gesundheitswirtschaft", "An-Institut der Hochschule …": no own name
            if w.split("-", 1)[0].lower() in FUNCTION_WORDS:
                return
            # generic description: "das Kompetenzzentrum für Biomedizintechnik" (compound head after an
            # article, no proper name in the tail) is a description, not a name
            compound = w not in DESIGNATORS and _nominative(w) not in DESIGNATORS
            tail_has_place = any(self._place_at(m) for m in range(i + 2, end))
            if compound and prev in DETERMINERS and not tail_has_place:
                return
        elif "-" in nxt and any(self.gz.city(part) for part in nxt.split("-")) and _is_cap(nxt):
            end = i + 2
        elif _is_cap(nxt) and nxt.lower() not in FUNCTION_WORDS and w in {"IHK", "AHK", "HWK", "Messe",
                                                                         "Stadtwerke", "Sparkasse", "Hochschule",
                                                                         "Universität", "Wirtschaftsförderung",
                                                                         "Stiftung", "Agentur", "Netzwerk"}:
            end = self.cap_run(i + 1, limit=3, allow_connectors=False)
        elif start < i:
            end = i + 1
        elif "-" in w and w.split("-", 1)[0][:1].isupper() and w.split("-", 1)[0].lower() not in FUNCTION_WORDS \
                and w.split("-", 1)[0] not in self.gz.demonyms:
            end = i + 1  # "Ruhr-Universität", "RAG-Stiftung", "Fraunhofer-Institut"
            extra = self._place_at(end) or (1 if self.t(end) in {"Ruhr", "NRW", "Rhein-Ruhr", "Westfalen"} else 0)
            self.add(start, end + extra, "organisation", "designator-compound", rdf_class=cls, confidence=0.7)
            return
        else:
            return
        if end - start < 2 and start == i:
            return
        start = self._extend_left(start)
        self.add(start, end, "organisation", "designator", rdf_class=cls, confidence=0.8)

    def _extend_left(self, start: int) -> int:
        """Take in "Industrie- und" and capitalised adjectives before a designator: "Südwestfälische
        Industrie- und Handelskammer", "Technische Hochschule", "Deutsche Gesellschaft"."""
        while start > 0 and self.same_sentence(start - 1, start):
            p = self.t(start - 1)
            if p == "und" and self.t(start - 2).endswith("-"):
                start -= 2
                continue
            if _ADJECTIVE.match(p) and p.lower() not in FUNCTION_WORDS and p not in _city_adjectives() \
                    and not self.gz.role_for(p) and p not in self.gz.demonyms and not self.gz.surface.get(p):
                start -= 1
                continue
            if p in self.gz.demonyms and p[:1].isupper() and start - 1 > 0 and not self.sentence_start(start - 1):
                start -= 1  # "Deutsch-Ungarische", "Japanische Industrie- und Handelskammer"
                continue
            break
        return start

    def _place_at(self, j: int) -> int:
        """Number of tokens of a gazetteer city/region/country name starting at token ``j``."""
        best = 0
        for length in (4, 3, 2, 1):
            if j + length > len(self.toks):
                continue
            form = self.text[self.toks[j].idx:self.toks[j + length - 1].idx + len(self.t(j + length - 1))]
            for key in self.gz.surface.get(form, []):
                if key.split(":", 1)[0] in {"city", "region", "country"}:
                    return length
            if length == 1 and "-" in form and all(self.gz.city(p) for p in form.split("-")):
                return 1
        return best

    # -- person patterns ----------------------------------------------------------------------
    def persons(self) -> None:
        gz = self.gz
        n = len(self.toks)
        for i in range(n):
            w = self.t(i)
            if self.is_space(i):
                continue
            # titles: "Dr. Joanna Stachnik", "Prof. Dr. Anna Beispiel", "Dr. Stachnik"
            if w in TITLES or w in HONORIFICS:
                if i > 0 and (self.t(i - 1) in TITLES or self.t(i - 1) in HONORIFICS):
                    continue
                k = i
                while self.t(k) in TITLES or self.t(k) in HONORIFICS or self.t(k) in {"med.", "rer.", "nat.", "h.c."} \
                        or (self.t(k) == "." and self.t(k - 1) in TITLES):
                    k += 1
                end = self._name_end(k, max_tokens=3)
                if end > k:
                    self.add(i, end, "person", "title", confidence=0.9, attrs=(("name_start", str(k)),))
                continue
            # first name + surname
            if w in gz.first_names and w.lower() not in FUNCTION_WORDS and _is_cap(w):
                k = i + 1
                while self.t(k) in gz.first_names and _is_cap(self.t(k + 1)) and k - i < 2:
                    k += 1
                end = self._name_end(k, max_tokens=2)
                if end > k and not self._looks_like_org_or_place(i, end):
                    self.add(i, end, "person", "first-name", confidence=0.9, attrs=(("name_start", str(i)),))
                continue
            # role + two capitalised tokens: "Prokurist Jörg Kemna", "Geschäftsführerin Lan Nguyen"
            if gz.role_for(w):
                k = i + 1
                while self.t(k) in TITLES or (self.t(k) == "." and self.t(k - 1) in TITLES):
                    k += 1
                end = self._name_end(k, max_tokens=3)
                if end - k >= 2 and not self._looks_like_org_or_place(k, end):
                    self.add(k, end, "person", "role-name", confidence=0.8, attrs=(("name_start", str(k)),))
            # speech verb + name: "…“, sagt Lan Nguyen."
            if w in SPEECH_VERBS and i > 0 and self.t(i - 1) in {",", "“", "”", '"', "«", "»"}:
                k = i + 1
                while self.t(k) in TITLES:
                    k += 1
                end = self._name_end(k, max_tokens=3)
                if end - k >= 2 and not self._looks_like_org_or_place(k, end):
                    self.add(k, end, "person", "speech", confidence=0.8, attrs=(("name_start", str(k)),))
            # apposition: "Lan Nguyen, Leiterin des …"
            if _is_cap(w) and _is_cap(self.t(i + 1)) and self.t(i + 2) == "," \
                    and (gz.role_for(self.t(i + 3)) or self.t(i + 3) in TITLES) \
                    and w.lower() not in FUNCTION_WORDS and not gz.role_for(self.t(i - 1)):
                if not self._looks_like_org_or_place(i, i + 2) and not _designator(w) and not _designator(self.t(i + 1)):
                    self.add(i, i + 2, "person", "apposition", confidence=0.75, attrs=(("name_start", str(i)),))

    def _name_end(self, k: int, max_tokens: int) -> int:
        """End of a personal name starting at ``k``: capitalised tokens and particles."""
        end = k
        count = 0
        while end < len(self.toks) and count < max_tokens and self.same_sentence(k, end):
            x = self.t(end)
            if x in PARTICLES and _is_cap(self.t(end + 1)) and count == 1 and not _CAMEL.match(self.t(end + 1)) \
                    and (x not in {"der", "den"} or self.t(end - 1) in {"van", "von"}) \
                    and "-" not in self.t(end - 1):
                end += 1
                continue
            if _is_cap(x) and x.isalpha() is False and not re.match(r"^[A-ZÄÖÜ][\w'’-]+$", x):
                break
            if not _is_cap(x) or x.lower() in FUNCTION_WORDS or x in LEGAL_FORMS or (x.isupper() and len(x) > 1 \
                    and count > 0):
                break
            if self.gz.role_for(x) or (_designator(x) and count > 0) or x in self.gz.demonyms:
                break
            end += 1
            count += 1
            if count >= 1 and x not in self.gz.first_names and max_tokens > 1 and count >= 2:
                break
        return end

    def _looks_like_org_or_place(self, start: int, end: int) -> bool:
        form = self.text[self.toks[start].idx:self.toks[end - 1].idx + len(self.t(end - 1))]
        for key in self.gz.surface.get(form, []):
            if not key.startswith("city:"):
                return True
        return any(_designator(self.t(k)) for k in range(start, end)) and not all(
            self.t(k) in self.gz.first_names for k in range(start, end - 1))

    def context_organisations(self) -> None:
        """Names after 'von der'/'vom' next to a person or a role: "Julia Jäger von der Wirtschaftsförderung
        Dortmund", "Leiterin des BioMedizinZentrumDortmund"."""
        persons = [c for c in self.cands if c.kind == "person"]
        roles = [c for c in self.cands if c.kind == "role"]
        anchors = [(c.end_tok, False) for c in persons] + [(c.end_tok, True) for c in roles]
        for end_tok, after_role in anchors:
            k = end_tok
            if self.t(k) == ",":
                k += 1
                if self.gz.role_for(self.t(k)):
                    k += 1
                    after_role = True
            two = f"{self.t(k)} {self.t(k + 1)}"
            if two in {"von der", "bei der", "an der"}:
                k += 2
            elif self.t(k) in {"vom", "beim", "von"} or (after_role and self.t(k) in {"des", "der"}):
                k += 1
            else:
                continue
            bare_von = self.t(k - 1) == "von"
            stripped = False
            while _descriptor(self.t(k)) or self.t(k) in _city_adjectives():
                k += 1
                stripped = True
            if not _is_cap(self.t(k)) or self.t(k).lower() in FUNCTION_WORDS or self.t(k) in SUBUNITS:
                continue
            end = self.cap_run(k, limit=5)
            if end > k and not self._place_at(k) == end - k:
                words = [self.t(m) for m in range(k, end)]
                name_like = any(_designator(x) or _CAMEL.match(x) or x.isupper() or any(ch.isdigit() for ch in x)
                                or "." in x or self._legal_form_at(k + n) for n, x in enumerate(words))
                if len(words) == 1 and (words[0] in self.gz.first_names or not (name_like or stripped
                                                                                or "-" in words[0])):
                    continue  # a single common noun ("der Geschäftsführung") is no name
                if bare_von and not name_like:
                    continue  # "Vertreter von Handelshäusern und Anlagenbauern"
                cls = next((_designator(x) for x in words[::-1] if _designator(x)), "Organisation")
                self.add(k, end, "organisation", "preposition-context", rdf_class=cls, confidence=0.7)

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self) -> list[Mention]:
        chosen: list[_Cand] = []
        taken: set[int] = set()
        embedded: list[_Cand] = []
        order = sorted(self.cands, key=lambda c: (-(c.end_tok - c.start_tok) if c.kind not in {"sector", "role"}
                                                  else 0, -c.priority, -c.confidence, c.start_tok))
        countries = {(c.start_tok, c.end_tok) for c in self.cands if c.kind == "country"}
        order = [c for c in order if not (c.kind == "city" and (c.start_tok, c.end_tok) in countries)]
        for c in order:
            span = set(range(c.start_tok, c.end_tok))
            if c.kind in {"sector", "role"}:
                chosen.append(c)
                continue
            if span & taken:
                if c.kind in {"city", "country", "region"} and c.rule != "city-adjective" and any(
                        o.kind in {"organisation", "event"} and o.start_tok <= c.start_tok and c.end_tok <= o.end_tok
                        for o in chosen):
                    embedded.append(c)
                continue
            chosen.append(c)
            taken |= span
        out: list[Mention] = []
        for c in chosen + embedded:
            s = self.toks[c.start_tok].idx
            last = self.toks[c.end_tok - 1]
            e = last.idx + len(last.text)
            if c.kind == "organisation" and last.text.endswith(".") and any(
                    len(parts) == 1 for _, parts in _legal_form_tokens().get(last.text[:-1], ())):
                e -= 1  # "Emscher Wasser GmbH." → "Emscher Wasser GmbH"
            attrs = dict(c.attrs)
            if c in embedded:
                attrs["embedded"] = "1"
            if c.kind == "person" and "name_start" in attrs:
                ns = int(attrs.pop("name_start"))
                attrs["name"] = self.text[self.toks[ns].idx:e] if ns < c.end_tok else self.text[s:e]
            out.append(Mention(s, e, self.text[s:e], c.kind, self._sent_of_tok[c.start_tok], c.rule, c.key,
                               c.rdf_class, c.confidence, tuple(sorted(attrs.items()))))
        return sorted(out, key=lambda m: (m.start, -m.end, m.kind))


ANAPHORS: dict[str, str] = {
    "Verein": "Association", "Vereins": "Association", "Verband": "Association", "Verbandes": "Association",
    "Verbands": "Association", "Gesellschaft": "", "Unternehmen": "Company", "Unternehmens": "Company",
    "Firma": "Company", "Konzern": "Company", "Konzerns": "Company", "Start-up": "Company", "Startup": "Company",
    "Start-ups": "Company", "Institut": "ResearchInstitute", "Instituts": "ResearchInstitute",
    "Zentrum": "ResearchInstitute", "Zentrums": "ResearchInstitute", "Netzwerk": "Network",
    "Netzwerks": "Network", "Netzwerkes": "Network", "Cluster": "Network", "Clusters": "Network",
    "Hochschule": "University", "Universität": "University", "Stiftung": "Foundation", "Kammer": "ChamberOfCommerce",
    "IHK": "ChamberOfCommerce", "Agentur": "EconomicDevelopmentAgency", "Wirtschaftsförderung": "EconomicDevelopmentAgency",
}


def _anaphors(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Definite descriptions that point back to an organisation: "des Vereins", "die Gesellschaft"."""
    covered = [(m.start, m.end) for m in mentions if m.kind not in {"sector", "role"}
               and "embedded" not in dict(m.attrs)]
    extra = []
    for i, tok in enumerate(finder.toks):
        if tok.text not in ANAPHORS or finder.t(i - 1).lower() not in {"der", "des", "dem", "die", "das", "den"}:
            continue
        nxt = finder.t(i + 1)
        if _is_cap(nxt) and nxt.lower() not in FUNCTION_WORDS and nxt not in {"mit", "in"}:
            continue  # "die Gesellschaft für …" is a name, handled elsewhere
        s, e = tok.idx, tok.idx + len(tok.text)
        if any(a <= s < b for a, b in covered):
            continue
        extra.append(Mention(s, e, tok.text, "organisation", finder._sent_of_tok[i], "anaphor", "",
                             ANAPHORS[tok.text], 0.6, (("anaphor", ANAPHORS[tok.text] or "*"),)))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind))


@functools.lru_cache(maxsize=65536)
def _descriptor(word: str) -> bool:
    low = word.lower()
    return any(low == h or (low.endswith(h) and len(low) > len(h) + 2) or low.endswith("-" + h)
               for h in DESCRIPTOR_HEADS)


def _legal_class(form: str) -> str:
    return "Association" if form in {"e.", "e.V.", "eG"} else "Company"


def _initials_match(acr: str, words: list[str]) -> bool:
    letters = [ch for ch in acr if ch.isalpha()]
    caps = [w[0] for w in words if w[:1].isupper()]
    inner = [ch for w in words for ch in w if ch.isupper()]
    a = "".join(letters).upper()
    return a == "".join(caps).upper() or a == "".join(inner).upper() or (
        len(a) >= 2 and "".join(caps).upper().startswith(a)) or a.lower() in " ".join(words).lower().replace(" ", "")[:len(a)]


STATISTICAL_MODELS = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm", "de_dep_news_trf")
_NER: dict[str, object] = {}


def statistical_ner() -> object | None:
    """A spaCy German pipeline with an ``ner`` component, if one is installed (never downloaded).

    The rules work without it; when present, its PER/ORG/LOC spans are added as low-priority
    candidates that the lexicon and the patterns can overrule.
    """
    if "nlp" not in _NER:
        import spacy

        _NER["nlp"] = None
        for name in STATISTICAL_MODELS:
            if spacy.util.is_package(name):
                try:
                    _NER["nlp"] = spacy.load(name, exclude=["lemmatizer", "parser", "tagger", "morphologizer"])
                except (OSError, ValueError):
                    continue
                break
    return _NER["nlp"]


def use_statistical_ner(pipeline: object | None) -> None:
    """Use ``pipeline`` (anything spaCy-like with ``doc.ents``) as the statistical NER, or none."""
    _NER["nlp"] = pipeline


_NER_KINDS = {"PER": "person", "PERSON": "person", "ORG": "organisation", "LOC": "city", "GPE": "city"}


def _statistical_candidates(finder: _Finder) -> None:
    pipeline = statistical_ner()
    if pipeline is None:
        return
    doc = pipeline(finder.text)  # type: ignore[operator]
    for ent in doc.ents:
        kind = _NER_KINDS.get(ent.label_)
        span = finder.doc.char_span(ent.start_char, ent.end_char, alignment_mode="contract")
        if kind is None or span is None or len(span) == 0:
            continue
        if kind == "city":  # a place only counts when the gazetteer knows it as a city
            entry = finder.gz.city(span.text)
            if entry is None:
                continue
            finder.add(span.start, span.end, "city", "statistical-ner", key=entry.key, rdf_class="City",
                       confidence=0.5)
            continue
        if kind == "person" and len(span) < 2:
            continue
        finder.add(span.start, span.end, kind, "statistical-ner", rdf_class="Organisation" if kind == "organisation"
                   else "", confidence=0.5, priority=5, attrs=(("name_start", str(span.start)),) if kind == "person"
                   else ())


def find_mentions(text: str, sentences: list[Sentence]) -> list[Mention]:
    """All mentions in ``text``, non-overlapping except places embedded in names and sector/role cues."""
    finder = _Finder(text, sentences)
    finder.lexicon()
    finder.persons()
    finder.organisations()
    finder.context_organisations()
    _statistical_candidates(finder)
    mentions = finder.resolve()
    mentions = _acronym_mentions(finder, mentions)
    mentions = _short_name_mentions(finder, mentions)
    mentions = _anaphors(finder, mentions)
    return _surname_mentions(text, finder, mentions)


def _short_name_mentions(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Later uses of an organisation's name without its legal form ("HaldenIT" after "HaldenIT GmbH")."""
    from ruhrgraph.extract.link import strip_legal_form

    short: dict[str, str] = {}
    for m in mentions:
        if m.kind == "organisation" and m.rule == "legal-form":
            name = strip_legal_form(m.text)
            if name and name != m.text and (len(name.split()) > 1 or _CAMEL.match(name) or len(name) > 4) \
                    and name not in finder.gz.surface and name.lower() not in FUNCTION_WORDS:
                short[name] = m.text
    if not short:
        return mentions
    covered = [(m.start, m.end) for m in mentions if m.kind not in {"sector", "role"}
               and "embedded" not in dict(m.attrs)]
    extra = []
    for name, full in short.items():
        for hit in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", finder.text):
            s, e = hit.start(), hit.end()
            if any(a <= s < b or a < e <= b for a, b in covered):
                continue
            span = finder.doc.char_span(s, e)
            if span is None:
                continue
            extra.append(Mention(s, e, name, "organisation", finder._sent_of_tok[span.start], "short-name", "",
                                 "Organisation", 0.7, (("acronym-of", full),)))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind))


def _acronym_mentions(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Every further use of an acronym the article defined ("(CCGA)", "bei der BMR") is a mention."""
    acronyms: dict[str, str] = {}
    for m in mentions:
        if m.kind == "organisation":
            if m.attr("acronym") and m.rule == "acronym-definition":
                acronyms[m.attr("acronym")] = m.text
            elif m.rule == "acronym-context":
                acronyms.setdefault(m.text, "")
    if not acronyms:
        return mentions
    covered = [(m.start, m.end) for m in mentions if m.kind not in {"sector", "role"}
               and "embedded" not in dict(m.attrs)]
    extra = []
    for i, tok in enumerate(finder.toks):
        if tok.text in acronyms:
            s, e = tok.idx, tok.idx + len(tok.text)
            if any(a <= s < b for a, b in covered):
                continue
            of = acronyms[tok.text]
            attrs = (("acronym-of", of),) if of else ()
            extra.append(Mention(s, e, tok.text, "organisation", finder._sent_of_tok[i],
                                 "acronym" if of else "acronym-context", "", "Organisation", 0.6, attrs))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind))


def _surname_mentions(text: str, finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Later references by surname only ("Kemna betonte …") become person mentions."""
    surnames: dict[str, str] = {}
    for m in mentions:
        if m.kind == "person":
            name = m.attr("name") or m.text
            parts = [p for p in name.split() if p not in TITLES and p not in HONORIFICS]
            if len(parts) >= 2:
                surnames.setdefault(parts[-1], name)
    if not surnames:
        return mentions
    covered = [(m.start, m.end) for m in mentions if "embedded" not in dict(m.attrs)
               and m.kind not in {"sector", "role"} and not (m.kind == "city" and m.text in surnames)]
    extra: list[Mention] = []
    for i, tok in enumerate(finder.toks):
        if tok.text in surnames and finder.t(i - 1).lower() not in GEO_PREPOSITIONS:
            s, e = tok.idx, tok.idx + len(tok.text)
            if any(a <= s < b for a, b in covered):
                continue
            extra.append(Mention(s, e, tok.text, "person", finder._sent_of_tok[i], "surname", "", "", 0.7,
                                 (("name", surnames[tok.text]),)))
    if not extra:
        return mentions
    extra_spans = [(m.start, m.end) for m in extra]
    kept = [m for m in mentions if not (m.kind == "city" and "embedded" not in dict(m.attrs)
                                        and (m.start, m.end) in extra_spans)]
    return sorted(kept + extra, key=lambda m: (m.start, -m.end, m.kind))


def with_sentence(mentions: Iterable[Mention], sentence: int) -> list[Mention]:
    return [replace(m, sentence=sentence) for m in mentions]
