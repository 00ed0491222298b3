"""Membership rules: who belongs to which organisation, in which role (``org:Membership``).

In order, each step adding only what the earlier ones did not state:

1. the phrasings of :data:`~.patterns.MEMBERSHIP_PATTERNS` ("P von der O", "P, Rolle des O" …);
2. a role next to a person with no organisation in the phrase: the organisation in the role's
   compound ("IHK-Präsidentin") or the only one the section has named so far;
3. coordinated persons ("P und P von der O");
4. the role named in the next sentence ("Die Geschäftsführerin der O …");
5. the predecessor ("folgt auf P") of the last membership;
6. weakest (confidence 0.5): the only organisation in the sentence that introduces a person with
   a role next to them.

Holders of a public office (mayors, ministers, ambassadors, consuls — ``office: true`` in
``data/gazetteer/roles.yaml``) stand next to the companies they visit in almost every article;
they are linked only by a phrase that names their own institution (a city, ministry, embassy,
consulate, parliament), never by steps 2 and 6.
"""

from __future__ import annotations

import re

from ruhrgraph.extract.lexicon import ACRONYM_STOP, BOARDS, designator, is_cap
from ruhrgraph.extract.relations.patterns import (
    BOARD_ELECTED,
    BOARD_MEMBERS,
    BOARD_WORD,
    BODY_ELECTS,
    COORDINATED_PERSONS,
    DELEGATION_LED_BY_LIST,
    ELECTED_TO,
    GUEST_VERB,
    HEAD_CHANGE,
    INTERNAL_UNIT,
    MEMBERS_ELECT_BOARD,
    MEMBERSHIP_PATTERNS,
    NEW_CHAIR_OF,
    NEW_MEMBERS_OF,
    NEXT_NAME,
    NOT_OWN_POST,
    PERSON_ROLE,
    PERSON_TAKES_OVER,
    PERSON_TO_ROLE,
    POSSESSIVE_ROLE,
    ROLE_IN_NEXT_SENTENCE,
    ROLE_LISTS,
    ROLE_PERSON,
    VISIT_OF_PERSON,
)
from ruhrgraph.extract.relations.succession import SuccessionRules
from ruhrgraph.extract.relations.symbols import SymbolSentence
from ruhrgraph.model import Entity, Mention

#: the chair of a board: "P ist neuer Vorsitzender des O" opens an election of O's board
_CHAIR = re.compile(r"(?:[Vv]orsitzende[rn]?|Präsident(?:in)?|Vorstandsvorsitzende[rn]?|Sprecher(?:in)?)")
#: Rules that say a person sits on a house's board: an office holder there is a member of it.
_BOARD_RULES = frozenset({"person-relative-in-board", "person-in-board-of-org", "person-into-board-of-org",
                          "person-in-board-of-named-org"})
#: Names of the institutions a public office belongs to.
OFFICE_INSTITUTION = re.compile(
    r"\b(?:Stadt|Kreis|Landkreis|Gemeinde|Kommune|Ministerium|Landesregierung|Bundesregierung|Regierung|"
    r"Bezirksregierung|Landratsamt|Staatskanzlei|Botschaft|Generalkonsulat|Konsulat|Landtag|Bundestag|Parlament|Rathaus|"
    r"Stadtverwaltung|Kreisverwaltung|Senat|Embassy|Consulate|Ministry|Government|City of)\b|ministerium\b",
    re.IGNORECASE)


#: A plain capitalised word (not an acronym such as "HwK").
_WORD = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+$")
#: First parts of a role compound that name no house of their own ("Ex-Chef", "Konzern-Chef").
_GENERIC_PREFIXES = frozenset("""Ex Vize Co Interims Konzern Unternehmens Firmen Kammer Vorstands Aufsichtsrats
Verbands Vereins Klub Club Landes Bundes Stadt Kreis Behörden Projekt Team Bereichs Abteilungs Geschäfts""".split())



class MembershipRules(SuccessionRules):
    """Memberships of people in organisations."""

    def _office(self, role: Mention | None) -> bool:
        """Whether ``role`` names a public office."""
        found = self.gz.role_for(role.text) if role is not None else None
        return bool(found and found.office)

    def _office_holder(self, person: Entity) -> bool:
        """Whether a role next to any mention of ``person`` names a public office."""
        for mention in person.mentions:
            st = self.sents[mention.sentence]
            for n, m in st.index.items():
                if m is mention and self._office(self._role_near(st, n)):
                    return True
        return False

    def memberships(self) -> None:
        """Every membership rule, strongest first."""
        for st in self.sents:
            found_persons = self._pattern_memberships(st)
            self._role_in_context(st, found_persons)
        self._coordinated_persons()
        self._role_lists()
        self._role_in_next_sentence()
        self._new_role_in_next_sentence()
        self._possessive_role()
        self._new_members()
        self._board_election()
        self._delegation_members()
        self._internal_units()
        self._predecessors()
        self._successors_of_named()
        self._mayors()
        # fallback: a person still without an organisation, introduced in a sentence that names exactly one
        self._proximity_memberships()

    def _pattern_memberships(self, st: SymbolSentence) -> set[int]:
        """The membership patterns over one sentence; the placeholder numbers of the persons placed."""
        found_persons: set[int] = set()
        kinds = {m.kind for m in st.index.values()}
        if not {"person", "organisation"} <= kinds:
            return found_persons
        for rule, rx, conf in MEMBERSHIP_PATTERNS:
            for m in rx.finditer(st.symbols):
                p = self.ent_at(st, m["p"])
                o = self.ent_at(st, m["o"])
                role = st.index.get(int(m["l"])) if m.groupdict().get("l") else None
                if role is None:
                    role = self._role_near(st, int(m["p"]))
                if p is None or o is None or p.kind != "person" or o.kind != "organisation":
                    continue
                if (self._office(role) or self._office_holder(p)) and not OFFICE_INSTITUTION.search(o.label) \
                        and rule not in _BOARD_RULES:  # (a mayor on the board of the town's company is a member)
                    continue  # "Ministerpräsidentin P … der IHK": an office holder next to someone else's house
                if rule == "person-von-org" and re.match(r"P\d+ (?:bei der|beim) ", st.symbols[m.start():]) \
                        and VISIT_OF_PERSON.search(st.symbols[:m.start()]):
                    continue  # "beim Besuch von P bei der O": P is the guest
                if rule == "person-in-board-of-named-org" and (role is None or not role.text.startswith(BOARDS)):
                    continue  # "P, Mitglied des O Vorstands", not "P, Mitglied des O Geschäftsführer …"
                if rule == "person-active-in-board" and m["l"] and (role is None or not role.text.startswith(BOARDS)):
                    continue  # "engagiert sich P im Vorstand der O", a board read as a role
                if rule == "role-of-org-person" and re.search(r"P\d+ (?:, )?$", st.symbols[:m.start()]):
                    continue  # "P1, Geschäftsführer der O, P2, …": the role is P1's apposition, not P2's
                if rule == "person-role-of-org" and ((re.match(r"P\d+ , (?:der|die) ", st.symbols[m.start():])
                                                     and NEXT_NAME.match(st.symbols, m.end()))
                                                    or re.match(r" P\d+", st.symbols[m.end():])):
                    continue  # "… P1, der Chef der O, P2, …", a caption's "P1, Präsident von O P2": P2's role
                self._membership(p, o, role, st.sentence.index, conf, rule)
                found_persons.add(int(m["p"]))
        return found_persons

    def _role_in_context(self, st: SymbolSentence, found_persons: set[int]) -> None:
        """"Prokurist Jörg Kemna" with no organisation in the phrase: the compound prefix
        ("IHK-Präsidentin") or the organisation most recently in focus."""
        matches = [*ROLE_PERSON.finditer(st.symbols), *PERSON_ROLE.finditer(st.symbols),
                   *PERSON_TO_ROLE.finditer(st.symbols), *PERSON_TAKES_OVER.finditer(st.symbols)]
        for m in matches:
            pn = int(m["p"])
            if pn in found_persons:
                continue
            p = self.ent_at(st, pn)
            role = st.index.get(int(m["l"])) if "l" in m.groupdict() else None
            if p is None or p.kind != "person" or (role is None and m.re is not PERSON_TAKES_OVER):
                continue
            if role is None:  # "P übernimmt die Geschäftsführung": only the only organisation named so far
                org = self._sole_org(st.sentence.index)
                if org is not None and not self._office_holder(p):
                    self._membership(p, org, None, st.sentence.index, 0.6, "takes-over-sole-org")
                    found_persons.add(pn)
                continue
            if m.re is PERSON_ROLE and re.match(rf"L{m['l']} P\d+", st.symbols[m.start("l") - 1:]):
                continue  # "P1, IHK-Hauptgeschäftsführer P2" in a caption: the role is P2's
            if m.re is PERSON_ROLE and (of := re.match(r" (?:der|des|von der|vom|von) O\d+", st.symbols[m.end():])) \
                    and NEXT_NAME.match(st.symbols, m.end() + of.end()):
                continue  # "P1, der Chef der O, P2": a list, the role is P2's
            org = self._org_from_compound(role)
            rule, conf = "compound-role", 0.75
            if org is not None and self._held_by_other(org, p, st.sentence.index, explicit=True):
                continue  # "IHK-Hauptgeschäftsführer P1 und der Präsident der IHK Köln, P2": that IHK is P2's
            if org is None and (self._names_unknown_house(st, int(m["l"])) or self._named_compound(role)):
                continue  # "Sprecher des Arbeitskreises Wirtschaft", "KWL-Geschäftsführer": a house not recognised
            if org is None and not (self._office(role) or self._office_holder(p)):
                # the only organisation the section has named so far. Measured on web-like text, the
                # organisation merely "in focus" (the last one named, up to two sentences back) was
                # right for 22 of 59 pairs and the one named later in the sentence for 1 of 8: gone.
                org, rule, conf = self._sole_org(st.sentence.index), "role-sole-org", 0.6
                if self._guest(st, int(m["l"]), pn, org):
                    continue  # a visitor is not one of the visited organisation's people
                if NOT_OWN_POST.search(st.symbols[:st.symbols.find(f"L{m['l']} ")]):
                    continue  # "der Generalkonsul und seine Mitarbeiterin P", "der frühere Amtsleiter P"
                if org is not None and self._held_by_other(org, p, st.sentence.index):
                    org = None  # "Rektor P1 und der Präsident der O, P2": the role there is P2's
                if org is None:
                    org, rule = self._org_as_subject(st, role), "role-subject-org"
            if org is not None and rule == "compound-role" and self.is_party(org):
                self._membership(p, org, None, st.sentence.index, conf, "party-compound-role")
                found_persons.add(pn)  # "der frühere CDU-Bürgermeister P": a party member, not its mayor
            elif org is not None and (not self._office(role) or OFFICE_INSTITUTION.search(org.label)):
                self._membership(p, org, role, st.sentence.index, conf, rule)
                found_persons.add(pn)

    def _coordinated_persons(self) -> None:
        """"Anna Muster und Tim Berg von der O": the organisation belongs to both."""
        for st in self.sents:
            for m in COORDINATED_PERSONS.finditer(st.symbols):
                o = self.ent_at(st, m["o"])
                for pn in re.findall(r"P(\d+)", m.group(0)):
                    p = self.ent_at(st, pn)
                    if p is not None and o is not None and p.kind == "person" and o.kind == "organisation":
                        self._membership(p, o, None, st.sentence.index, 0.75, "coordinated-persons")

    def _role_lists(self) -> None:
        """Several people with one role ("die Vizepräsidenten P1 und P2", "P1, P2 und P3 wurden als
        Vizepräsidenten bestätigt"): the organisation the first of them already has from this sentence,
        else the one the role's compound names ("HWK-Vizepräsidenten"), else the one organisation this
        sentence links anybody to ("der neue HWK-Präsident P, die Vizepräsidenten P und P"), else the only
        one the section has named. Not for public offices, not for guests."""
        for st in self.sents:
            for rx in ROLE_LISTS:
                for m in rx.finditer(st.symbols):
                    role = st.index.get(int(m["l"]))
                    numbers = re.findall(r"P(\d+)", m["ps"])
                    if re.match(r" (?:vom|von der|von|bei der|beim) O\d+| , (?:[A-ZÄÖÜ]\w* )?(?:der |des )?[LO]\d",
                                st.symbols[m.end("ps"):]):
                        numbers = numbers[:-1]  # "L P1 sowie P2 vom O", "L P1 und P2, Mitglied des …": the last one
                        # has a house or role of their own
                    people = [p for n in numbers if (p := self.ent_at(st, n)) is not None and p.kind == "person"]
                    if role is None or len(people) < 2 or self._office(role) \
                            or any(self._office_holder(p) for p in people) \
                            or re.search(r"P\d+ \( (?:der |des )?O\d+", m["ps"] + st.symbols[m.end("ps"):][:12]):
                        continue  # "L P1 und P2 (O)": each their own house
                    org = self._listed_org(st, people[:1]) or self._org_from_compound(role) \
                        or self._listed_org(st, self.ents_in(st, "person")) \
                        or self._sole_org(st.sentence.index) or self._org_as_subject(st, role)
                    if org is None or any(self._guest(st, int(m["l"]), int(n), org) for n in numbers):
                        continue
                    for p in people:
                        self._membership(p, org, role, st.sentence.index, 0.7, "role-list")

    def _listed_org(self, st: SymbolSentence, people: list[Entity]) -> Entity | None:
        """The one organisation this sentence already links any of ``people`` to."""
        iris = {p.iri for p in people}
        found = {x.get("organisation")[0] for x in self.statements if x.kind == "membership"
                 and x.get("member")[0] in iris and any(ev.sentence == st.sentence.index for ev in x.evidence)}
        if len(found) != 1:
            return None
        iri = next(iter(found))
        return next((e for e in self.entities if e.iri == iri), None)

    def _role_in_next_sentence(self) -> None:
        """"… sagte Anna Muster. Die Geschäftsführerin der O …": the next sentence names her role."""
        for prev, st in zip(self.sents, self.sents[1:], strict=False):
            m = ROLE_IN_NEXT_SENTENCE.match(st.symbols)
            persons = self.ents_in(prev, "person")
            if m and persons and prev.sentence.section == st.sentence.section and not self.ents_in(st, "person"):
                o = self.ent_at(st, m["o"])  # (not "Der Staatssekretär des O, P, …": the role is P's)
                if o is not None and o.kind == "organisation":
                    self._membership(persons[-1], o, st.index.get(int(m["l"])), st.sentence.index, 0.6,
                                     "role-in-next-sentence")

    def _possessive_role(self) -> None:
        """"Eigentümerin ist die Dortmunder Harpen Unternehmensgruppe. Deren Geschäftsführer P …": the
        house the possessive points back to is the last one named before it (in this or the sentence before)."""
        for n, st in enumerate(self.sents):
            m = POSSESSIVE_ROLE.search(st.symbols)
            if m is None:
                continue
            o = self._last_org(st, m.start(), self.sents[n - 1] if n else None)
            person, role = self.ent_at(st, m["p"]), st.index.get(int(m["l"]))
            if o is not None and o.kind == "organisation" and person is not None and person.kind == "person" \
                    and not self._office(role):
                self._membership(person, o, role, st.sentence.index, 0.7, "possessive-role")

    def _new_members(self) -> None:
        """"P1, …, und P2, … sind damit neue Persönliche Mitglieder im O": every person the sentence names
        before it (office holders too: membership is what the sentence says)."""
        for st in self.sents:
            m = NEW_MEMBERS_OF.search(st.symbols)
            o = self.ent_at(st, m["o"]) if m else None
            if m is None or o is None or o.kind != "organisation":
                continue
            for n in re.findall(r"\bP(\d+)", st.symbols[:m.start()]):
                person = self.ent_at(st, n)
                if person is not None and person.kind == "person":
                    self._membership(person, o, None, st.sentence.index, 0.7, "new-members")

    def _board_election(self) -> None:
        """"Die Mitgliederversammlung der O hat einen neuen Vorstand gewählt. … P1, …, P2 … wurden im Amt
        bestätigt. P3 verstärkt den Landesvorstand": the people the next sentences put on the board
        belong to O (whatever else their appositions name)."""
        def board(st: SymbolSentence, m: re.Match[str] | None) -> bool:
            roles = [st.index.get(int(n)) for n in re.findall(r"\bL(\d+)", m.group(0))] if m else []
            return m is not None and all(r is not None and BOARD_WORD.fullmatch(r.text) for r in roles)

        def election(st: SymbolSentence) -> re.Match[str] | None:
            m = BOARD_ELECTED.search(st.symbols) or HEAD_CHANGE.search(st.symbols) or BODY_ELECTS.search(st.symbols)
            return m if board(st, m) else None

        def chair(st: SymbolSentence) -> re.Match[str] | None:
            m = NEW_CHAIR_OF.search(st.symbols)
            role = st.index.get(int(m["l"])) if m else None
            return m if role is not None and _CHAIR.fullmatch(role.text) else None

        for n, st in enumerate(self.sents):
            m = election(st) or chair(st)
            o = self.ent_at(st, m["o"]) if m else None
            vote = MEMBERS_ELECT_BOARD.search(st.symbols) if o is None else None
            if vote is not None and board(st, vote):  # "… haben die Mitglieder einen neuen Vorstand gewählt:"
                o = self._last_org(st, vote.start(), self.sents[n - 1] if n else None)
            if o is None or o.kind != "organisation":
                continue
            for later in self.sents[n:n + 5]:
                if later.sentence.section != st.sentence.section:
                    break
                if later is not st and election(later):
                    break  # another election
                if board(later, BOARD_MEMBERS.search(later.symbols)) or ELECTED_TO.search(later.symbols):
                    for person in self.ents_in(later, "person"):
                        self._membership(person, o, None, later.sentence.index, 0.7, "board-election")

    def _last_org(self, st: SymbolSentence, before: int, prev: SymbolSentence | None) -> Entity | None:
        """The house named last before position ``before`` of ``st``, or last in the sentence before it."""
        numbers = re.findall(r"\bO(\d+)", st.symbols[:before])
        if numbers:
            return self.ent_at(st, numbers[-1])
        if prev is not None and prev.sentence.section == st.sentence.section:
            numbers = re.findall(r"\bO(\d+)", prev.symbols)
            return self.ent_at(prev, numbers[-1]) if numbers else None
        return None

    def _delegation_members(self) -> None:
        """"Die Delegation des O wurde angeführt von P1, Direktor des O, P2, … sowie P3, …": the people
        the sentence names after "angeführt von" belong to the visiting house."""
        for st in self.sents:
            m = DELEGATION_LED_BY_LIST.search(st.symbols)
            o = self.ent_at(st, m["o"]) if m else None
            if m is None or o is None or o.kind != "organisation":
                continue
            for n in re.findall(r"\bP(\d+)", st.symbols[m.end():]):
                person = self.ent_at(st, n)
                if person is not None and person.kind == "person":
                    self._membership(person, o, None, st.sentence.index, 0.75, "delegation-led-by")

    def _internal_units(self) -> None:
        """"Das Geschäftsfeld Bildung leiten P und P": in an article that names one organisation only,
        the people who run one of its parts belong to it (a sentence naming any organisation is left out)."""
        orgs = {str(e.iri): e for e in self.entities if e.kind == "organisation"
                and any("embedded" not in dict(m.attrs) for m in e.mentions)}
        if len(orgs) != 1:
            return
        org = next(iter(orgs.values()))
        for st in self.sents:
            if self.ents_in(st, "organisation"):
                continue
            for m in INTERNAL_UNIT.finditer(st.symbols):
                for pn in re.findall(r"P(\d+)", m["ps"] or m["ps2"] or m["ps3"] or m["ps4"] or ""):
                    p = self.ent_at(st, pn)
                    if p is not None and p.kind == "person" and not self._office_holder(p):
                        self._membership(p, org, None, st.sentence.index, 0.6, "internal-unit-sole-org")

    def _mayors(self) -> None:
        """"Oberbürgermeister Thomas Eiskirch" in an article about the one city administration it names
        ("der Stadt Bochum"): the mayor heads that administration. Not when the sentence names a place
        abroad in any sentence naming the mayor — the guests bring their own mayors."""
        members = {st.get("member")[0] for st in self.statements if st.kind == "membership"}
        town = self._home_town_administration()
        if town is None:
            return
        de = self.gz.entries.get("country:DE")
        for ent in self.entities:
            if ent.kind != "person" or ent.iri in members:
                continue
            abroad = any(self._country_of(p.iri, kind) not in (None, de.iri if de else None)
                         for mention in ent.mentions for kind in ("city", "country")
                         for p in self.ents_in(self.sents[mention.sentence], kind))
            if abroad:
                continue
            for mention in ent.mentions:
                st = self.sents[mention.sentence]
                role = self._role_of(st, mention)
                found = self.gz.role_for(role.text) if role is not None else None
                if found is not None and found.en in {"mayor", "lord mayor"}:
                    self._membership(ent, town, role, mention.sentence, 0.6, "mayor-of-town")
                    break

    def _proximity_memberships(self) -> None:
        """A person with no membership yet belongs to the only organisation named in the sentence that
        introduces them ("…, sagt Anna Muster von …" aside) — a weak rule, confidence 0.5."""
        members = {st.get("member")[0] for st in self.statements if st.kind == "membership"}
        for ent in self.entities:
            if ent.kind != "person" or ent.iri in members or not ent.mentions:
                continue
            first = ent.mentions[0]
            st = self.sents[first.sentence]
            orgs = {str(o.iri): o for o in self.ents_in(st, "organisation")}
            persons = {str(p.iri) for p in self.ents_in(st, "person")}
            role = self._role_of(st, first)
            role_number = next((n for n, m in st.index.items() if m is role), -1)
            if len(orgs) == 1 and len(persons) == 1 and role is not None and not self._office_holder(ent) \
                    and not self._names_unknown_house(st, role_number) \
                    and not self._guest(st, role_number, next((n for n, m in st.index.items() if m is first), -1),
                                        next(iter(orgs.values()))):
                org = next(iter(orgs.values()))
                self._membership(ent, org, role, first.sentence, 0.5, "same-sentence")

    # -- helpers ------------------------------------------------------------------------------
    def _role_of(self, st: SymbolSentence, mention: Mention) -> Mention | None:
        for n, m in st.index.items():
            if m is mention:
                return self._role_near(st, n)
        return None

    @staticmethod
    def _names_unknown_house(st: SymbolSentence, role_number: int) -> bool:
        """The role is followed by a house the extractor did not recognise ("Sprecher des Arbeitskreises
        Wirtschaft"): that house is the person's, not another one of the sentence."""
        at = st.symbols.find(f"L{role_number} ")
        return at >= 0 and re.match(r"L\d+ (?:der|des|von der|vom) [A-ZÄÖÜ]", st.symbols[at:]) is not None

    def _named_compound(self, role: Mention) -> bool:
        """The role's compound names a house by its name or acronym ("Signal-Iduna-Chef",
        "KWL-Geschäftsführer"), not by a common noun ("Konzern-Chef", "Kammer-Sprecher"): that house
        is the person's."""
        if "-" not in role.text:
            return False
        if (acronym := re.match(r"([A-ZÄÖÜ]{2,6})-", role.text)) and acronym[1] not in ACRONYM_STOP:
            return True
        parts = role.text.split("-")[:-1]
        if not all(is_cap(part) for part in parts) or parts[0] in _GENERIC_PREFIXES:
            return False
        if len(parts) > 1:
            return any(part not in _GENERIC_PREFIXES for part in parts)
        return _WORD.match(parts[0]) is not None and self.res.morphology.tag(parts[0]) == "NE"  # not "HwK"

    def _role_near(self, st: SymbolSentence, pnum: int) -> Mention | None:
        """The role right before the person (``L P``) or in an apposition after it (``P , … L``)."""
        # (not "P1 , Oberbürgermeister P2" nor a caption's "P1 , Bürgermeister Stadt C P2": the role is P2's)
        m = re.search(rf"L(\d+) P{pnum}\b", st.symbols) \
            or re.search(rf"P{pnum} , (?:\w+ ){{0,2}}L(\d+)\b(?!(?: (?![PL]\d)[^\s,]+){{0,3}} P\d)", st.symbols)
        return st.index.get(int(m.group(1))) if m else None

    def _org_from_compound(self, role: Mention) -> Entity | None:
        """The organisation a compound role names: "BMR-Projektleiterin", "IHK-Präsidentin"."""
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
            cls = designator(prefix)
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

    def _org_as_subject(self, st: SymbolSentence, role: Mention) -> Entity | None:
        """The one organisation in subject position ("Die O …", "…, nimmt die O …") in the previous
        sentence of the section or before the role in this one: "Auf Einladung des Instituts …
        nimmt die BMR … teil. Prokurist Jörg Kemna präsentiert …"."""
        texts = []
        if st.sentence.index > 0:
            prev = self.sents[st.sentence.index - 1]
            if prev.sentence.section == st.sentence.section:
                texts.append(prev)
        found: dict[str, Entity] = {}
        for sent in (*texts, st):
            for m in re.finditer(r"(?:^\s*|\b(?:[Dd]ie|[Dd]as) )O(\d+)\b", sent.symbols):
                mention = sent.index.get(int(m.group(1)))
                if mention is None or (sent is st and mention.start >= role.start):
                    continue
                ent = self.ent(mention)
                if ent is not None and ent.kind == "organisation":
                    found[str(ent.iri)] = ent
        return next(iter(found.values())) if len(found) == 1 else None

    def _held_by_other(self, org: Entity, person: Entity, sentence: int, explicit: bool = False) -> bool:
        """Whether this sentence already links another person to ``org`` (``explicit``: by a phrase that
        names the organisation in full, not by a role compound such as "IHK-Präsident")."""
        return any(st.kind == "membership" and st.get("organisation") == [org.iri] and st.get("member") != [person.iri]
                   and any(ev.sentence == sentence for ev in st.evidence)
                   and not (explicit and st.rule == "compound-role") for st in self.statements)

    def _guest(self, st: SymbolSentence, role_number: int, person_number: int, org: Entity | None) -> bool:
        """The role holder is a guest, not one of the organisation's people: a foreign country's
        adjective before the role ("der kolumbianische Präsident P"), or the visitor of a sentence about
        a visit ("Bundespräsident P und Ministerin P besuchen die O", "besuchte Präsident P das O" —
        but not "besichtigte die Gruppe das O, dessen Leiter P …")."""
        sym = st.symbols
        before = sym.split(f"L{role_number} ", 1)[0].split()[-1:]
        if before and re.fullmatch(r"K\d+", before[0]):
            ent = self.ent_at(st, before[0][1:])
            de = self.gz.entries.get("country:DE")
            if ent is not None and ent.kind == "country" and (de is None or ent.iri != de.iri):
                return True
        p_at = re.search(rf"\bP{person_number}\b", sym)
        if p_at is None:
            return False
        org_at = next((re.search(rf"\bO{n}\b", sym) for n, m in st.index.items()
                       if org is not None and self.ent(m) is org), None)
        for verb in GUEST_VERB.finditer(sym):
            if p_at.start() < verb.start() or org_at is None or org_at.start() > p_at.start():
                return True
        return False

    def _sole_org(self, sentence: int) -> Entity | None:
        """The only organisation the section has named up to ``sentence`` (none when there are more)."""
        section = self.sentences[sentence].section
        # a house named only inside a role ("der CDU-Oppositionsführer", "Signal-Iduna-Chef") is that
        # role holder's, not the one in focus: "… ließ sich von den Geschäftsführern P1, P2 führen"
        roles = {(m.start, m.end) for m in self.mentions if m.kind == "role"}
        found = {str(e.iri): e for e in self.entities if e.kind == "organisation" and any(
            m.sentence <= sentence and self.sentences[m.sentence].section == section
            and "embedded" not in dict(m.attrs) and (m.start, m.end) not in roles for m in e.mentions)}
        linked = {id(m) for e in self.entities for m in e.mentions}
        if any(m.kind == "organisation" and m.rule == "anaphor" and id(m) not in linked and m.sentence <= sentence
               and self.sentences[m.sentence].section == section for m in self.mentions):
            return None  # "neuer Vorsitzender des Vereins" with no Verein named: another house is spoken of
        return next(iter(found.values())) if len(found) == 1 else None
