"""Succession rules (a mixin of :class:`~.memberships.MembershipRules`): the post a successor takes.

* "Sie folgt auf Reinhard Pohlmann": the predecessor held the post in the same organisation;
* "Hermann Eiling … als Hauptgeschäftsführer der O verabschiedet. Gleichzeitig wurde P als sein
  Nachfolger eingeführt": the successor takes the post just stated;
* "Die O bekommt einen neuen Geschäftsführer. P folgt am 1. April auf …": the next sentence's
  subject holds the announced role.
"""

from __future__ import annotations

import re

from ruhrgraph.extract.relations._base import BuilderBase
from ruhrgraph.extract.relations.patterns import (
    NEW_ROLE_ANNOUNCED,
    NEW_ROLE_HOLDER,
    PREDECESSOR,
    SUCCESSOR_OF_NAMED,
)

#: rules that may state where someone comes from or leaves: not the post a successor takes over
_FORMER_OR_LEAVING = frozenset({"person-comes-from-org", "person-from-org-moves", "person-works-at-org",
                                "person-leaves-org", "person-one-of-roles-of-org"})  # (one of several: "noch")


class SuccessionRules(BuilderBase):
    """Posts taken over from a predecessor or announced the sentence before."""

    def _new_role_in_next_sentence(self) -> None:
        """"Die O bekommt einen neuen Geschäftsführer. P folgt am 1. April auf …": the next sentence's
        subject holds the announced role."""
        for prev, st in zip(self.sents, self.sents[1:], strict=False):
            m = NEW_ROLE_ANNOUNCED.search(prev.symbols)
            p = NEW_ROLE_HOLDER.match(st.symbols)
            if m and p and prev.sentence.section == st.sentence.section and not self.ents_in(prev, "person"):
                o, person = self.ent_at(prev, m["o"]), self.ent_at(st, p["p"])
                if o is not None and o.kind == "organisation" and person is not None and person.kind == "person":
                    self._membership(person, o, prev.index.get(int(m["l"])), st.sentence.index, 0.7,
                                     "new-role-next-sentence")

    def _predecessors(self) -> None:
        """"Sie folgt auf Reinhard Pohlmann": the predecessor held the post in the same organisation."""
        for st in self.sents:
            for m in PREDECESSOR.finditer(st.symbols):
                p = self.ent_at(st, m["p"])
                # the successor's post: "Sie folgt auf P" — the subject's own membership, else the last one stated
                subject = re.search(r"P(\d+) (?:[\w.-]+ ){0,3}?$", st.symbols[:m.start()])
                successor = self.ent_at(st, subject.group(1)) if subject else None
                mine = [x for x in self.statements if x.kind == "membership" and successor is not None
                        and x.get("member") == [successor.iri] and x.rule not in _FORMER_OR_LEAVING]
                if successor is not None and not mine:
                    continue  # the successor's house is unknown: the last membership stated may be anyone's
                # the post taken, not the party or home house in brackets: "P (CDU) rückt an die Spitze der O"
                stated = [x for x in (mine or self.statements) if x.kind == "membership"
                          and any(e.sentence <= st.sentence.index for e in x.evidence)]
                last = next(reversed([x for x in stated if x.rule != "person-paren-org"] or stated), None)
                if p is None or last is None or last.get("member") == [p.iri] or last.rule == "anaphor-role-of-org":
                    continue  # "Der 44-jährige Geschäftsführer der O löst P ab": O describes the successor
                org = next((e for e in self.entities if e.iri == last.get("organisation")[0]), None)
                if org is not None:
                    self._membership(p, org, None, st.sentence.index, 0.65, "predecessor")

    def _successors_of_named(self) -> None:
        """"Hermann Eiling … als Hauptgeschäftsführer der O verabschiedet. Gleichzeitig wurde P als sein
        Nachfolger eingeführt": the successor takes the post the sentence before (or this one) stated."""
        for st in self.sents:
            m = SUCCESSOR_OF_NAMED.search(st.symbols)
            p = self.ent_at(st, next(g for g in m.groups() if g is not None)) if m else None
            if p is None or p.kind != "person":
                continue
            here = st.sentence.index
            stated = [x for x in self.statements if x.kind == "membership" and x.get("member") != [p.iri]
                      and x.rule != "person-paren-org" and any(here - 1 <= e.sentence <= here for e in x.evidence)]
            people = {x.get("member")[0] for x in stated}
            if len(people) != 1:
                continue  # nobody, or several people whose post it could be
            orgs = {x.get("organisation")[0] for x in stated}
            org = next((e for e in self.entities if e.iri in orgs), None) if len(orgs) == 1 else None
            if org is not None:
                self._membership(p, org, None, here, 0.7, "successor-of-named")
