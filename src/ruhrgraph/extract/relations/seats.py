"""Seat rules: where an organisation sits (``rg:basedIn``, with a street address when one is given).

In order: a city inside the organisation's name ("Wirtschaftsförderung Dortmund",
"BioMedizinZentrumDortmund", "Hagener Präzisionsteile GmbH"); the gazetteer seat when the
article names that city too; the phrasings of :data:`~.patterns.LOCATION_PATTERNS` ("mit Sitz
in C", "O aus C", "in C ansässige O" …); an address ("an der Musterstraße 5 in C").
"""

from __future__ import annotations

import re

from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract.relations._base import BuilderBase
from ruhrgraph.extract.relations.patterns import ADDRESS, LOCATION_PATTERNS
from ruhrgraph.extract.relations.symbols import SymbolSentence
from ruhrgraph.model import Entity, Mention


class SeatRules(BuilderBase):
    """Seats of organisations."""

    def locations(self) -> None:
        """Every seat rule."""
        self._cities_in_names()
        self._gazetteer_seats()
        for st in self.sents:
            self._seat_patterns(st)
            self._addresses(st)

    def _cities_in_names(self) -> None:
        """A city inside an organisation's name: "Wirtschaftsförderung Dortmund", "BioMedizinZentrumDortmund"."""
        for ent in self.entities:  # a city found only inside a name joins the entities (and this loop)
            if ent.kind != "organisation":
                continue
            for m in ent.mentions:
                city = self._city_in_name(m)
                if city is not None:
                    self._location(ent, city, m.sentence, 0.75, "city-in-name")
                    break

    def _gazetteer_seats(self) -> None:
        """The gazetteer knows the seat, and the article names that city too."""
        cities = {str(e.iri): e for e in self.entities if e.kind == "city"}
        for ent in self.entities:
            key = self.gz.by_iri.get(str(ent.iri))
            if ent.kind != "organisation" or key is None or not self.gz.entries[key].city:
                continue
            seat = self.gz.city(self.gz.entries[key].city)
            city = cities.get(str(seat.iri)) if seat is not None else None
            # the city named in a sentence that names the organisation too ("E.ON" in an article that
            # mentions Essen elsewhere is no statement of its seat)
            shared = sorted({m.sentence for m in ent.mentions} & {m.sentence for m in city.mentions}) if city else []
            if city is not None and shared:
                self._location(ent, city, shared[0], 0.9, "gazetteer-seat")

    def _seat_patterns(self, st: SymbolSentence) -> None:
        kinds = {m.kind for m in st.index.values()}
        if not {"organisation", "city"} <= kinds:
            return
        for rule, rx, conf in LOCATION_PATTERNS:
            for m in rx.finditer(st.symbols):
                o = self.ent_at(st, m["o"])
                c = self.ent_at(st, m["c"] or m.groupdict().get("c2") or "")
                if o is not None and c is not None and o.kind == "organisation" and c.kind == "city":
                    self._location(o, c, st.sentence.index, conf, rule)

    def _addresses(self, st: SymbolSentence) -> None:
        """"an der Kronprinzenstr. 30 in Essen": the sentence's first organisation sits there."""
        for m in ADDRESS.finditer(st.sentence.text):
            street, city_name = m.group(1), m.group(2)
            city = next((e for e in self.entities if e.kind == "city" and (e.label == city_name
                         or city_name in e.aliases)), None)
            org = self._subject_org(st)
            if city is not None and org is not None:
                self._location(org, city, st.sentence.index, 0.85, "address", street=street)

    # -- helpers ------------------------------------------------------------------------------
    def _subject_org(self, st: SymbolSentence) -> Entity | None:
        m = re.search(r"O(\d+)", st.symbols)
        return self.ent_at(st, m.group(1)) if m else None

    def _city_in_name(self, m: Mention) -> Entity | None:
        """The city an organisation's name contains: a city adjective first, a German city as a part,
        an embedded city mention, a city label or capitalised word at the end."""
        first = m.text.split()[0] if m.text.split() else ""
        adj_key = self.res.city_adjectives.get(first)  # "Hagener Präzisionsteile GmbH"
        if adj_key:
            return self._ensure_city(self.gz.entries[adj_key], Mention(m.start, m.start + len(first), first, "city",
                                                                       m.sentence, "city-adjective", adj_key))
        # "Kreishandwerkerschaft Steinfurt-Warendorf": a district body's two places name districts, not a seat
        paired = {part for word in m.text.split() if "-" in word and m.text.startswith("Kreis")
                  and sum(self.gz.city(p) is not None for p in word.split("-")) >= 2
                  for part in (word, *word.split("-"))}
        for part in re.split(r"[\s-]+", m.text):  # "Gründungsfabrik Essen-Nord"
            entry = self.gz.city(part) if len(part) > 2 and part not in paired else None
            if entry is not None and part != m.text and entry.country == "DE":
                for ent in self.entities:
                    if ent.iri == entry.iri:
                        return ent
        for other in self.mentions:
            if other.kind == "city" and "embedded" in dict(other.attrs) and m.start <= other.start \
                    and other.end <= m.end and other.text not in paired:
                return self.ent(other)
        # CamelCase suffix: "BioMedizinZentrumDortmund"
        for ent in self.entities:
            if ent.kind == "city" and m.text.endswith(ent.label) and m.text != ent.label and \
                    m.text[-len(ent.label) - 1:-len(ent.label)].isalpha():
                return ent
        for key_form in re.findall(r"[A-ZÄÖÜ][a-zäöüß]+", m.text)[-1:]:
            city_entry = self.gz.city(key_form)
            if city_entry is not None and m.text.endswith(key_form) and m.text != key_form and key_form not in paired:
                return self._ensure_city(city_entry, m)
        return None

    def _ensure_city(self, entry: gaz.Entry, m: Mention) -> Entity:
        """The entity of a gazetteer city, added (with an embedded mention) if the article had none."""
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
        """State a seat once."""
        key = ("location", org.iri, city.iri)
        if key in self.seen:
            return
        self.seen.add(key)
        attrs = (("street", street),) if street else ()
        self.emit("location", [("subject", org.iri), ("place", city.iri)], self.ev(sentence), conf, rule, attrs)
