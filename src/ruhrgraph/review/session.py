"""One steward's review session: the queue over a store, and the decisions it writes.

Both front ends (:mod:`ruhrgraph.review.tui`, :mod:`ruhrgraph.review.web`) drive a
:class:`Review`; it reads the store once (read-only, so a build may run meanwhile) and writes
every decision at once to the reviewer's curation file (:class:`~ruhrgraph.review.decisions.ReviewFile`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import URIRef

from ruhrgraph.errors import CurationError
from ruhrgraph.namespace import ORG, RDF, RG, SDO
from ruhrgraph.review import decisions as dec
from ruhrgraph.review.queue import Item, entity_names, load_items, pending, preferred_labels

__all__ = ["Review"]

#: For a corrected slot of a statement kind: the direct fact that replaces the statement.
_DIRECT = {("membership", ORG.organization): (ORG.member, SDO.affiliation),
           ("seat", RDF.object): (RDF.subject, RG.basedIn)}


class Review:
    """The queue of ``store`` and the decisions of ``reviewer`` in ``curation`` (a folder)."""

    def __init__(self, store: str | Path, curation: str | Path, reviewer: str, *,
                 now: datetime | None = None) -> None:
        self.store_path = Path(store)
        self.curation = Path(curation)
        self.file = dec.ReviewFile(self.curation, reviewer)
        self.reviewer = self.file.reviewer
        self._now = now
        self._count = 0
        self.items: list[Item] = []
        self.names: dict[str, URIRef] = {}
        self.labels: dict[URIRef, str] = {}
        self.refresh()

    def refresh(self) -> None:
        """Read the store and the decisions again."""
        from ruhrgraph.store.local import Store

        decisions = dec.load_decisions(self.curation)
        with Store.open(self.store_path, read_only=True) as store:
            self.items = load_items(store, dec.precision(decisions))
            self.names = entity_names(store)
            self.labels = preferred_labels(store)

    def queue(self, **filters: Any) -> list[Item]:
        """The undecided items, most likely wrong first (filters: article, rule, kind, organisation)."""
        return pending(self.items, dec.decided(dec.load_decisions(self.curation)), **filters)

    def find(self, iri: str) -> Item:
        for item in self.items:
            if str(item.iri) == iri:
                return item
        raise CurationError(f"no statement or entity {iri} in the review queue")

    def resolve(self, name: str) -> URIRef:
        """A stored entity by label, alias or IRI."""
        text = name.strip()
        if text in self.names:
            return self.names[text]
        folded = {k.casefold(): v for k, v in self.names.items()}
        if text.casefold() in folded:
            return folded[text.casefold()]
        if text.startswith(("http://", "https://")) and URIRef(text) in self.names.values():
            return URIRef(text)
        raise CurationError(f"no entity named {text!r} in the store")

    # -- decisions ------------------------------------------------------------------------
    def _id(self, *parts: str) -> str:
        self._count += 1
        seed = "\x1f".join([self.reviewer, self._when(), str(self._count), secrets.token_hex(8), *parts])
        return "review-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10]

    def _when(self) -> str:
        return (self._now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _rule(self, decision: str, verdict: str, n: int, action: str, why: str, item: Item | None,
              **fields: Any) -> dict[str, Any]:
        review: dict[str, Any] = {"decision": decision, "verdict": verdict}
        if item is not None:
            review |= dec.record(item)
        return {"id": f"{decision}-{n}", "action": action, **fields, "date": self._when(),
                "why": why, "review": review}

    def _save(self, decision: str, verdict: str, rules: list[dict[str, Any]]) -> dec.Decision:
        d = dec.Decision(decision, verdict, tuple(rules))
        self.file.add(d)
        return d

    def accept(self, item: Item, why: str = "") -> dec.Decision:
        d = self._id(str(item.iri), "accept")
        field = "entity" if item.kind == "entity" else "statement"
        why = why or f"Review: {item.describe()} is right."
        return self._save(d, "accept", [self._rule(d, "accept", 1, "accept", why, item, **{field: str(item.iri)})])

    def reject(self, item: Item, why: str = "") -> dec.Decision:
        if item.kind == "entity":
            return self.not_organisation(item, why)
        d = self._id(str(item.iri), "reject")
        why = why or f"Review: {item.describe()} is wrong."
        return self._save(d, "reject", [self._rule(d, "reject", 1, "delete", why, item, statement=str(item.iri))])

    def label(self, iri: URIRef) -> str:
        """The preferred label of a stored entity (its IRI when it has none)."""
        return self.labels.get(iri, str(iri))

    def correct(self, item: Item, role: str, new: URIRef, why: str = "", old: str | None = None) -> dec.Decision:
        """Replace the entity in slot ``role`` (organisation, city, role, host …) by ``new``; ``old``
        (a label or IRI) picks one when the statement has several (two hosts)."""
        slots = [s for s in item.slots if s.role == role and old in (None, s.label, str(s.entity))]
        if not slots or item.kind == "entity":
            raise CurationError(f"{item.describe()} has no {role!r}{f' {old!r}' if old else ''} to correct")
        slot = slots[0]
        d = self._id(str(item.iri), "correct", str(new))
        why = why or f"Review: in {item.describe()}, the {role} is {self.label(new)} (not {slot.label})."
        direct = _DIRECT.get((item.kind, slot.predicate))
        if direct is not None:
            subject = next(s.entity for s in item.slots if s.predicate == direct[0])
            rules = [self._rule(d, "correct", 1, "delete", why, item, statement=str(item.iri)),
                     self._rule(d, "correct", 2, "add", why, item, subject=str(subject),
                                predicate=str(direct[1]), object=str(new))]
        else:
            rules = [self._rule(d, "correct", 1, "delete", why, item, subject=str(item.iri),
                                predicate=str(slot.predicate), object=str(slot.entity)),
                     self._rule(d, "correct", 2, "add", why, item, subject=str(item.iri),
                                predicate=str(slot.predicate), object=str(new))]
        return self._save(d, "correct", rules)

    def merge(self, source: URIRef, into: URIRef, why: str = "") -> dec.Decision:
        """``source`` and ``into`` are one entity."""
        if source == into:
            raise CurationError("merge: the two entities are the same")
        item = next((i for i in self.items if i.iri == source and i.kind == "entity"), None)
        d = self._id(str(source), "merge", str(into))
        why = why or f"Review: {source} and {into} are the same entity."
        return self._save(d, "merge", [self._rule(d, "merge", 1, "merge", why, item, **{
            "from": str(source), "into": str(into)})])

    def not_organisation(self, entity: Item | URIRef, why: str = "") -> dec.Decision:
        """The entity is no organisation (a misread phrase): its statements and types go."""
        iri = entity.iri if isinstance(entity, Item) else entity
        item = entity if isinstance(entity, Item) else next(
            (i for i in self.items if i.iri == iri and i.kind == "entity"), None)
        d = self._id(str(iri), "not-organisation")
        why = why or f"Review: {iri} is not an organisation."
        rules = [self._rule(d, "not-organisation", n, "delete", why, None, statement=str(st.iri))
                 for n, st in enumerate((i for i in self.items if i.kind != "entity" and iri in i.entities),
                                        start=1)]
        rules.append(self._rule(d, "not-organisation", len(rules) + 1, "delete", why, item, subject=str(iri),
                                predicate=str(RDF.type)))
        return self._save(d, "not-organisation", rules)

    def bulk(self, article: str, rule: str, verdict: str) -> list[dec.Decision]:
        """Accept or reject every pending statement of extraction ``rule`` in ``article``."""
        if verdict not in ("accept", "reject"):
            raise CurationError(f"bulk: verdict must be accept or reject, not {verdict!r}")
        items = [i for i in self.queue(article=article, rule=rule) if i.kind != "entity"]
        return [self.accept(i) if verdict == "accept" else self.reject(i) for i in items]

    def undo(self, decision: str | None = None) -> dec.Decision | None:
        """Remove a decision (the reviewer's last one when ``decision`` is ``None``)."""
        if decision is None:
            mine = self.file.decisions()
            if not mine:
                return None
            decision = mine[-1].id
        return self.file.remove(decision)
