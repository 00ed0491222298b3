"""Group mentions into entities: one entity per actor within an article, stable IRIs across articles.

Linking rules, recorded as ``rg:mergeRule`` on each entity:

* ``gazetteer`` — the mention is a name or alias of a reference entry (IRI of the entry);
* ``acronym`` — "Chicago Council on Global Affairs (CCGA)" makes later "CCGA" the same entity;
* ``loose-name`` — spellings that differ only in case, spaces, hyphens, genitive or legal form
  ("BioMedizinZentrum Dortmund", "BioMedizinZentrumDortmund") are one entity, and one that matches
  a gazetteer entry loosely takes that entry's IRI;
* ``surname`` — "Kemna" after "Jörg Kemna" is the same person;
* ``genitive`` — "Hermann Eilings" (genitive) is "Hermann Eiling" when the article names both;
* ``descriptor`` / ``demonym`` — "der asiatische Stadtstaat", "kanadischer" name the country.

IRIs are minted from the kind and the preferred name (legal forms and titles left out), so the
same actor in two articles gets the same IRI.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract.lexicon import HONORIFICS, TITLES, designator
from ruhrgraph.extract.names import clean_org_label, loose_key, strip_legal_form
from ruhrgraph.extract.resources import Resources
from ruhrgraph.iri import mint
from ruhrgraph.model import Entity, Mention

__all__ = ["clean_org_label", "link", "loose_key", "person_name", "strip_legal_form"]


def person_name(mention: Mention) -> tuple[str, str]:
    """(name without titles, honorific prefix) of a person mention."""
    name = mention.attr("name") or mention.text
    parts = name.split()
    prefix = [p for p in mention.text.split() if p in TITLES]
    core = [p for p in parts if p not in TITLES and p not in HONORIFICS]
    return " ".join(core), " ".join(prefix)


def link(mentions: list[Mention], resources: Resources) -> tuple[list[Entity], dict[int, str]]:
    """Entities of an article and a map from mention index to entity IRI.

    Args:
        mentions: the mentions of one article (:func:`~ruhrgraph.extract.mentions.find_mentions`);
            the list is not changed.
        resources: the gazetteer and its loose-name index.
    """
    linker = _Linker(mentions, resources)
    linker.names()
    linker.genitive_persons()
    linker.titled_surnames()
    linker.acronyms_and_surnames()
    linker.anaphors()
    linker.bare_designators()
    entities = linker.entities()
    return entities, {i: _entity_iri(entities, linker.mentions[i]) for i in linker.mention_key}


class _Linker:
    """The groups of one article's mentions as they form: group key → mention indices, and per key
    the labels, classes, merge rules, aliases and honorific prefix seen so far.

    A group key is a gazetteer key (``city:Dortmund``) or a kind and loose key
    (``person~joergkemna``)."""

    def __init__(self, mentions: list[Mention], resources: Resources) -> None:
        self.gz = resources.gazetteer
        self.morphology = resources.morphology
        self.loose_gazetteer = resources.loose_organisations
        self.mentions = list(mentions)
        self.groups: dict[str, list[int]] = defaultdict(list)
        self.info: dict[str, dict[str, Any]] = {}
        self.acronyms: dict[str, str] = {}  # acronym → group key of its definition
        self.mention_key: dict[int, str] = {}
        self.home = self._home_city()

    def _home_city(self) -> str:
        """The German town the article is about: named at least twice and more often than any other."""
        counts: dict[str, int] = defaultdict(int)
        for m in self.mentions:
            entry = self.gz.entries.get(m.key) if m.kind == "city" and m.key else None
            if entry is not None and entry.country == "DE":
                counts[entry.name] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return ""

    def org_key(self, label: str) -> str:
        """The group of an organisation label: a gazetteer entry it matches loosely, or its loose key."""
        lk = loose_key(label)
        return self.loose_gazetteer.get(lk) or f"organisation~{lk}"

    def join(self, i: int, key: str) -> None:
        self.groups[key].append(i)
        self.mention_key[i] = key

    def names(self) -> None:
        """Pass 1: every mention that names something joins the group of its (normalised) name."""
        gz, info = self.gz, self.info
        # acronyms the article defines ("… (AIU)"): every use of them is the defined organisation
        defined = {m.text: m.attr("acronym-of") for m in self.mentions
                   if m.kind == "organisation" and m.rule == "acronym" and m.attr("acronym-of")}
        generic = {m.text for m in self.mentions if m.rule == "acronym" and m.attr("generic")}
        for i, m in enumerate(self.mentions):
            if m.kind in {"sector", "role"}:
                continue
            if m.key and m.key in gz.entries:
                key = m.key
                rule = {"demonym": "demonym", "descriptor": "descriptor", "city-adjective": "city-adjective"}.get(
                    m.rule, "gazetteer")
            elif m.kind == "organisation":
                if m.rule in {"acronym", "anaphor", "short-name"}:
                    continue
                if m.text in defined and m.text != defined[m.text]:  # linked with the acronyms, below
                    flag = (("generic", "yes"),) if m.text in generic else ()
                    self.mentions[i] = Mention(m.start, m.end, m.text, m.kind, m.sentence, "acronym", m.key,
                                               m.rdf_class, m.confidence, (("acronym-of", defined[m.text]), *flag))
                    continue
                label = clean_org_label(m.attr("name") or m.text, self.morphology)
                head, _, town = label.rpartition(" ")
                if head and town.endswith("s") and gz.city(town[:-1]) is not None and not gz.city(town):
                    label = f"{head} {town[:-1]}"  # "Borussia Dortmunds" → "Borussia Dortmund"
                key, rule = self.org_key(label), "loose-name"
                if self.home and _bare_designator(label) and key.startswith("organisation~"):
                    # "die Wirtschaftsförderung" in an article about Gelsenkirchen: the town's own
                    local = self.loose_gazetteer.get(loose_key(f"{label} {self.home}"))
                    key, rule = (local, "home-town") if local else (key, rule)
                info.setdefault(key, {}).setdefault("labels", []).append(label)
                info[key].setdefault("classes", []).append(m.rdf_class or "Organisation")
                if m.attr("acronym"):
                    self.acronyms[m.attr("acronym")] = key
            elif m.kind == "person":
                if m.rule in {"surname", "anaphor"}:
                    continue
                name, prefix = person_name(m)
                if not name:
                    continue
                key = f"person~{loose_key(name)}"
                info.setdefault(key, {}).setdefault("labels", []).append(name)
                if prefix:
                    info[key]["prefix"] = prefix
                rule = "normalised-name"
            else:
                key = f"{m.kind}~{loose_key(m.text)}"
                info.setdefault(key, {}).setdefault("labels", []).append(m.text)
                rule = "normalised-name"
            self.join(i, key)
            info.setdefault(key, {}).setdefault("rules", set()).add(rule)

    def genitive_persons(self) -> None:
        """A person named in the genitive ("das Engagement Hermann Eilings") is the one named without the
        "-s" ("Hermann Eiling") when the article names both."""
        info = self.info
        for key in [k for k in info if k.startswith("person~") and k.endswith("s")]:
            labels = info[key].get("labels", [])
            full = f"person~{loose_key(labels[0][:-1])}" if labels and labels[0].endswith("s") else ""
            if full in info and full != key and all(lbl.endswith("s") for lbl in labels):
                for i in self.groups.pop(key, []):
                    self.join(i, full)
                info[full].setdefault("rules", set()).add("genitive")

    def titled_surnames(self) -> None:
        """A person known only by surname ("Dr. Stachnik") is the one with that full name ("Joanna Stachnik")."""
        info = self.info
        person_by_surname: dict[str, str] = {}
        for key, data in info.items():
            if key.startswith("person~"):
                for label in data.get("labels", []):
                    parts = label.split()
                    if len(parts) >= 2:
                        person_by_surname.setdefault(parts[-1], key)
        single_persons = {k: v for k, v in info.items() if k.startswith("person~")
                          and all(len(lbl.split()) == 1 for lbl in v.get("labels", []))}
        for key, data in single_persons.items():
            full = person_by_surname.get(data["labels"][0])
            if full and full != key:
                for i in self.groups.pop(key, []):
                    self.join(i, full)
                info[full].setdefault("rules", set()).add("surname")

    def acronyms_and_surnames(self) -> None:
        """Pass 2: acronyms and short names join their organisation, bare surnames their person."""
        info = self.info
        for i, m in enumerate(self.mentions):
            if m.kind == "organisation" and m.rule in {"acronym", "short-name"}:
                full = m.attr("acronym-of") or m.text
                key = self.acronyms.get(m.text) or self.org_key(clean_org_label(full, self.morphology))
                self.join(i, key)
                info.setdefault(key, {}).setdefault("rules", set()).add("acronym")
                if m.text != full and not m.attr("generic"):  # a recurrence of the name adds no alias, nor "IHK"
                    info[key].setdefault("aliases", []).append(m.text)
            elif m.kind == "person" and m.rule == "surname":
                key = f"person~{loose_key(m.attr('name'))}"
                if key in self.groups:
                    self.join(i, key)
                    info[key].setdefault("rules", set()).add("surname")

    def anaphors(self) -> None:
        """An anaphor ("des Vereins") joins the closest preceding organisation of a compatible class,
        at most three sentences back."""
        mentions = self.mentions
        org_positions = sorted((mentions[i].start, mentions[i].sentence, key) for key, idxs in self.groups.items()
                               for i in idxs if mentions[i].kind == "organisation")
        persons = sorted((mentions[i].start, mentions[i].sentence, key) for key, idxs in self.groups.items()
                         for i in idxs if mentions[i].kind == "person")
        for i, m in enumerate(mentions):
            if m.kind == "person" and m.rule == "anaphor":
                # "Der 53-Jährige …" / "Er …" opening a sentence: the person the sentence before named —
                # only when it named exactly one, so that the reference is not a guess
                aged = {self.mention_key[j] for j, other in enumerate(mentions) if other.kind == "person"
                        and j in self.mention_key and other.start < m.start and m.attr("age")
                        and other.attr("age") == m.attr("age")}
                inner = {key for start, sentence, key in persons if sentence == m.sentence and start < m.start} \
                    if m.attr("inner") else set()
                before = aged or inner or {key for start, sentence, key in persons if sentence == m.sentence - 1}
                if not aged:  # "Sie …" is a woman named by a feminine role, "Er …" not one
                    before = {key for key in before if self._female(key) == (m.attr("gender") == "f")}
                if len(before) == 1:
                    self.join(i, before.pop())
                continue
            if m.kind != "organisation" or m.rule != "anaphor":
                continue
            wanted = m.attr("anaphor")
            near = [key for start, sentence, key in reversed(org_positions)
                    if start < m.start and m.sentence - sentence <= 3]
            word = m.text.lower()
            heads = {word, word.removesuffix("s"), word.removesuffix("es")}
            named = next((key for key in near if any(h in self.mentions[j].text.lower() for h in heads
                                                     for j in self.groups.get(key, []))), None)
            if named is not None:  # "der Wirtschaftsentwicklung": the house whose name says so
                self.join(i, named)
                continue
            fits = [(sentence, key) for start, sentence, key in reversed(org_positions)
                    if start < m.start and self._fits(key, wanted)]
            close = [key for sentence, key in fits if m.sentence - sentence <= 3]
            if close:
                self.join(i, close[0])
            elif len({key for _, key in fits}) == 1:  # further back: the one house of that kind the article names
                self.join(i, fits[0][1])

    def _fits(self, key: str, wanted: str) -> bool:
        """Whether the house ``key`` is of the class an anaphor asks for."""
        known = set(self.info.get(key, {}).get("classes", []))
        if key in self.gz.entries:
            known.add(self.gz.entries[key].rdf_class)
        return wanted == "*" or wanted in known or ("Organisation" in known and wanted == "Company")

    def bare_designators(self) -> None:
        """"die Stadtwerke" in an article that names "Stadtwerke Hemer" and no other Stadtwerke is that
        house (a name of the designator alone is no house of its own)."""
        for key in [k for k in self.groups if k.startswith("organisation~")]:
            words = {self.mentions[i].text for i in self.groups[key]}
            word = next(iter(words))
            if len(words) != 1 or not _bare_designator(word):
                continue
            houses = {k for k, idxs in self.groups.items() if k != key and k.startswith("organisation")
                      and any(self.mentions[i].text.startswith(word + " ") for i in idxs)}
            if len(houses) == 1:
                target = houses.pop()
                for i in self.groups.pop(key):
                    self.join(i, target)
            elif houses:  # "der Sparkasse" beside "Sparkasse Hamm" and "Sparkasse Unna": which one is unsaid
                for i in self.groups.pop(key):
                    self.mention_key.pop(i, None)

    def _female(self, key: str) -> bool:
        """A person the article calls a woman by a feminine role noun next to her name — the role's
        nearest person in its sentence ("Die Bochumer Unternehmerin Kerstin Feix", "…, Geschäftsführerin
        der …"), not another person's role in a sentence that also names him."""
        mine = set(self.groups.get(key, []))
        names = [self.mentions[i].attr("name") or self.mentions[i].text for i in mine
                 if self.mentions[i].rule not in {"anaphor", "surname"}]
        if any(self._given_name(name) in self.gz.female_first_names for name in names):
            return True  # "Dorothea Stabolewski"
        people = [(i, m) for i, m in enumerate(self.mentions) if m.kind == "person" and i in self.mention_key]
        for role in self.mentions:
            if role.kind != "role" or not role.text.endswith(("in", "innen")):
                continue
            near = [(min(abs(m.start - role.end), abs(role.start - m.end)), i) for i, m in people
                    if m.sentence == role.sentence]
            if near and min(near)[1] in mine:
                return True
        return False

    def _given_name(self, name: str) -> str:
        """The first word of a personal name that is no title ("Dr. Dorothea Muster" → "Dorothea")."""
        return next((w for w in name.split() if w not in TITLES and w not in HONORIFICS and not w.endswith(".")), "")

    def entities(self) -> list[Entity]:
        """One entity per group, in the order of their first mentions."""
        entities = [self._entity(key, idxs) for key, idxs in self.groups.items()]
        entities.sort(key=lambda e: (e.mentions[0].start if e.mentions else 0, str(e.iri)))
        return entities

    def _entity(self, key: str, idxs: list[int]) -> Entity:
        ms = tuple(sorted((self.mentions[i] for i in idxs), key=lambda m: m.start))
        data = self.info.get(key, {})
        rules = ",".join(sorted(data.get("rules", set())))
        if key in self.gz.entries:
            entry = self.gz.entries[key]
            # the names the article used: gazetteer spellings, and the base form of inflected ones
            # ("der Niederrheinischen IHK" → "Niederrheinische IHK")
            inflected = [lbl for lbl in data.get("labels", []) if entry.kind == "organisation"
                         and loose_key(lbl) != loose_key(entry.name)  # not a mere case variant
                         and not _bare_designator(lbl)]  # nor a bare "IHK", "Wirtschaftsförderung"
            seen = {m.text for m in ms if m.rule == "gazetteer"} | set(inflected)
            seen |= {m.attr("name") for m in ms if m.rule == "gazetteer-compound" and m.attr("name")}  # "IHK Duisburg"
            # an inflected spelling of a name led by an adjective, in its base form as well
            if entry.kind == "organisation":
                listed = {entry.name, *entry.aliases}
                seen |= {clean_org_label(t, self.morphology) for t in seen if t not in listed}
            aliases = tuple(sorted((seen | set(data.get("aliases", []))) - {entry.name}))
            return Entity(entry.iri, _kind(entry), entry.rdf_class, entry.name, aliases, ms, entry.same_as, rules)
        kind = key.split("~", 1)[0]
        label = _preferred_label(data.get("labels") or [ms[0].text], kind)
        if kind == "organisation":
            classes = [c for c in data.get("classes", []) if c and c != "Organisation"]
            # the most frequent class; on a tie the one seen first (not set order, which varies per process)
            rdf_class = max(dict.fromkeys(classes), key=classes.count) if classes else "Organisation"
            spellings = {clean_org_label(m.text, self.morphology) for m in ms
                         if m.rule != "anaphor" and not m.attr("generic")
                         and not _bare_designator(m.text)}  # nor a bare "Stadtwerke"
            titled = _TOWN_TITLE.match(label)  # "Universitätsstadt Tübingen" is also "Stadt Tübingen"
            if titled:
                spellings.add(f"Stadt {titled['town']}")
            aliases = tuple(sorted(spellings - {label} | set(data.get("aliases", []))))
            return Entity(mint("organisation", strip_legal_form(label)), "organisation", rdf_class, label, aliases,
                          ms, (), rules)
        if kind == "person":
            attrs = (("honorificPrefix", data["prefix"]),) if data.get("prefix") else ()
            return Entity(mint("person", label), "person", "Person", label, (), ms, (), rules, attrs)
        cls = {"city": "City", "country": "Country", "region": "Region"}.get(kind, "Place")
        return Entity(mint(kind if kind in {"city", "country", "region"} else "place", label), kind, cls, label, (),
                      ms, (), rules)


_TOWN_TITLE = re.compile(r"^(?:Landeshauptstadt|Universitätsstadt|Hansestadt|Kreisstadt) (?P<town>[A-ZÄÖÜ].*)$")


def _entity_iri(entities: list[Entity], m: Mention) -> str:
    for e in entities:
        if m in e.mentions:
            return str(e.iri)
    return ""


def _kind(entry: gaz.Entry) -> str:
    if entry.kind == "region":
        return "continent" if entry.rdf_class == "Continent" else "region"
    return entry.kind


def _preferred_label(labels: list[str], kind: str) -> str:
    if kind == "person":
        return max(labels, key=lambda s: (len(s.split()), len(s), s))
    # organisations: the most frequent full form, longer first
    counts: dict[str, int] = defaultdict(int)
    for lbl in labels:
        counts[lbl] += 1
    return max(counts, key=lambda s: (len(s.split()) > 1 or len(s) > 6, counts[s], len(s), s))


def _bare_designator(text: str) -> bool:
    """A designator alone ("Stadtwerke", "IHK"): a word that describes a kind of house, not one house."""
    return " " not in text and bool(designator(text))
