"""Organisation rules of the mention finder (private to ``mentions``): names no list knows.

Legal forms ("LogiTrans Ruhr AG", "Netzwerk Logistik e. V."), designator heads ("Institut für …",
"Wirtschaftsförderung Dortmund", "Ruhr-Universität"), foreign designators ("Cámara de Comercio de
Sevilla"), place brands ("Business Metropole Ruhr"), trade nouns ("Tischlerei Vogelsang & Töchter"),
CamelCase compounds ("BioMedizinZentrumDortmund"), "Name (ACRONYM)" definitions, unknown acronyms
after "bei der", English names ("Chicago Council on Global Affairs") and names after "von der"
next to a person or a role.
"""

from __future__ import annotations

import re

from ruhrgraph.extract._acronyms import NAMED_DESIGNATORS, AcronymRules
from ruhrgraph.extract.lexicon import (
    ACRONYM,
    ACRONYM_STOP,
    ADJECTIVE,
    ANAPHORS,
    APART_DESCRIPTOR_HEADS,
    CAMEL,
    CAMEL_STOP,
    CLUBS,
    DESIGNATORS,
    DETERMINERS,
    ENGLISH_CONNECTORS,
    ENGLISH_HEADS,
    FOREIGN_HEADS,
    FUNCTION_WORDS,
    GENERIC_BUSINESS,
    GERMAN_CONNECTORS_AFTER_HEAD,
    HONORIFICS,
    INDEFINITE,
    LOWER_ADJECTIVE,
    MANAGEMENT,
    PLACE_BRANDS,
    REGION_WORDS,
    ROMANCE_CONNECTORS,
    SCHOOLS,
    SUBUNITS,
    TITLES,
    TRADE_HEADS,
    descriptor,
    designator,
    is_cap,
    legal_class,
    nominative,
)

# English designators that take the capitalised words before them into the name ("Innovation City Management")
_ENGLISH_DESIGNATORS = frozenset({
    "Management", "Consulting", "Technologies", "Solutions", "Systems", "Logistics", "Group", "Partners", "Hub",
    "Lab", "Labs", "Network", "Holding", "Werke", "Gruppe", "Council", "Center", "Centre", "Alliance", "Forum",
    "Campus", "Cluster", "Hafen", "Chemicals", "Energy", "Robotics", "Technology", "Software", "Analytics",
    "Ventures", "Capital", "Industries", "Trading", "Motors", "Pharma", "Recycling", "Services", "Engineering",
    "Automation", "Materials", "Studios", "Studio", "Games", "Media", "Devices", "Shipping", "College", "Odası"})
# "im Rahmen", "im Beisein": phrases, not a name's "im <Noun>" ("Institut für Arbeit im Rheinland")
_NOT_AFTER_IM = frozenset({"Rahmen", "Anschluss", "Vorfeld", "Mittelpunkt", "Fokus", "Namen", "Auftrag", "Zuge",
                           "Laufe", "Jahr", "Gespräch", "Beisein", "Zusammenhang", "Hinblick", "Rat", "Amt"})
_OPEN_QUOTES, _CLOSE_QUOTES = frozenset({'"', "„", "“", "»", "«"}), frozenset({'"', "“", "”", "«", "»"})


#: What a town has one of: "die Essener Wirtschaftsförderung" names it (unlike "das Duisburger Institut").
_TOWN_INSTITUTIONS = frozenset({"Wirtschaftsförderung", "Wirtschaftsförderungsgesellschaft", "Stadtwerke", "Sparkasse",
                                "Stadtsparkasse", "Verkehrsbetriebe", "Verkehrsgesellschaft", "Stadtverwaltung",
                                "Volkshochschule", "Handwerkskammer", "Kreishandwerkerschaft", "Stadtmarketing",
                                "Messe", "Agentur für Arbeit", "Arbeitsagentur", "Jobcenter", "Hafengesellschaft"})
_TOWNS = frozenset({"Stadt", "Landeshauptstadt", "Universitätsstadt", "Hansestadt", "Kreisstadt", "Gemeinde"})
_INSTITUTION_WORDS = _TOWNS | frozenset("Kreis Kreises Landkreis Landkreises Rhein-Kreis Rhein-Kreises".split())
_CREDITS = frozenset({"Foto", "Fotos", "Bild", "Bilder", "Quelle", "Grafik", "Text"})
_TIME = re.compile(r"(?:Ende|Anfang|Beginn|Mitte)$")  # "verließ die Stadtwerke Ende des Jahres"
_NOT_A_NAME = re.compile(r"[a-zäöüß](?:Innen|In|Delegation|Besuch|Reise)$")
_DOTTED_BRAND = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9]+\.(?P<tail>[A-Za-zäöü][\w-]{2,})$")
_DOMAIN_ENDINGS = frozenset({"com", "org", "net", "info", "nrw", "ruhr", "html", "php", "pdf"})
#: Designator words that describe the name after them rather than open it.
_DESCRIBING_DESIGNATORS = frozenset({"nachrichtenagentur", "presseagentur", "werbeagentur", "ratingagentur"})


_CHAMBER_ACRONYM = re.compile(r"\b(?P<head>(?:[A-ZÄÖÜ][\w-]+ )?(?:Industrie- und Handelskammer|Handwerkskammer|"
                              r"Handelskammer)) \((?P<acr>[A-ZÄÖÜ]{2,6})\) (?P<tail>(?:zu|für) [A-ZÄÖÜ][\w-]+|"
                              r"[A-ZÄÖÜ][a-zäöü]+(?:er|es) [A-ZÄÖÜ][\w-]+)")

# the head of a part of a university or institute: "Medizinische Fakultät", "Lehrstuhl", "Fachbereich"
SUBUNIT_HEAD = re.compile(r"(?:Fakultät|Lehrstuhl|Fachbereich|Fachgebiet|Abteilung|Institut|Department|Seminar)$")

#: Parenthesised words after a person that are no organisation: picture positions, parliament seats, notes.
_NOT_IN_PARENS = frozenset({"MdB", "MdL", "MdEP", "Foto", "Fotos", "Archiv", "Bild", "Mitte", "Links", "Rechts",
                            "Hinten", "Vorne", "Vorn", "Jahrgang", "Alter", "Text", "Quelle", "Interview",
                            "Moderation", "Moderator", "Moderatorin", "Gastgeber", "Gastgeberin", "Gast"})

#: anaphors of these classes are no names on their own ("des Vereins"); a bare "Wirtschaftsförderung" or
#: "Handwerkskammer" may still be the home town's (resolved by the linker)
_GENERIC_ANAPHORS = frozenset({"Association", "Company", "ResearchInstitute", "Network", "Foundation", ""})

STATE_WORDS = frozenset({"Bundesrepublik", "Republik", "Volksrepublik", "Königreich", "Königreichs", "Föderation",
                         "Emirate", "Staaten"})

#: designators that name a site when only a place follows ("Campus Hamm", "Kreishaus Neuss")
_SITE_WORDS = frozenset({"Campus", "Kreishaus", "Rathaus", "Standort", "Werk"})

class OrganisationRules(AcronymRules):
    """Candidates for organisations found by the shape of their names."""

    def organisations(self) -> None:
        """Every organisation pattern at every token, in token order (equal candidates keep that order)."""
        self._chamber_around_acronym()
        for i in range(len(self.toks)):
            if self.is_space(i):
                continue
            w = self.t(i)
            self._legal_form_name(i)
            if not w[:1].isupper():  # every other pattern starts at a capital, a bracket or a quote
                self._acronym_definition(i, w)
                self._quoted_name(i, w)
                continue
            cls = designator(w)
            if cls and is_cap(w):
                self._designator_name(i, cls)
            self._foreign_name(i, w)
            self._place_brand(i, w)
            self._trade_name(i, w)
            self._camelcase_name(i, w)
            self._acronym_in_context(i, w)
            self._acronym_city(i, w)
            self._english_name(i, w)
            self._municipality(i, w)
            self._dotted_brand(i, w)
            self._adjective_designator(i, w)

    def _adjective_designator(self, i: int, w: str) -> None:
        """A town's adjective before a designator: "die Essener Wirtschaftsförderung", "der Gelsenkirchener
        Stadtwerke" — the gazetteer's "Stadtwerke Gelsenkirchen" when it has one, else the name as written."""
        city = self.res.city_adjectives.get(w)
        nxt = self.t(i + 1) if i + 1 < len(self.toks) else ""
        cls = designator(nxt) if city and is_cap(nxt) else ""
        if not city or not cls or "-" in nxt:
            return
        town = self.gz.entries[city].name
        base = nominative(nxt)  # "den Dortmunder Stadtwerken"
        key = next((k for form in dict.fromkeys((f"{nxt} {town}", f"{base} {town}", f"{w} {base}", f"{town} {base}"))
                    for k in self.gz.surface.get(form, []) if k.startswith("organisation:")), "")
        if not key and nxt not in _TOWN_INSTITUTIONS and nominative(nxt) not in _TOWN_INSTITUTIONS:
            return  # "das Duisburger Forschungsinstitut": a description of a name given elsewhere
        after = self.t(i + 2) if i + 2 < len(self.toks) else ""
        if after and after.isalpha() and ((is_cap(after) and after.lower() not in FUNCTION_WORDS)
                                          or self.res.morphology.tag(after) in {"NE", "NN", "FM"}):
            return  # "die Duisburger Hafengesellschaft duisport": it describes the name after it
        self.add(i, i + 2, "organisation", "town-adjective-designator", key=key, rdf_class=cls, confidence=0.7)

    def _dotted_brand(self, i: int, w: str) -> None:
        """An acronym joined to a word by a dot: "MST.factory", "NRW.Invest" (not a web address)."""
        m = _DOTTED_BRAND.match(w)
        if m and m["tail"].lower() not in _DOMAIN_ENDINGS:
            self.add(i, i + 1, "organisation", "dotted-brand", rdf_class="Organisation", confidence=0.7)

    def _municipality(self, i: int, w: str) -> None:
        """The city or district as an institution: "die Stadt Bochum lädt ein", "Oberbürgermeister der Stadt
        Essen", "Landrat des Kreises Mettmann", "Der Rhein-Kreis Neuss empfing" — not a place phrase ("in der
        Stadt Hamm", "aus der Stadt …", "im Kreis Unna")."""
        if w not in _INSTITUTION_WORDS or i < 1:
            return
        n = self.place_at(i + 1)
        if not n or self.gz.city(self.text[self.toks[i + 1].idx:self.toks[i + n].idx + len(self.t(i + n))]) is None:
            return
        end = i + 1 + n  # the publisher of a press release: "Herausgeber: Stadt Essen", "Quelle: Stadt Koblenz"
        credit = w in _TOWNS and (end >= len(self.toks) or self.is_space(end) or self.t(end) == ".") and (
            (self.t(i - 1) == ":" and self.t(i - 2) in {"Herausgeber", "Quelle"}) or self.sentence_start(i))
        if self.t(i - 1) not in ({"der", "die", "Die", "Der"} if w in _TOWNS else {"der", "Der", "des", "Des"}) \
                and not credit:
            return
        if i >= 2 and self.t(i - 2).lower() in {"in", "aus", "nach", "zur", "durch", "um", "für", "über", "an", "auf"}:
            return
        self.add(i, i + 1 + n, "organisation", "municipality", rdf_class="PublicAuthority", confidence=0.7)

    def _legal_form_name(self, i: int) -> None:
        """A name ending in a legal form at token ``i``: "LogiTrans Ruhr AG", "Netzwerk Logistik e. V."."""
        legal = self.legal_form_at(i)
        if not legal:
            return
        start = i
        while start > 0 and self.same_sentence(start - 1, i):
            p = self.t(start - 1)
            if ((is_cap(p) or CAMEL.match(p) or p in {"&", "-", "+"}) and p.lower() not in FUNCTION_WORDS \
                    and not self.gz.role_for(p) and not (p in HONORIFICS or p in TITLES) \
                    and not self.sentence_start(start - 1)) or (
                    is_cap(p) and self.sentence_start(start - 1) and p.lower() not in FUNCTION_WORDS
                    and not descriptor(p)):
                start -= 1
                continue
            if p in {"und", "für", "del", "de", "la", "di", "da", "van"} and start - 2 >= 0 \
                    and is_cap(self.t(start - 2)) and start < i and (p in {"und", "für"} or is_cap(self.t(start))) \
                    and not (p == "und" and self._legal_form_ends_at(start - 2)):  # "A AG und B GmbH": two names
                start -= 1
                continue
            if start == i and p.isalpha() and p.islower() and p not in FUNCTION_WORDS and len(p) > 2:
                start -= 1  # a lower-case brand: "sequa gGmbH", "adesso SE"
            break
        # "das Wittener Startup Lumetric Devices GmbH" → "Lumetric Devices GmbH"; not a head before a town
        # and the legal form alone ("Stadtentwicklungsgesellschaft Hamm mbH")
        while start < i - 1 and not 0 < self.place_at(start + 1) == i - start - 1 and (
                descriptor(self.t(start)) or self.t(start) in SUBUNITS
                or (self.t(start) in self.res.city_adjectives and (
                    descriptor(self.t(start + 1)) or not self.t(start + 1).lower().endswith(GENERIC_BUSINESS)))):
            start += 1
        while start < i and self.t(start) in {"&", "-", "+", "und", "für", "del", "de", "la", "der"}:
            start += 1
        if start < i:
            self.add(start, i + legal, "organisation", "legal-form", rdf_class=legal_class(self.t(i)),
                     confidence=0.9)

    def _legal_form_ends_at(self, k: int) -> bool:
        """A legal form ends at token ``k`` ("AG", "GmbH & Co. KG")."""
        return any(self.legal_form_at(j) == k - j + 1 for j in range(max(0, k - 5), k + 1))

    def _foreign_name(self, i: int, w: str) -> None:
        """A foreign designator opening a name: "Cámara de Comercio de Sevilla"."""
        if (w in FOREIGN_HEADS and is_cap(self.t(i + 1))) or (
                w in FOREIGN_HEADS and self.t(i + 1) in ROMANCE_CONNECTORS and is_cap(self.t(i + 2))):
            end = self.cap_run(i + 1, limit=6, connectors=ROMANCE_CONNECTORS) if is_cap(self.t(i + 1)) \
                else self.cap_run(i + 2, limit=6, connectors=ROMANCE_CONNECTORS)
            self.add(i, end, "organisation", "foreign-designator", rdf_class=designator(w) or "Organisation",
                     confidence=0.75)

    def _quoted_name(self, i: int, w: str) -> None:
        """A name in quotes after a role or an invitation: 'Direktor des "TÜV Nord Bildung"'."""
        cue = self.t(i - 2)
        if w not in _OPEN_QUOTES or self.t(i - 1) not in {"des", "der", "dem", "beim", "vom"} or not (
                self.gz.role_for(cue) or cue in {"Einladung", "Initiative", "Gast", "Besuch", "Mitglied"}):
            return
        end = self.cap_run(i + 1, limit=5)
        if end > i + 1 and self.t(end) in _CLOSE_QUOTES and self.same_sentence(i, end):
            self.add(i + 1, end, "organisation", "quoted-name", rdf_class=designator(self.t(end - 1)) or "Organisation",
                     confidence=0.7)

    def _place_brand(self, i: int, w: str) -> None:
        """An English word with a place: "Business Metropole Ruhr", "Invest in Bavaria"."""
        if w in PLACE_BRANDS and (self.place_at(i + 1) or (self.t(i + 1) == "in" and self.place_at(i + 2))):
            n = self.place_at(i + 1) or 1 + self.place_at(i + 2)
            self.add(i, i + 1 + n, "organisation", "place-brand", rdf_class="EconomicDevelopmentAgency",
                     confidence=0.7)

    def _trade_name(self, i: int, w: str) -> None:
        """A trade noun forming a name: "Tischlerei Vogelsang & Töchter", "Privatbrauerei Heinrich Kolbe"."""
        low = w.lower()
        if low in _DESCRIBING_DESIGNATORS:
            return
        if low.endswith(TRADE_HEADS) and is_cap(w) and is_cap(self.t(i + 1)) \
                and self.t(i + 1).lower() not in FUNCTION_WORDS and not self.place_at(i + 1) \
                and (not low.endswith("werke") or self.res.morphology.tag(self.t(i + 1)) == "NE"):
            end = self.cap_run(i + 1, limit=3, connectors=frozenset({"&", "und"}))
            if end > i + 1 and not any(self.legal_form_at(m) for m in range(i + 1, end + 1)):
                if self.t(end) in {"Söhne", "Töchter", "Partner"} or self.t(end - 1) in {"Söhne", "Töchter"}:
                    end = max(end, i + 2)
                self.add(i, end, "organisation", "trade-name", rdf_class="Company", confidence=0.75)

    def _camelcase_name(self, i: int, w: str) -> None:
        """A CamelCase compound: "BioMedizinZentrumDortmund" (class from a designator part)."""
        if CAMEL.match(w) and w not in CAMEL_STOP and len(w) >= 6 and w not in self.gz.surface \
                and not _NOT_A_NAME.search(w) \
                and w[:len(w) // 2].lower() != w[len(w) // 2:].lower():
            # "StudentInnen" are people, "BundesinstitutenDelegation" a group; "HomeHome" a menu read twice
            cls = ""
            for part in re.findall(r"[A-ZÄÖÜ][a-zäöüß0-9]+", w):
                cls = cls or designator(part)
            self.add(i, i + 1, "organisation", "camelcase", rdf_class=cls or "Organisation", confidence=0.75)

    def _chamber_around_acronym(self) -> None:
        """A chamber whose acronym stands inside its name: "Industrie- und Handelskammer (IHK) zu Essen",
        "… (IHK) Mittlerer Niederrhein" — one name, "Industrie- und Handelskammer zu Essen"."""
        for m in _CHAMBER_ACRONYM.finditer(self.text):
            tail = m["tail"]
            span = self.doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                self.add(span.start, span.end, "organisation", "chamber-acronym", rdf_class="ChamberOfCommerce",
                         confidence=0.85, attrs=(("name", f"{m['head']} {tail}"), ("acronym", m["acr"])))

    def _acronym_city(self, i: int, w: str) -> None:
        """An unknown acronym with a town after an article: "an der DHBW Stuttgart" (a campus or branch);
        a sports club's prefix with its town: "beim VfL Bochum", "der SG Wattenscheid 09"."""
        if w in CLUBS and self.gz.city(self.t(i + 1)) is not None:
            end = i + 2 + (1 if self.t(i + 2).isdigit() else 0)
            self.add(i, end, "organisation", "club-city", rdf_class="Association", confidence=0.75)
            return
        if ACRONYM.match(w) and w.isupper() and 2 <= len(w) <= 6 and w not in ACRONYM_STOP \
                and w not in self.gz.surface and w not in self.gz.demonyms and i >= 1 \
                and self.t(i - 1) in {"der", "dem", "des", "die", "Die", "Der", "zur", "beim", "vom", "am", "im"} \
                and self.gz.city(self.t(i + 1)) is not None and not is_cap(self.t(i + 2)):
            self.add(i, i + 2, "organisation", "acronym-city", rdf_class="Organisation", confidence=0.7,
                     attrs=(("acronym", w),))

    def _english_name(self, i: int, w: str) -> None:
        """An English name with a designator: "Chicago Council on Global Affairs"."""
        if is_cap(w) and self.next_english_head[i] - i <= 8 and (
                i == 0 or not is_cap(self.t(i - 1)) or self.sentence_start(i)):
            end = self.cap_run(i, limit=8, connectors=ENGLISH_CONNECTORS)
            words = [self.t(k) for k in range(i, end)]
            if len(words) >= 2 and any(x in ENGLISH_HEADS for x in words[1:]) and words[0] not in SUBUNITS:
                # ("das Geschäftsfeld Recht & Service" is a part of the house, not an English name)
                start = i + 1 if self.t(i).lower() in FUNCTION_WORDS else i
                while start < end - 2 and (descriptor(self.t(start)) or self.t(start) in self.gz.demonyms):
                    start += 1  # "der Stahlkonzern Bethlehem Steel Corporation", "die US-amerikanische …"
                self.add(start, end, "organisation", "english-name",
                         rdf_class=next((designator(x) for x in words[::-1] if designator(x)), "Organisation"),
                         confidence=0.8)

    def _designator_name(self, i: int, cls: str) -> None:
        """Names built around a designator word at token ``i``."""
        w = self.t(i)
        start = self._name_part_before(i, w)
        if start is None:
            return  # a bare common noun ("das Management")
        end = self._designator_end(i, w, start)
        if end is None:
            return
        if end == 0:
            first = w.split("-", 1)[0]
            k = i - 1  # (over coordinated first parts: "einer Ruhrgebiets- oder Niederrhein-Sparkasse")
            while self.t(k) in {"oder", "und", ","} and self.t(k - 1).endswith("-"):
                k -= 2
            if "-" in w and first[:1].isupper() and first.lower() not in FUNCTION_WORDS \
                    and first not in self.gz.demonyms and self.t(k).lower() not in INDEFINITE:
                end = i + 1  # "Ruhr-Universität", "RAG-Stiftung", "Fraunhofer-Institut"
                extra = self.place_at(end) or (1 if self.t(end) in {"Ruhr", "NRW", "Rhein-Ruhr", "Westfalen"} else 0)
                start -= 1 if self.t(start - 1) in {"St.", "Sankt"} else 0  # "St. Johannes-Hospital"
                self.add(start, end + extra, "organisation", "designator-compound", rdf_class=cls, confidence=0.7)
            return
        if end - start < 2 and start == i:
            return
        if start == i and w.lower() in _DESCRIBING_DESIGNATORS:
            return  # "der Nachrichtenagentur Reuters": the noun describes the name after it
        if start == i and w in _SITE_WORDS and self.place_at(i + 1) == end - i - 1:
            return  # "am Campus Hamm": a site of the university, not an organisation of its own
        start = self._extend_left(start)
        self.add(start, end, "organisation", "designator", rdf_class=cls, confidence=0.8)

    def _name_part_before(self, i: int, w: str) -> int | None:
        """Where a name with the designator ``w`` at ``i`` starts. "Fraunhofer-Institut", "Ruhr-Universität"
        are one token; capitalised words before an English designator belong to the name ("Innovation City
        Management"). ``None``: an English designator alone is a common noun."""
        start = i
        before = self.t(i - 1)
        if w in SCHOOLS and "-" in before and all(is_cap(x) for x in before.split("-")) and i > 0 \
                and self.same_sentence(i - 1, i):
            return i - 1  # "Martin-Luther-King Gesamtschule": a school's namesake written apart
        if w not in _ENGLISH_DESIGNATORS:
            return start
        while start > 0 and self.same_sentence(start - 1, i) and (
                (is_cap(self.t(start - 1)) and self.t(start - 1).lower() not in FUNCTION_WORDS
                 and not self.sentence_start(start) and not self.gz.role_for(self.t(start - 1))
                 and self.t(start - 1) not in self.res.city_adjectives and not descriptor(self.t(start - 1)))
                or (self.t(start - 1) in {"ve", "y", "de", "da", "do"} and is_cap(self.t(start - 2)))):
            start -= 1
        if start == i and not is_cap(self.t(i + 1)):
            return None
        return start

    def _designator_end(self, i: int, w: str, start: int) -> int | None:
        """Where the name around the designator at ``i`` ends: after a place ("Wirtschaftsförderung
        Dortmund", "IHK zu Essen"), a "für …" tail, a hyphenated city, a proper name. ``0``: none of
        these follows; ``None``: the words are a description, not a name."""
        nxt = self.t(i + 1)
        j = i + 1
        if nxt in {"zu", "für", "von"} and self.place_at(i + 2):
            j = i + 2
        entry_tokens = self.place_at(j) or (1 if self.t(j) in REGION_WORDS else 0)
        if entry_tokens:
            return j + entry_tokens
        if is_cap(nxt) and nxt.lower() not in FUNCTION_WORDS:
            for extra in (1, 2):  # "Ausbildungsverbund Metall Oberhausen-Mülheim", "Technologiezentrum Umwelt Ruhr"
                if all(is_cap(self.t(i + 1 + m)) and self.t(i + 1 + m).lower() not in FUNCTION_WORDS
                       and not self.gz.role_for(self.t(i + 1 + m)) for m in range(extra)) \
                        and (self.place_at(i + 1 + extra) or self.t(i + 1 + extra) in REGION_WORDS):
                    return i + 1 + extra + max(1, self.place_at(i + 1 + extra))
        if nxt in GERMAN_CONNECTORS_AFTER_HEAD and nxt not in {"in", "im", "am", "an"}:
            return self._connector_tail(i, w)
        if "-" in nxt and any(self.gz.city(part) for part in nxt.split("-")) and is_cap(nxt):
            return i + 2
        if is_cap(nxt) and nxt.lower() not in FUNCTION_WORDS and w in NAMED_DESIGNATORS and not _TIME.match(nxt) \
                and nxt not in _CREDITS:  # "Foto: Landratsamt Foto: …"
            end = self.cap_run(i + 1, limit=3, allow_connectors=False)
            # "der Vorstandsvorsitzende der Sparkasse Manfred Herpolsheimer": a person's name ends the run
            return next((m for m in range(i + 1, end) if self.t(m) in self.gz.first_names
                         and is_cap(self.t(m + 1)) and not self.place_at(m)), end)
        if start < i:
            return i + 1
        return 0

    def _connector_tail(self, i: int, w: str) -> int | None:
        """The end of "Institut für Auslandsbeziehungen", "Zentrum für Wasserstofftechnik Herne", or
        ``None`` for a description: "Netzwerk der Gesundheitswirtschaft", "das Kompetenzzentrum für
        Biomedizintechnik"."""
        nxt = self.t(i + 1)
        if nxt == "zu" and self.res.morphology.tag(self.t(i + 2)) != "NE":
            return None  # "das Generalkonsulat zu Gast", "der Kammer zu Lebzeiten": "zu" names only a seat
        k = i + 2
        took = 0
        listed = False
        while k < len(self.toks) and self.same_sentence(i, k) and took < (8 if listed else 5):
            x = self.t(k)
            if is_cap(x) and x.lower() not in FUNCTION_WORDS and not self.gz.role_for(x):
                k += 1
                took += 1
                continue
            if x == "," and took and self._noun_list_end(k + 1) is not None:
                k += 1  # "Ministerium für Wirtschaft, Energie, Industrie, Mittelstand und Handwerk"
                listed = True
                continue
            if x == "des" and took and self.t(k + 1) == "Landes" and (
                    self.place_at(k + 2) or self.t(k + 2) in REGION_WORDS):
                k += 2 + max(1, self.place_at(k + 2))  # "… und Handwerk des Landes NRW"
                break
            if x.endswith("-") and len(x) > 2:  # "Umwelt-, Sicherheits- und Energietechnik"
                k += 2 if self.t(k + 1) == "," else 1
                continue
            if (x in {"und", "&", "-"} or (x[:1].islower() and LOWER_ADJECTIVE.search(x) and x not in FUNCTION_WORDS
                                           and not self.place_at(k - 1))) and is_cap(self.t(k + 1)):
                k += 1
                continue
            if x == "und" and self.adjective_at(k + 1) and self.adjective_at(i + 2) and is_cap(self.t(k + 2)):
                k += 2  # "Zentrum für akademische Qualifikation und wissenschaftliche Weiterbildung"
                continue
            if x in {"in", "im"} and ((self.t(k + 1) == "der" and is_cap(self.t(k + 2))) or (x == "im"
                                      and is_cap(self.t(k + 1)) and self.t(k + 1) not in _NOT_AFTER_IM)) \
                    and not self.place_at(k + (2 if self.t(k + 1) == "der" else 1)):
                k += 2 if self.t(k + 1) == "der" else 1
                continue
            break
        if took == 0:
            return None
        end = k
        tail = [self.t(m) for m in range(i + 2, end) if is_cap(self.t(m))]
        place_tail = any(self.place_at(m) for m in range(i + 2, end))
        if nxt in {"der", "des"} and (
                (not place_tail and len(tail) == 1 and not (CAMEL.match(tail[0]) or tail[0].isupper()))
                or any(designator(x) in {"University", "ResearchInstitute", "ChamberOfCommerce"} for x in tail)):
            # "Netzwerk der Gesundheitswirtschaft", "An-Institut der Hochschule …", "Medizinische Fakultät der
            # Universität Duisburg-Essen": no own name (the university is named on its own)
            return None
        if w.split("-", 1)[0].lower() in FUNCTION_WORDS:
            return None
        if tail and nxt in {"zur", "zum"} and (designator(tail[0]) or self.legal_form_at(end)):
            return None  # "Wirtschaftsförderung zur Landesgesellschaft NRW.Invest GmbH": two organisations
        if tail and nxt in {"der", "des"} and tail[0].isupper() and len(tail[0]) >= 2:
            return None  # "Unterstützernetzwerk des DWIH": a part of another organisation
        # generic description: "das Kompetenzzentrum für Biomedizintechnik" (compound head after an
        # article, no proper name in the tail) is a description, not a name
        compound = w not in DESIGNATORS and nominative(w) not in DESIGNATORS
        if compound and self.t(i - 1).lower() in DETERMINERS and not place_tail:
            return None
        return end

    def _noun_list_end(self, k: int) -> int | None:
        """Where the rest of a list inside a name ends: capitalised nouns separated by commas from ``k``
        on, closed by "und <Noun>" ("Natur, Umwelt und Verbraucherschutz") — the token after that noun;
        ``None`` when no such list follows."""
        m = k
        while m < k + 12 and m < len(self.toks) and (
                self.t(m) == "," or (is_cap(self.t(m)) and self.t(m).lower() not in FUNCTION_WORDS
                                     and not self.gz.role_for(self.t(m)) and not self.place_at(m))):
            m += 1
        if m > k and is_cap(self.t(k)) and self.t(m) == "und" and is_cap(self.t(m + 1)) \
                and self.t(m + 1).lower() not in FUNCTION_WORDS and self.same_sentence(k, m + 1):
            return m + 2
        return None

    def _extend_left(self, start: int) -> int:
        """Take in "Industrie- und" and capitalised adjectives before a designator: "Südwestfälische
        Industrie- und Handelskammer", "Technische Hochschule", "Deutsche Gesellschaft"."""
        first = start
        while start > 0 and self.same_sentence(start - 1, start):
            p = self.t(start - 1)
            if p == "und" and self.t(start - 2).endswith("-"):
                start -= 2
                continue
            if ADJECTIVE.match(p) and p.lower() not in FUNCTION_WORDS and p not in self.res.city_adjectives \
                    and not self.gz.role_for(p) and p not in self.gz.demonyms and not self.gz.surface.get(p):
                start -= 1
                continue
            if p.isupper() and 2 <= len(p) <= 6 and p.isalpha() and p.lower() not in FUNCTION_WORDS \
                    and not self.place_at(start - 1) and p not in REGION_WORDS and not self.sentence_start(start - 1) \
                    and start == first:
                start -= 1  # "der DZNE Forschungszentrum für …": the acronym is part of the name
                break
            if p in self.gz.demonyms and p[:1].isupper() and start - 1 > 0 and not self.sentence_start(start - 1):
                start -= 1  # "Deutsch-Ungarische", "Japanische Industrie- und Handelskammer"
                continue
            break
        return start

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
            if self.t(k) in MANAGEMENT and self.t(k + 1) in {"der", "des"}:
                k += 2  # "Vorsitzender der Geschäftsführung der Business Metropole Ruhr": the house after it
            stripped = False
            if (past := self._past_descriptors(k)) > k:
                k, stripped = past, True
            if not is_cap(self.t(k)) or self.t(k).lower() in FUNCTION_WORDS or self.unit_at(k):
                continue
            end = self.cap_run(k, limit=5)
            if self.t(end) == "," and self.t(end - 2) == "für" and (stop := self._noun_list_end(end + 1)):
                end = stop  # "NRW-Ministeriums für Arbeit, Gesundheit und Soziales"
            # the run stops where a person's name starts ("des Westfalenkreis.de e.V. Klaus Brenner") and
            # before "in <place>" ("der Bundesrepublik in Shenyang")
            end = min([end] + [c.start_tok for c in persons if k < c.start_tok < end]
                      + [m for m in range(k + 1, end) if self.t(m) == "in" and self.place_at(m + 1)]
                      # "der Business Metropole Ruhr und der Stadt Essen": two houses, not one name
                      + [m for m in range(k + 1, end) if self.t(m) == "und" and self.t(m + 1).lower() in DETERMINERS]
                      + [m for m in range(k + 1, end) if self.t(m) in {"im", "in"} and self.t(m + 1) in _NOT_AFTER_IM]
                      # "der GIZ für Mosambik": an acronym's country office, not another name
                      + [m for m in range(k + 1, end) if self.t(m) == "für" and self.t(m - 1).isupper()
                         and self.gz.country(self.t(m + 1))])
            while end > k + 1 and self.t(end - 1) in {"und", "&", "oder"}:
                end -= 1  # cut before a person: "der IHK und Werner Koopmann" ends with the house
            if self.t(k) in STATE_WORDS:
                continue  # "Generalkonsul der Bundesrepublik Deutschland": a state, not an organisation
            cut = next((m for m in range(k + 1, end - 1) if self.t(m) in {"der", "des"}
                        and designator(self.t(m + 1)) in {"University", "ResearchInstitute"}), None)
            if cut is not None:
                if any(SUBUNIT_HEAD.search(self.t(m)) for m in range(k, cut)):
                    continue  # "der Medizinischen Fakultät der Universität Duisburg-Essen": the university's
                end = cut
            if end > k and not self.place_at(k) == end - k:
                words = [self.t(m) for m in range(k, end)]
                name_like = any(designator(x) or CAMEL.match(x) or x.isupper() or any(ch.isdigit() for ch in x)
                                or "." in x or self.legal_form_at(k + n) for n, x in enumerate(words)) \
                    or (after_role and self._name_like(words))  # "Geschäftsführer von Wibit Sports"
                generic = ANAPHORS.get(words[0], "-") in _GENERIC_ANAPHORS
                if len(words) == 1 and (words[0] in self.gz.first_names or generic
                                        or not (name_like or stripped or "-" in words[0])):
                    continue  # a single common noun ("der Geschäftsführung", "des Vereins") is no name
                if (bare_von or len(words) > 1) and not name_like and not (
                        len(words) > 1 and "NE" in {self.res.morphology.tag(x) for x in words}):
                    continue  # "Vertreter von Handelshäusern", "der Vorsitzende der Stadtregierung und des Stadtrates"
                cls = next((designator(x) for x in words[::-1] if designator(x)), "Organisation")
                self.add(k, end, "organisation", "preposition-context", rdf_class=cls, confidence=0.7)


    def parenthesised_organisations(self) -> None:
        """A name in parentheses right after a person: "Frank Tillmanns (Rheinisch-Westfälische Handelsbank)",
        "Maria Beispiel (IAT)", "Eva Muster (Muster HRM, v.l.)" — how captions and lists name a person's
        house. Places, roles, parliament abbreviations and picture positions are not organisations."""
        for c in [c for c in self.cands if c.kind == "person"]:
            k = c.end_tok
            while self.t(k).strip() == "" and "\n" not in self.t(k) and k < c.end_tok + 3 and self.t(k):
                k += 1  # "Karin Beispiel  (Stadtsparkasse Düsseldorf, v.l.)"
            if self.t(k) != "(" or not is_cap(self.t(k + 1)) or self.t(k + 1) in _NOT_IN_PARENS:
                continue
            k = self._past_descriptors(k + 1)  # "(Firma Soravia Investment Holding GmbH)"
            end = self.cap_run(k, limit=5)
            if end <= k or self.t(end) not in {")", ",", ";"}:
                continue
            words = [self.t(m) for m in range(k, end)]
            if self.place_at(k) == end - k or any(self.gz.role_for(x) or x in TITLES for x in words) \
                    or any(x in _NOT_IN_PARENS or x.lower() in FUNCTION_WORDS for x in words) \
                    or all(x in self.gz.first_names for x in words) or words[0][:1].isdigit() \
                    or words[0] in SUBUNITS:  # "(Ressort Mitgliederbetreuung)": a post in a house
                continue
            if len(words) == 1 and not (self._name_like(words) or designator(words[0])):
                continue
            cls = next((designator(x) for x in words[::-1] if designator(x)), "Organisation")
            self.add(k, end, "organisation", "person-paren-name", rdf_class=cls, confidence=0.7)

    def _past_descriptors(self, k: int) -> int:
        """The token after the descriptors and town adjectives at ``k``: "Oldenburger Energie- und
        Telekommunikationsunternehmen EWE" → the index of "EWE"."""
        while True:
            if descriptor(self.t(k)) or self.t(k) in self.res.city_adjectives:
                k += 1
                continue
            if is_cap(self.t(k)) and self.t(k + 1).lower().endswith(APART_DESCRIPTOR_HEADS) and is_cap(self.t(k + 2)):
                k += 2  # a compound written apart: "Basketball Bundesligist GIESSEN 46ers"
                continue
            m = k  # the first parts of a coordinated compound: "Energie- und", "Bau-, Energie- und"
            while len(self.t(m)) > 2 and self.t(m).endswith("-") and self.t(m + 1) in {",", "und", "oder", "sowie"}:
                m += 2
            if m > k and descriptor(self.t(m)):
                k = m + 1
                continue
            return k
