"""List rules of the mention finder (private to ``mentions``): companies named in lists.

"Unternehmen wie A, B und C", "darunter A, B sowie C", "(u. a. A, B und C)", "das E-Commerce-Unternehmen
Chal-Tec", "die Firma Cyberdyne", "Thyssen-Krupp-Gruppe"; an item must look like a name.
"""

from __future__ import annotations

import re

from ruhrgraph.extract._finder import FinderBase
from ruhrgraph.extract.lexicon import CAMEL, FUNCTION_WORDS, descriptor, designator, is_cap

_LIST_HEADS = frozenset({"Unternehmen", "Firmen", "Betriebe", "Konzerne", "Mittelständler", "Startups", "Start-ups",
                         "Partner", "Aussteller", "Marken", "Hersteller", "Händler", "Dienstleister", "Institute",
                         "Einrichtungen", "Organisationen", "Arbeitgeber"})
#: the trades a firm is named by after its owner's family name ("Hess Maschinenbau")
_TRADES = ("maschinenbau", "anlagenbau", "metallbau", "stahlbau", "technik", "logistik", "systeme", "automation",
           "elektronik", "kunststoffe", "kunststofftechnik", "transporte", "immobilien", "bedachungen", "haustechnik",
           "unternehmensgruppe", "firmengruppe")
_AMPERSAND = frozenset({"&"})
#: "Schäfer-Gruppe", "Max-Aicher-Unternehmensgruppe"
_GROUP_COMPOUND = re.compile(r"^[A-ZÄÖÜ][\w&]+(?:-[A-ZÄÖÜ][\w&]+){0,2}-(?:Gruppe|Unternehmensgruppe|Firmengruppe|"
                             r"Konzern|Holding|Werke)$")


class ListRules(FinderBase):
    """Organisations in lists, and what makes a few capitalised words look like a name."""

    def list_organisations(self) -> None:
        """Companies named in a list after a generic noun: "Unternehmen wie A, B und C", "darunter A,
        B sowie C", "(u. a. A, B und C)". An item must look like a name — an acronym, a CamelCase or
        dotted brand, digits, or a word German morphology knows as a proper noun, not a common noun."""
        for i in range(len(self.toks)):
            w = self.t(i)
            start, least, rule = None, 2, "list-item"
            if w in {"darunter", "beispielsweise"} or (w == "wie" and i > 0 and self.t(i - 1) in _LIST_HEADS):
                start = i + 1
            elif w == "zum" and self.t(i + 1) == "Beispiel":
                start = i + 2
            elif w in {"u.", "u.a."} and (w == "u.a." or self.t(i + 1) == "a."):
                start = i + (1 if w == "u.a." else 2)
            elif _GROUP_COMPOUND.match(w):  # "mit der Schäfer-Gruppe sowie …" (not a descriptor before a name)
                self.add(i, i + 1, "organisation", "group-compound", rdf_class="Company", confidence=0.7)
            elif is_cap(w) and descriptor(w) and self.t(i + 1) != "wie":
                start, least, rule = i + 1, 1, "descriptor-name"  # "das E-Commerce-Unternehmen Chal-Tec"
            self._name_and_trade(i, w)
            self._visited_name(i, w)
            if start is None:
                continue
            firm = w in {"Firma", "Fa."}
            items = self._list_items(start, lenient=firm)
            if not items and rule == "descriptor-name":  # "beim Maschinenbauer Eickhoff und das Aus …"
                items = self._list_items(start, single=True)
            rule = "firm-name" if firm else rule
            if len(items) >= least:
                for a, b in items:
                    self.add(a, b, "organisation", rule, rdf_class="Company", confidence=0.65)

    def _visited_name(self, i: int, w: str) -> None:
        """The house a group visits, named without any other cue: "ein Besuch bei Krohne-Messtechnik",
        "zu Gast bei Vossloh" — a hyphenated name of capitalised parts or a word German morphology knows
        as a proper name, not a place, person or role."""
        if w != "bei" or self.t(i - 1) not in {"Besuch", "Gast", "Station", "Werksbesuch", "Firmenbesuch"}:
            return
        name = self.t(i + 1)
        if not is_cap(name) or self.t(i + 2)[:1].isupper() or self.place_at(i + 1) \
                or name in self.gz.first_names or self.gz.role_for(name) or name.lower() in FUNCTION_WORDS:
            return
        parts = name.split("-")
        if (len(parts) > 1 and all(is_cap(x) for x in parts)) or self.res.morphology.tag(name) == "NE":
            self.add(i + 1, i + 2, "organisation", "visited-name", rdf_class="Company", confidence=0.65)

    def _name_and_trade(self, i: int, w: str) -> None:
        """A family name and the trade of its firm: "Hess Maschinenbau in Burbach", "Kemper Metalltechnik"
        (the name a proper noun German morphology knows, the trade a common noun; no town or first name)."""
        if not w[:1].isupper():
            return
        trade = self.t(i + 1)
        if not (is_cap(w) and w.isalpha() and is_cap(trade) and len(trade) >= 5
                and trade.lower().endswith(_TRADES)) or self.t(i - 1) in self.gz.first_names:
            return
        if w in self.gz.first_names or w in self.gz.rare_first_names or self.place_at(i) or self.place_at(i + 1) \
                or self.gz.role_for(w) or self.gz.role_for(trade) or w in self.gz.demonyms:
            return
        morph = self.res.morphology
        if morph.tag(w) == "NE" and morph.tag(trade) == "NN" and not is_cap(self.t(i + 2)):
            self.add(i, i + 2, "organisation", "name-and-trade", rdf_class="Company", confidence=0.65)

    def _list_items(self, k: int, lenient: bool = False, single: bool = False) -> list[tuple[int, int]]:
        """Name-like items separated by ",", "und", "sowie" from token ``k``; empty when one is not.
        With ``lenient`` (after "die Firma") any capitalised words that are not function words name it;
        with ``single`` only the first item is read, whatever follows it."""
        items: list[tuple[int, int]] = []
        while k < len(self.toks):
            if not is_cap(self.t(k)) and not self.t(k)[:1].isdigit():
                done = self.t(k - 1) not in {",", "und", "sowie"} or (  # "…, C sowie die Hochschule X"
                    len(items) >= 2 and self.t(k - 1) != "," and self.t(k) in {"die", "der", "das", "den", "dem"})
                return items if items and done else []
            end = self.cap_run(k, limit=3, connectors=_AMPERSAND)  # "Scheidt & Bachmann" is one name
            words = [self.t(m) for m in range(k, end)]
            # "Eickhoff Bergbautechnik in Bochum": an item with its town is a name unless a common noun
            placed = self.t(end) == "in" and bool(self.place_at(end + 1)) and not self.place_at(k) \
                and (len(words) > 1 or self.res.morphology.tag(words[0]) != "NN") \
                and not any(x.lower() in FUNCTION_WORDS or x in _LIST_HEADS for x in words)
            if end <= k or not (self._name_like(words) or placed or (lenient and not any(
                    x.lower() in FUNCTION_WORDS for x in words))):
                return []
            while lenient and end - k > 1 and self._object_noun(self.t(end - 1)):
                end -= 1  # "mit der Firma Pergan Wirtschaftskontakte anstrebt": the object, not the name
            items.append((k, end))
            k = end + (1 + self.place_at(end + 1) if placed else 0)
            if lenient or single:
                break  # "die Firma Cyberdyne, Hersteller von …": one firm
            if self.t(k) in {",", "und", "sowie", "oder"}:
                k += 1
                continue
            break
        return items

    def _object_noun(self, w: str) -> bool:
        """A long plural or abstract common noun that ends no firm's name ("Wirtschaftskontakte"; not "Probe")."""
        return w.isalpha() and w[1:].islower() and len(w) >= 8 and w.endswith(("e", "en", "ung", "ungen")) \
            and not designator(w) \
            and not w.lower().endswith(_TRADES) and self.res.morphology.tag(w) == "NN"  # ("Kemper Music" stays)

    def _name_like(self, words: list[str]) -> bool:
        if any(w.lower() in FUNCTION_WORDS for w in words):
            return False
        for w in words:
            if CAMEL.match(w) or (w.isupper() and len(w) >= 2) or any(ch.isdigit() for ch in w) or "." in w[1:-1]:
                return True
        morph = self.res.morphology
        tags = [morph.tag(w) for w in words]
        return "NE" in tags and "NN" not in tags[-1:]

    def role_bare_houses(self) -> None:
        """"P, Geschäftsführer KOCH Pac-Systeme, …", "Inhaberin und Geschäftsführerin Mawa, …", "Geschäftsführer
        HAIX Stefan Amberger": in a list of people with their functions, a name right after the role noun,
        with no article, is the house they hold it at — when it looks like a name (capitals, a hyphenated or
        CamelCase brand, a proper noun by German morphology) and not like a department ("Leiter Vertrieb")
        or a person ("Geschäftsführer Stefan Amberger")."""
        persons = {c.start_tok for c in self.cands if c.kind == "person"}
        for c in [c for c in self.cands if c.kind == "role" and c.end_tok == c.start_tok + 1]:
            s, i = c.start_tok, c.end_tok
            listed = self.t(s - 1) in {",", ":", ";"} or (
                self.t(s - 1) == "und" and self.gz.role_for(self.t(s - 2)) is not None and self.t(s - 3) in {",", ":"})
            if not listed or not self.same_sentence(s, i) or not self._house_word(self.t(i), first=True):
                continue
            end = i + 1
            while end < i + 4 and self.same_sentence(i, end) and end not in persons and self._house_word(self.t(end)):
                end += 1
            after = self.t(end)
            if not (after in {",", ")", ";", "."} or end in persons or self.is_space(end) or end >= len(self.toks)):
                continue
            words = [self.t(k) for k in range(i, end)]
            if len(words) == 2 and all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in words) \
                    and not any(designator(w) for w in words):
                continue  # "Geschäftsführer Joëlle Seggert": two plain words are a name of a person more often
            self.add(i, end, "organisation", "role-bare-name", rdf_class="Organisation", confidence=0.65)

    def _house_word(self, w: str, first: bool = False) -> bool:
        """Could ``w`` be (the first) part of a house's name after a role noun?"""
        if not w[:1].isupper() or w.lower() in FUNCTION_WORDS or w in self.gz.first_names \
                or self.gz.role_for(w) is not None or (first and self.place_at_word(w)):
            return False
        if (w.isupper() and len(w) > 1) or CAMEL.match(w) or ("-" in w and all(p[:1].isupper() for p in w.split("-"))):
            return True
        return self.res.morphology.tag(w) == "NE" or (not first and bool(designator(w)))

    def place_at_word(self, w: str) -> bool:
        """Is ``w`` alone a town or a country the gazetteer knows?"""
        return self.gz.city(w) is not None or self.gz.country(w) is not None
