"""Person rules of the mention finder (private to ``mentions``).

An academic title or honorific ("Dr. Joanna Stachnik", "Frau Nguyen"), a known first name and a
surname, a role noun before a name ("Prokurist Jörg Kemna"), a speech verb before a name ("…“,
sagt Lan Nguyen") and an apposition ("Lan Nguyen, Leiterin des …"). A name that the gazetteer
knows as something else, or that contains a designator, is not a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ruhrgraph.extract._finder import FinderBase
from ruhrgraph.extract.lexicon import (
    CAMEL,
    FUNCTION_WORDS,
    HONORIFICS,
    LEGAL_FORMS,
    PARTICLES,
    SPEECH_VERBS,
    SUBUNITS,
    TITLES,
    designator,
    is_cap,
)

_TITLE_PARTS = {"med.", "rer.", "nat.", "h.c."}
_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")  # a middle initial: "Kerstin M. Albrecht"
_QUOTE_ENDS = {",", "“", "”", '"', "«", "»"}


#: Words that qualify a role after a name: "…, Vice President", "…, Geschäftsführender Gesellschafter".
_ROLE_MODIFIERS = frozenset({"Vice", "Senior", "Executive", "Chief", "General", "Managing", "Deputy", "Associate",
                             "Stellvertretender", "Stellvertretende", "stellvertretender", "stellvertretende",
                             "Geschäftsführender", "Geschäftsführende", "geschäftsführender", "geschäftsführende",
                             "Kaufmännischer", "Kaufmännische", "kaufmännischer", "kaufmännische", "Technischer",
                             "Technische", "technischer", "technische", "Erster", "Erste", "Zweiter", "Zweite",
                             "neuer", "neue", "ehemaliger", "ehemalige", "langjähriger", "langjährige",
                             "amtierender", "amtierende", "scheidender", "scheidende"})


#: nouns of kinship and succession that stand before "von <Name>" without being a first name
_RELATION_NOUNS = frozenset({"Nachfolger", "Nachfolgerin", "Vorgänger", "Vorgängerin", "Stellvertreter",
                             "Stellvertreterin", "Sohn", "Tochter", "Witwe", "Witwer", "Enkel", "Enkelin",
                             "Bruder", "Schwester", "Ehefrau", "Ehemann", "Partner", "Partnerin", "Gründer",
                             "Gründerin", "Erbe", "Erbin"})
#: Particles a surname may start with right after a first name ("Sebastian van Deel"); not "von"
#: ("Julia von der Wirtschaftsförderung")
_FOREIGN_PARTICLES = frozenset({"van", "de", "di", "da", "del", "ten", "ter", "dos", "du", "le", "la"})


#: words of time that end a name before a month or a date: "… Michael Schwarz Anfang März", "… Probe Ende 2024"
_TIME_WORDS = frozenset({"Anfang", "Ende", "Mitte"})
_MONTHS = frozenset({"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                     "November", "Dezember"})
_MUNICIPAL = frozenset({"Stadt", "Gemeinde", "Kreis", "Landkreis", "Hansestadt", "Bundesstadt"})

class PersonRules(FinderBase):
    """Candidates for people."""

    def persons(self) -> None:
        """Every person pattern at every token, in token order."""
        for i in range(len(self.toks)):
            if self.is_space(i):
                continue
            w = self.t(i)
            if w in TITLES or w in HONORIFICS:
                self._titled_name(i)
                continue
            if self._given(w) and w.lower() not in FUNCTION_WORDS and is_cap(w):
                self._first_name(i)
                continue
            if w in self.gz.rare_first_names:
                self._rare_first_name(i)
            if self.gz.role_for(w):
                self._name_after(i, "role-name", skip=lambda k: self.t(k) in TITLES
                                 or (self.t(k) == "." and self.t(k - 1) in TITLES))
            if w in SPEECH_VERBS and i > 0 and self.t(i - 1) in _QUOTE_ENDS:
                self._name_after(i, "speech", skip=lambda k: self.t(k) in TITLES)
            self._apposition(i, w)
            self._name_before_house(i, w)

    def _name_before_house(self, i: int, w: str) -> None:
        """A name German morphology knows, before its house in parentheses, in a list: "Neu im Amt ist
        Marjoke Breuning (IHK Stuttgart) als Vizepräsidentin"."""
        nxt, house = self.t(i + 1), self.t(i + 3)
        if self.t(i + 2) == "(" and is_cap(w) and is_cap(nxt) and w.isalpha() and nxt.replace("-", "").isalpha() \
                and self.t(i - 1) in {":", ",", "ist", "sind", "und", "sowie", "wie"} \
                and (house.isupper() or designator(house)) and len(house) >= 2 \
                and self.res.morphology.tag(w) == "NE" and self.res.morphology.tag(nxt) == "NE" \
                and not self._looks_like_org_or_place(i, i + 2) and not self.place_at(i) and not self.place_at(i + 1):
            self.add(i, i + 2, "person", "name-before-house", confidence=0.7, attrs=(("name_start", str(i)),))

    def _given(self, w: str) -> bool:
        """A known first name, or a hyphenated pair of them ("Heinrich-Josef", "Anna-Lena")."""
        if w in self.gz.first_names:
            return True
        parts = w.split("-")
        # "Klaus-Hinrich": a first name joined to a word German morphology knows as a proper name
        return len(parts) == 2 and parts[0] in self.gz.first_names and is_cap(parts[1]) and (
            parts[1] in self.gz.first_names or (len(parts[1]) >= 3 and self.res.morphology.tag(parts[1]) == "NE"))

    def _titled_name(self, i: int) -> None:
        """Titles: "Dr. Joanna Stachnik", "Prof. Dr. Anna Beispiel", "Dr. Stachnik"."""
        if i > 0 and (self.t(i - 1) in TITLES or self.t(i - 1) in HONORIFICS):
            return
        k = i
        while self.t(k) in TITLES or self.t(k) in HONORIFICS or self.t(k) in _TITLE_PARTS \
                or (self.t(k) == "." and self.t(k - 1) in TITLES):
            k += 1
        end = self._name_end(k, max_tokens=3)
        if end > k:
            self.add(i, end, "person", "title", confidence=0.9, attrs=(("name_start", str(k)),))

    def _first_name(self, i: int) -> None:
        """A first name (or two) and a surname."""
        k = i + 1
        while (self._given(self.t(k)) or _INITIAL.match(self.t(k))) and is_cap(self.t(k + 1)) and k - i < 2 \
                and self.same_sentence(i, k + 1):
            k += 1
        end = self._name_end(k, max_tokens=2)
        if end == k and k == i + 1 and self.t(k) in _FOREIGN_PARTICLES:
            end = self._name_end(i, max_tokens=2)  # "Sebastian van Deel", "Maria de la Cruz"
            end = end if end > k + 1 else k
        if end > k and not self._looks_like_org_or_place(i, end):
            self.add(i, end, "person", "first-name", confidence=0.9, attrs=(("name_start", str(i)),))

    def _rare_first_name(self, i: int) -> None:
        """A rare first name before a surname German morphology knows as a proper name ("Rouven
        Beeck"); the name ends there ("Ideal Standard", a brand, is no person: "Standard" is a noun)."""
        nxt = self.t(i + 1)
        if not (is_cap(nxt) and nxt.replace("-", "").isalpha() and len(nxt) >= 3 and self.same_sentence(i, i + 1)):
            return
        third = self.t(i + 2)  # a third capitalised word makes the span unclear ("Zander Haustechnik Essen")
        if self.res.morphology.tag(nxt) != "NE" or nxt in self.gz.first_names or self.gz.role_for(nxt) \
                or self.place_at(i + 1) or self.place_at(i) or designator(nxt) \
                or (is_cap(third) and third[:1].isalpha() and third.lower() not in FUNCTION_WORDS):
            return
        if not self._looks_like_org_or_place(i, i + 2):
            self.add(i, i + 2, "person", "rare-first-name", confidence=0.8, attrs=(("name_start", str(i)),))

    def _name_after(self, i: int, rule: str, skip: Callable[[int], bool]) -> None:
        """Two or three name tokens after a cue word at ``i`` (titles skipped): "Prokurist Jörg Kemna",
        "…“, sagt Lan Nguyen"."""
        k = i + 1
        while skip(k):
            k += 1
        if rule == "role-name" and self.t(k).isupper() and len(self.t(k)) >= 3:
            if not self._given(self.t(k + 1)):
                return  # "Geschäftsführer KOCH Pac-Systeme": a house in capitals, no person
            k += 1  # "Geschäftsführer HAIX Stefan Amberger": the house, then the person
        end = self._name_end(k, max_tokens=3)
        end = next((m for m in range(k + 1, end) if designator(self.t(m))), end)  # "Schnepf Planungsgruppe"
        if end - k >= 2 and not self._looks_like_org_or_place(k, end):
            self.add(k, end, "person", rule, confidence=0.8, attrs=(("name_start", str(k)),))

    def _apposition(self, i: int, w: str) -> None:
        """"Lan Nguyen, Leiterin des …", "Youris Mesmiudi, Vice President von …", in a caption "Kuo-Wei
        Tsai (Chefredakteur des …)"."""
        role_at = i + 4 if self.t(i + 3) in _ROLE_MODIFIERS else i + 3
        if is_cap(w) and is_cap(self.t(i + 1)) and self.t(i + 2) in {",", "("} \
                and (self.gz.role_for(self.t(role_at)) or self.t(i + 3) in TITLES) \
                and w.lower() not in FUNCTION_WORDS and not self.gz.role_for(self.t(i - 1)) \
                and not (w in _MUNICIPAL and self.place_at(i + 1)):  # "der Stadt Herford, Prof. …"
            if not self._looks_like_org_or_place(i, i + 2) and not designator(w) and not designator(self.t(i + 1)):
                self.add(i, i + 2, "person", "apposition", confidence=0.75, attrs=(("name_start", str(i)),))

    def _name_end(self, k: int, max_tokens: int) -> int:
        """End of a personal name starting at ``k``: capitalised tokens and particles."""
        end = k
        count = 0
        while end < len(self.toks) and count < max_tokens and self.same_sentence(k, end):
            x = self.t(end)
            if x in PARTICLES and is_cap(self.t(end + 1)) and count == 1 and not CAMEL.match(self.t(end + 1)) \
                    and (x not in {"der", "den"} or self.t(end - 1) in {"van", "von"}) \
                    and "-" not in self.t(end - 1) and self.t(end - 1) not in _RELATION_NOUNS \
                    and not self.gz.role_for(self.t(end - 1)) \
                    and not (x == "von" and is_cap(self.t(end + 2)) and self.same_sentence(end, end + 2)):
                end += 1  # "Ursula von der Leyen", not "Nachfolger von Lothar Petzold", "Matt von Premium Aerotec"
                continue
            if x in {"van", "de"} and self.t(end + 1) in {"der", "den", "la"} and count == 1 \
                    and is_cap(self.t(end + 2)) and not CAMEL.match(self.t(end + 2)) and "-" not in self.t(end - 1):
                end += 2  # "Anthony van der Ley"
                continue
            if count == 1 and _INITIAL.match(x) and is_cap(self.t(end + 1)) and self.same_sentence(k, end + 1) \
                    and self.t(end - 1) in self.gz.first_names:
                end += 1  # "Dr. Kerstin M. Albrecht": the middle initial is part of the name
                continue
            if is_cap(x) and x.isalpha() is False and not re.match(r"^[A-ZÄÖÜ][\w'’-]+$", x):
                break
            if count > 0 and ((x in _TIME_WORDS and (self.t(end + 1) in _MONTHS or self.t(end + 1)[:1].isdigit()))
                              or (x in _MONTHS and self.t(end + 1)[:1].isdigit())):
                break  # "sagte Geschäftsführer Michael Schwarz Anfang März" (but "Kornelia Freitag")
            if not is_cap(x) or x.lower() in FUNCTION_WORDS or x in LEGAL_FORMS or (x.isupper() and len(x) > 1 \
                    and count > 0):
                break
            if self.gz.role_for(x) or (designator(x) and count > 0) or x in self.gz.demonyms \
                    or ("-" in x and count > 0 and self.gz.role_for(x.split("-", 1)[0])):
                break  # (nor "Geschäftsführer-Vertrag" after "Ulrich Köllmanns")
            surname_seen = count >= 2 or (count == 1 and self._given(self.t(k - 1))
                                          and self.t(end - 1) not in self.gz.first_names)
            if surname_seen and (
                    (x in self.gz.first_names and is_cap(self.t(end + 1)) and self.same_sentence(k, end + 1))
                    or self.gz.city(x) is not None):
                break  # after a surname: the next person's first name ("Kreck Albert Einstein") or a town
            end += 1
            count += 1
            if count >= 1 and x not in self.gz.first_names and max_tokens > 1 and count >= 2:
                break
        return end

    def _looks_like_org_or_place(self, start: int, end: int) -> bool:
        """Do tokens ``start:end`` name something else the gazetteer knows, or contain a designator?"""
        form = self.text[self.toks[start].idx:self.toks[end - 1].idx + len(self.t(end - 1))]
        for key in self.gz.surface.get(form, []):
            if not key.startswith("city:"):
                return True
        if any(self.t(k) in SUBUNITS for k in range(start, end)):
            return True  # "Dekan Fachbereich Maschinenbau"
        first = self.t(start)
        if (first in _MUNICIPAL or (first.isupper() and len(first) >= 2)) and self.place_at(start + 1):
            return True  # a caption's "Bürgermeister Stadt Münster Klaus Rosenau", "Geschäftsführer DGB Münsterland"
        return any(designator(self.t(k)) for k in range(start, end)) and not all(
            self.t(k) in self.gz.first_names for k in range(start, end - 1))
