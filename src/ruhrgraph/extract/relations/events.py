"""Event rules: trade fairs with their dates and participants, and events a trigger word announces.

A trade fair the gazetteer knows becomes an edition ("MEDICA 2023") with the dates of its
sentences, the city it is held in and the organisations that present themselves there. A
sentence with a trigger word (Vortragsreihe, Konferenz, Workshop, Reise …) that names a place
and participants becomes an event with its inviter ("Auf Einladung des …"); the next sentence
of the section may add the venue ("am …") and the speakers.
"""

from __future__ import annotations

from datetime import date

from rdflib import URIRef

from ruhrgraph.extract.relations._base import BuilderBase
from ruhrgraph.extract.relations.dates import parse_dates
from ruhrgraph.extract.relations.patterns import (
    DELEGATION,
    EVENT_TRIGGERS,
    FAIR_PARTICIPANT,
    HELD_IN,
    INVITE,
    PRESENT_VERB,
    VENUE,
)
from ruhrgraph.extract.relations.symbols import SymbolSentence
from ruhrgraph.model import Entity


class EventRules(BuilderBase):
    """Trade fairs and other events."""

    def events(self) -> None:
        """Trade fairs (with dates) and other events with their participants, venue and inviter."""
        for ent in self.entities:
            if ent.kind == "event":
                self._trade_fair(ent)
        for st in self.sents:
            if not DELEGATION.search(st.sentence.text):
                self._triggered_event(st)

    def _trade_fair(self, ent: Entity) -> None:
        """The edition of a trade fair the article mentions."""
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
                c = self.ent_at(st, m["c"])
                if c is not None and c.kind == "city":
                    roles.append(("heldIn", c.iri))
            for m in FAIR_PARTICIPANT.finditer(st.symbols):
                part = self.ent_at(st, m.group(2))
                if part is not None:
                    roles.append(("participant", part.iri))
        self.emit("fair", list(dict.fromkeys(roles)), self.ev(*sis), 0.8, "trade-fair", tuple(attrs),
                  ident=f"fair|{ent.iri}|{attrs[0][1]}")

    def _triggered_event(self, st: SymbolSentence) -> None:
        """The first trigger word of a sentence that has a place and participants makes an event."""
        raw = st.sentence.text
        for rx, cls in EVENT_TRIGGERS:
            tm = rx.search(raw)
            if not tm or cls == "TradeFair":
                continue
            roles: list[tuple[str, URIRef]] = []
            for m in INVITE.finditer(st.symbols):
                o = self.ent_at(st, m["o"])
                if o is not None:
                    roles.append(("invitedBy", o.iri))
            for m in HELD_IN.finditer(st.symbols):
                c = self.ent_at(st, m["c"])
                if c is not None and c.kind == "city":
                    roles.append(("heldIn", c.iri))
            invited = {r[1] for r in roles if r[0] == "invitedBy"}
            for mention in st.index.values():
                e = self.ent(mention)
                if e is not None and e.kind in {"organisation", "region", "person"} and e.iri not in invited:
                    roles.append(("participant", e.iri))
            if not any(r == "participant" for r, _ in roles) or not any(r == "heldIn" for r, _ in roles):
                continue
            sis = [st.sentence.index]
            if self._speakers_in_next_sentence(st, roles):
                sis.append(st.sentence.index + 1)
            attrs = [("class", cls), ("label", tm.group(0)), *self._dates_in(sis)]
            self.emit("event", list(dict.fromkeys(roles)), self.ev(*sis), 0.65, "event-trigger",
                      tuple(attrs), ident=f"event|{st.sentence.index}|{cls}")
            break

    def _speakers_in_next_sentence(self, st: SymbolSentence, roles: list[tuple[str, URIRef]]) -> bool:
        """The next sentence of the section often says who spoke where: "Prokurist Jörg Kemna
        präsentiert … am Chicago Council on Global Affairs". Adds venue and presenters to ``roles``."""
        nxt = st.sentence.index + 1
        if nxt >= len(self.sents) or self.sentences[nxt].section != st.sentence.section:
            return False
        follow = self.sents[nxt]
        if not PRESENT_VERB.search(follow.sentence.text) or any(
                r.search(follow.sentence.text) for r, _ in EVENT_TRIGGERS):
            return False
        for m in VENUE.finditer(follow.symbols):
            o = self.ent_at(follow, m["o"])
            if o is not None:
                roles.append(("venue", o.iri))
        roles += [("presenter", e.iri) for e in self.ents_in(follow, "person")]
        return True
