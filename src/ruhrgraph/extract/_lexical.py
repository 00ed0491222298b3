"""Lexicon rules of the mention finder (private to ``mentions``): names the gazetteer knows.

Gazetteer surface forms through the ``PhraseMatcher`` (organisations, cities, countries, regions,
trade fairs) with guards against common words; country adjectives and demonyms ("kanadischer",
"Koreaner"), country compounds ("US-Startup-Delegation"), city districts ("Dortmund-Wambel"),
known organisations inside compounds ("duisport-Gruppe"), city adjectives ("Dortmunder"),
periphrases ("der asiatische Stadtstaat"), role nouns and sector keywords.
"""

from __future__ import annotations

import re

from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract._finder import FinderBase
from ruhrgraph.extract.lexicon import (
    FUNCTION_WORDS,
    GEO_PREPOSITIONS,
    NOT_CITIES_ALONE,
    STREET_WORDS,
    TOWN_ADJECTIVE,
    designator,
    is_cap,
)
from ruhrgraph.extract.names import loose_key

#: German towns under this population (the gazetteer lists those named in many languages from 10,000)
#: are read as towns only after a preposition of place, a word for a town or a designator
SMALL_TOWN = 20_000
_TOWN_WORDS = frozenset({"Stadt", "Gemeinde", "Kreisstadt", "Hansestadt", "Große", "Kleinstadt", "Standort"})

#: English words that name a division after a known company's name ("thyssenkrupp Electrical Steel")
_DIVISION_WORDS = frozenset("""Electrical Steel Power Energy Solutions Systems Technologies Technology Materials
Logistics Digital Operations Generation Renewables Engineering Industries Trading Supply Chemicals""".split())


#: a country's diplomatic mission after its adjective: "das Japanische Generalkonsulat", "der indischen Botschaft"
_MISSION = re.compile(r"^(?:General)?[Kk]onsulat(?:s|es)?$|^Botschaft$")


#: a party's group in a council or parliament: "CDU-Fraktion", "SPD-Ratsfraktion", "Grünen-Landtagsfraktion"
_PARTY_GROUP = re.compile(r"^[A-ZÄÖÜ][\w/]*-(?:\w+)?[Ff]raktion$")
#: gazetteer names that are also adjectives before a noun: "Grüne Technologien", "die Linke Hand"
_ADJECTIVE_NAMES = frozenset({"Grüne", "Linke"})
#: the titles of newspapers after a town's adjective ("Göttinger Tageblatt") or in a compound ("Nord-Anzeiger")
_PRESS = frozenset({"Tageblatt", "Tagblatt", "Anzeiger", "Zeitung", "Rundschau", "Kurier", "Volksblatt",
                    "Generalanzeiger", "General-Anzeiger"})


#: chambers named by their short form in a role compound ("IHK-Präsident", "HWK-Chef")
_HOME_CHAMBERS = frozenset({"IHK", "HWK", "HwK"})


def _named_house_before_role(word: str) -> tuple[str, str] | None:
    """The house a role compound names in full before the role: "Robert-Koch-Krankenhaus-Geschäftsführer"
    → ("Robert-Koch-Krankenhaus", its class); a bare designator ("Sparkassen-Vorstand") names none.

    >>> _named_house_before_role("Robert-Koch-Krankenhaus-Geschäftsführer")
    ('Robert-Koch-Krankenhaus', 'Organisation')
    >>> _named_house_before_role("Stadtwerke-Chef") is None, _named_house_before_role("Ex-Bundesminister") is None
    (True, True)
    """
    prefix = word.rsplit("-", 1)[0]
    parts = prefix.split("-")
    cls = designator(parts[-1])
    if len(parts) < 2 or not cls or not all(p[:1].isupper() and p[1:].islower() for p in parts) \
            or parts[0].lower() in FUNCTION_WORDS:
        return None
    return prefix, cls


class LexicalRules(FinderBase):
    """Candidates from the gazetteer and the data-derived word lists."""

    def lexicon_matches(self) -> None:
        """Gazetteer names, demonyms, role nouns, districts, city adjectives, periphrases, sectors."""
        self._gazetteer_names()
        self._word_cues()
        self._periphrases()
        self._sectors()

    def _gazetteer_names(self) -> None:
        """Every gazetteer surface form in the text (a city only where the context allows one)."""
        gz = self.gz
        for _match_id, start, end in self.res.phrase_matcher(self.doc):
            form = self.doc[start:end].text
            for key in gz.surface.get(form) or gz.surface.get(form.upper()) or []:
                entry = gz.entries[key]
                kind = {"region": "continent" if entry.rdf_class == "Continent" else "region"}.get(
                    entry.kind, entry.kind)
                conf = 0.95 if len(form) > 3 else 0.85
                if kind == "city" and not self._city_context_ok(start, end, entry):
                    continue
                if form in _ADJECTIVE_NAMES and self.t(end).isalpha() and is_cap(self.t(end)):
                    continue  # "Grüne Technologien", "Grüne Woche": an adjective, not the party
                self.add(start, end, kind, "gazetteer", key=key, rdf_class=entry.rdf_class, confidence=conf)
                more = 0
                while kind == "organisation" and self.t(end + more) in _DIVISION_WORDS and more < 3:
                    more += 1
                if more:  # a division of a known company: "thyssenkrupp Electrical Steel", "RWE Power"
                    self.add(start, end + more, "organisation", "gazetteer-division", rdf_class="Company",
                             confidence=0.8)

    def _word_cues(self) -> None:
        """Single words: demonyms, role nouns, country compounds, city districts, organisations inside
        compounds, city adjectives."""
        gz = self.gz
        for i, tok in enumerate(self.toks):
            w = tok.text
            demonym = gz.demonyms.get(w)
            if demonym and demonym != "country:DE":
                nxt = self.t(i + 1)
                if w[:1].islower() and not is_cap(nxt):
                    continue  # an adjective must qualify a noun: "kanadischer Unternehmen"
                self.add(i, i + 1, "country", "demonym", key=demonym, rdf_class="Country", confidence=0.8,
                         attrs=(("demonym", "1"),))
                if _MISSION.match(nxt):  # "des spanischen Generalkonsulats": the country's mission
                    seat = self.place_at(i + 3) if self.t(i + 2) == "zu" else 0  # "… Generalkonsulat zu Düsseldorf"
                    last = self.toks[i + 2 + seat]
                    where = f" zu {self.text[self.toks[i + 3].idx:last.idx + len(last.text)]}" if seat else ""
                    self.add(i, i + 2 + (1 + seat if seat else 0), "organisation", "mission-of-country",
                             rdf_class="PublicAuthority", confidence=0.8,
                             attrs=(("name", f"{w[:1].upper()}{w[1:]} {nxt}{where}"),))
            if len(w) > 4 and w.endswith("s") and is_cap(w) and not gz.surface.get(w):
                # a country in the genitive: "der Botschafter Chinas", "Kanadas Premierminister"
                country = next((k for k in gz.surface.get(w[:-1], []) if k.startswith("country:")), None)
                if country:
                    self.add(i, i + 1, "country", "gazetteer", key=country, rdf_class="Country", confidence=0.85,
                             attrs=(("genitive", "1"),))
            if gz.role_for(w):
                self.add(i, i + 1, "role", "role-noun", key=w)
                if "-" in w and (org_key := self._compound_org(w)) is not None:  # "Signal-Iduna-Chef"
                    self.add(i, i + 1, "organisation", "gazetteer-compound", key=org_key,
                             rdf_class=gz.entries[org_key].rdf_class, confidence=0.8)
                elif "-" in w and (chamber := self._home_chamber(w)) is not None:
                    self.add(i, i + 1, "organisation", "gazetteer-compound", key=chamber[0],
                             rdf_class=gz.entries[chamber[0]].rdf_class, confidence=0.75, attrs=(("name", chamber[1]),))
                elif "-" in w and (house := _named_house_before_role(w)) is not None:
                    self.add(i, i + 1, "organisation", "named-house-compound", rdf_class=house[1], confidence=0.7,
                             attrs=(("name", house[0]),))
            elif "-" in w and re.search(r"(?:[Dd]elegation|[Bb]esuch|[Rr]eise|[Gg]äste)\w*$", w):
                prefix = w.split("-", 1)[0]  # "US-Startup-Delegation", "China-Besuch"
                country = next((k for k in gz.surface.get(prefix, []) if k.startswith("country:")), None) \
                    or gz.demonyms.get(prefix.lower()) or gz.demonyms.get(prefix)
                if country:
                    self.add(i, i + 1, "country", "demonym", key=country, rdf_class="Country", confidence=0.75,
                             attrs=(("compound", "1"), ("demonym", "1")))
            elif "-" in w and (city := gz.city(w.split("-", 1)[0])) is not None and is_cap(w.split("-", 1)[1]) \
                    and city.country == "DE" and not gz.surface.get(w) and gz.city(w.split("-", 1)[1]) is None:
                # a city district: "Dortmund-Wambel", "Hamm-Uentrop" (not two towns: "Steinfurt-Warendorf")
                self.add(i, i + 1, "city", "district", key=city.key, rdf_class="City", confidence=0.75,
                         attrs=(("district", w),))
            elif _PARTY_GROUP.match(w):  # "die CDU-Fraktion (Oberhausen)": the group, not the party
                n = self.place_at(i + 1)
                first = i - 2 if self.t(i - 1) == "/" and self.t(i - 2).isupper() else i  # "CDU/CSU-Fraktion"
                self.add(first, i + 1 + (n if n and self.gz.city(self.t(i + n)) is not None else 0), "organisation",
                         "party-group", rdf_class="Organisation", confidence=0.75)
            elif "-" in w and w[:1] != "-":  # "duisport-Gruppe": a known organisation in a compound
                org_key = self._compound_org(w)
                if org_key is not None:
                    self.add(i, i + 1, "organisation", "gazetteer-compound", key=org_key,
                             rdf_class=gz.entries[org_key].rdf_class, confidence=0.8)
            before = self.t(i - 1) if i > 0 else ""
            if w in _PRESS and TOWN_ADJECTIVE.match(before) and before.lower() not in FUNCTION_WORDS \
                    and not gz.surface.get(f"{before} {w}"):
                self.add(i - 1, i + 1, "organisation", "newspaper", rdf_class="Company", confidence=0.75)
            elif "-" in w and w.rpartition("-")[2] in _PRESS and is_cap(w) and not gz.surface.get(w):
                self.add(i, i + 1, "organisation", "newspaper", rdf_class="Company", confidence=0.75)
            city_key = self.res.city_adjectives.get(w)
            if city_key and not self.t(i + 1).startswith(STREET_WORDS) and not w.endswith(STREET_WORDS):
                self.add(i, i + 1, "city", "city-adjective", key=city_key, rdf_class="City", confidence=0.7,
                         attrs=(("adjective", "1"),))

    def _home_chamber(self, word: str) -> tuple[str, str] | None:
        """The chamber of the article's town a role compound names when the article never names a
        chamber itself: "IHK-Präsident Burkhard Landers" in an article about Duisburg is the president
        of the Duisburg IHK (the town named at least twice and more often than any other)."""
        prefix = word.split("-", 1)[0]
        if prefix not in _HOME_CHAMBERS or re.search(rf"\b{prefix}\b(?!-)", self.text):
            return None
        counts: dict[str, int] = {}
        for c in self.cands:
            entry = self.gz.entries.get(c.key) if c.kind == "city" else None
            if entry is not None and entry.country == "DE":
                counts[entry.name] = counts.get(entry.name, 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or ranked[0] < 2 or (len(ranked) > 1 and ranked[1] == ranked[0]):
            return None
        home = max(counts, key=lambda name: counts[name])
        key = self.res.loose_organisations.get(loose_key(f"{prefix} {home}"))
        return (key, f"{prefix} {home}") if key is not None and key.startswith("organisation:") else None

    def _compound_org(self, word: str) -> str | None:
        """The known organisation a hyphenated compound starts with: "duisport-Gruppe", also a name of
        several words written with hyphens ("Signal-Iduna-Chef", "Deutsche-Bank-Chefin")."""
        parts = word.split("-")
        for n in range(len(parts) - 1, 0, -1):
            prefix = parts[:n]
            for surface in dict.fromkeys(("-".join(prefix), " ".join(prefix))):
                key = next((k for k in self.gz.surface.get(surface, []) if k.startswith("organisation:")), None)
                if key is not None:
                    return key
        return None

    def _periphrases(self) -> None:
        """Descriptions of a place ("der asiatische Stadtstaat"); some only once the place is named."""
        gz = self.gz
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

    def _sectors(self) -> None:
        """Sector keywords, also as the start of a compound ("Wasserstoffwirtschaft")."""
        gz = self.gz
        rx = self.res.sector_regex
        if rx is not None:
            for m in rx.finditer(self.text):
                span = self.doc.char_span(m.start(), m.end(), alignment_mode="expand")
                word = m.group(0).lower()
                slug = gz.sector_keywords.get(word) or next(
                    (s for k, s in self.res.sector_prefixes if word.startswith(k)), "")
                if span is not None and slug:
                    self.add(span.start, span.end, "sector", "sector-keyword", key=slug, confidence=0.7)

    def _city_context_ok(self, start: int, end: int, entry: gaz.Entry) -> bool:
        """Reject a city reading of a common word ("das Essen", "die Alpen" …)."""
        prev = self.t(start - 1).lower()
        if entry.name in NOT_CITIES_ALONE and not (prev in {"in", "aus", "nach"} or self.t(start - 1) == "Stadt"):
            return False
        if entry.country == "DE" and 0 < entry.population < SMALL_TOWN and not entry.region \
                and prev not in GEO_PREPOSITIONS and self.t(start - 1) not in _TOWN_WORDS \
                and not designator(self.t(start - 1)):
            return False  # a small town only "in Eberbach", "der Stadt Löbau", "Sparkasse Donauwörth"
        if entry.name in self.gz.first_names and self.t(end)[:1].isupper() and prev not in GEO_PREPOSITIONS:
            return False  # "Charlotte Imhof": a first name, not the city
        if prev in {"das", "beim", "zum", "vom", "gutes", "ein", "kein", "leckeres", "gemeinsames"} \
                and self.t(end)[:1].islower():
            return False
        if entry.country != "DE" and entry.population < 500_000 and prev not in GEO_PREPOSITIONS and (
                (is_cap(self.t(start - 1)) and not self.sentence_start(start)) or (is_cap(self.t(end))
                and self.t(end) not in {"und", "oder"})):
            return False  # "Digital Hub", "Enterprise Estonia", "Kemal Aydın": part of a longer name
        return True

