"""Find mentions of organisations, people, places, sectors, events and roles in an article.

Two families of rules work together:

* **lexicon** rules look names up in the gazetteer with spaCy's ``PhraseMatcher`` (organisations,
  cities, countries, regions, trade fairs), and read country adjectives and demonyms
  ("kanadischer", "Koreaner"), periphrases ("der asiatische Stadtstaat"), role nouns and
  sector keywords (:mod:`._lexical`);
* **pattern** rules find actors no list knows: organisation designators ("Institut für …",
  "Wirtschaftsförderung Dortmund", "… GmbH", "Chicago Council on Global Affairs"), CamelCase
  compounds ("BioMedizinZentrumDortmund"), "Name (ACRONYM)" aliases, names after "von der" next to a
  person (:mod:`._orgs`), and people by first name, academic title, role noun or speech verb
  (:mod:`._people`).

An installed statistical NER model adds low-priority candidates (:mod:`.ner`). Overlapping
candidates are resolved longest-first, then by rule priority, so "Martin Hagen" is a person (not
the city Hagen) and "Wirtschaftsförderung Dortmund" an organisation that *contains* the city
Dortmund (kept as an embedded mention for the location rule). Later passes add what only the
whole article reveals: further uses of defined acronyms, short names without the legal form,
anaphors ("des Vereins") and surnames.

    >>> from ruhrgraph.extract.segment import split_sentences
    >>> text = "Titel\\nJulia Jäger von der Wirtschaftsförderung Dortmund begrüßte die Gäste."
    >>> [(m.text, m.kind) for m in find_mentions(text, split_sentences(text), Resources.build(ner=None))
    ...  if m.kind in {"person", "organisation"}]
    [('Julia Jäger', 'person'), ('Wirtschaftsförderung Dortmund', 'organisation')]
"""

from __future__ import annotations

import dataclasses
import re

from ruhrgraph.extract import ner
from ruhrgraph.extract._finder import Candidate
from ruhrgraph.extract._lexical import LexicalRules
from ruhrgraph.extract._orgs import OrganisationRules
from ruhrgraph.extract._people import PersonRules
from ruhrgraph.extract.lexicon import (
    ANAPHORS,
    CAMEL,
    FUNCTION_WORDS,
    GEO_PREPOSITIONS,
    HONORIFICS,
    TITLES,
    designator,
    is_cap,
)
from ruhrgraph.extract.names import strip_legal_form
from ruhrgraph.extract.resources import Resources
from ruhrgraph.model import Mention, Sentence


class _Finder(LexicalRules, OrganisationRules, PersonRules):
    """All candidate families over one article, and the resolution of their overlaps."""

    def statistical_matches(self) -> None:
        """PER/ORG/LOC spans of the statistical NER model, if the resources have one (low priority)."""
        if self.res.ner is None:
            return
        for start_char, end_char, kind in ner.entity_spans(self.res.ner, self.text):
            span = self.doc.char_span(start_char, end_char, alignment_mode="contract")
            if span is None or len(span) == 0:
                continue
            if kind == "city":  # a place only counts when the gazetteer knows it as a city
                entry = self.gz.city(span.text)
                if entry is None:
                    continue
                self.add(span.start, span.end, "city", "statistical-ner", key=entry.key, rdf_class="City",
                         confidence=0.5)
                continue
            if kind == "person" and len(span) < 2:
                continue
            self.add(span.start, span.end, kind, "statistical-ner",
                     rdf_class="Organisation" if kind == "organisation" else "", confidence=0.5, priority=5,
                     attrs=(("name_start", str(span.start)),) if kind == "person" else ())

    def resolve(self) -> list[Mention]:
        """Non-overlapping mentions: longest first, then priority and confidence; places inside a
        chosen organisation or event are kept as embedded mentions; sectors and roles always stay."""
        chosen: list[Candidate] = []
        taken: set[int] = set()
        embedded: list[Candidate] = []
        order = sorted(self.cands, key=lambda c: (-(c.end_tok - c.start_tok) if c.kind not in {"sector", "role"}
                                                  else 0, -c.priority, -c.confidence, c.start_tok))
        countries = {(c.start_tok, c.end_tok) for c in self.cands if c.kind == "country"}
        order = [c for c in order if not (c.kind == "city" and (c.start_tok, c.end_tok) in countries)]
        for c in order:
            span = set(range(c.start_tok, c.end_tok))
            if c.kind in {"sector", "role"}:
                chosen.append(c)
                continue
            if span & taken:
                if c.kind in {"city", "country", "region"} and c.rule != "city-adjective" and any(
                        o.kind in {"organisation", "event"} and o.start_tok <= c.start_tok and c.end_tok <= o.end_tok
                        for o in chosen):
                    embedded.append(c)
                continue
            chosen.append(c)
            taken |= span
        out: list[Mention] = []
        for c in chosen + embedded:
            s = self.toks[c.start_tok].idx
            last = self.toks[c.end_tok - 1]
            e = last.idx + len(last.text)
            if c.kind == "organisation" and last.text.endswith(".") and any(
                    len(parts) == 1 for _, parts in self.res.legal_form_tokens.get(last.text[:-1], [])):
                e -= 1  # "Emscher Wasser GmbH." → "Emscher Wasser GmbH"
            attrs = dict(c.attrs)
            if c in embedded:
                attrs["embedded"] = "1"
            if c.kind == "person" and "name_start" in attrs:
                ns = int(attrs.pop("name_start"))
                attrs["name"] = self.text[self.toks[ns].idx:e] if ns < c.end_tok else self.text[s:e]
            out.append(Mention(s, e, self.text[s:e], c.kind, self.sent_of_tok[c.start_tok], c.rule, c.key,
                               c.rdf_class, c.confidence, tuple(sorted(attrs.items()))))
        return sorted(out, key=lambda m: (m.start, -m.end, m.kind))


def find_mentions(text: str, sentences: list[Sentence], resources: Resources) -> list[Mention]:
    """All mentions in ``text``, non-overlapping except places embedded in names and sector/role cues.

    Args:
        text: the article text (every offset refers to it).
        sentences: its sentences (:func:`~ruhrgraph.extract.segment.segment`).
        resources: the gazetteer, matchers and optional NER model of the pipeline.
    """
    finder = _Finder(text, sentences, resources)
    finder.lexicon_matches()
    finder.persons()
    finder.organisations()
    finder.context_organisations()
    finder.parenthesised_organisations()
    finder.list_organisations()
    finder.role_bare_houses()
    finder.statistical_matches()
    mentions = _common_nouns_dropped(finder.resolve(), resources)
    mentions = _coordinated_people(finder, mentions)
    mentions = _named_after_role_of_org(finder, mentions)
    mentions = _acronym_mentions(finder, mentions)
    mentions = _short_name_mentions(finder, mentions)
    mentions = _anaphors(finder, mentions)
    return _cut_off_dropped(text, _surname_mentions(finder, mentions))


def _cut_off_dropped(text: str, mentions: list[Mention]) -> list[Mention]:
    """Without a name or person that ends in the last word of a page cut off in mid-sentence ("… In
    Herrn Hau"): the word may be cut, and nothing after it tells what it names. A place or country
    the gazetteer knows in full stays."""
    end = len(text.rstrip())
    if not end or not text[end - 1].isalnum() or len(text[:end].rsplit("\n", 1)[-1].split()) < 6:
        return mentions  # (a short last line is a footer: "Herausgeber: Stadt Essen")
    return [m for m in mentions if m.end < end or (m.key and m.kind not in {"person", "organisation"})]


def _common_nouns_dropped(mentions: list[Mention], resources: Resources) -> list[Mention]:
    """Without organisation mentions that are one common noun ("Hochschulen", "Energie",
    "Wirtschaftsförderung" after "Bochumer"): not in the gazetteer, no acronym, brand spelling or
    digits, and tagged a common noun by German morphology."""
    def place_genitive(m: Mention) -> bool:  # "Bochums", "Deutschlands": a place in the genitive, no house
        return m.kind == "organisation" and not m.key and m.text.endswith("s") and " " not in m.text \
            and any(k.startswith(("city:", "country:")) for k in resources.gazetteer.surface.get(m.text[:-1], []))

    def generic(m: Mention) -> bool:
        text = m.text
        if place_genitive(m) or (m.kind == "organisation" and text.startswith("Joint Venture")):
            return True  # "in Form eines Joint Ventures"
        if m.rule == "firm-name":
            return False  # "die Firma Cyberdyne": named as a firm
        if not (m.kind == "organisation" and not m.key and " " not in text and "-" not in text
                and text[:1].isupper() and text[1:].islower() and not any(ch.isdigit() for ch in text)):
            return False
        if resources.morphology.tag(text) != "NN":
            return False
        # a designator alone ("die Wirtschaftsförderung", "die Stadtwerke") names the article's own
        # organisation; in the dative plural ("den Hochschulen", "Hafenbetrieben") it names none
        return not designator(text) or text.endswith("en")
    return [m for m in mentions if not generic(m)]


_AFTER_COORDINATED = frozenset({",", "von", "vom", "aus", "(", "sowie", ".", "von der", "stellten", "präsentierten",
                                "berichteten", "erläuterten", "hatten", "haben", "sind", "waren"})


def _coordinated_people(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """"Felix Blasch und Johr Zhou vom …": two capitalised words coordinated with a person, then a
    preposition, a comma or a plural verb, name a person too (first names the lists do not know)."""
    starts = {m.end: m for m in mentions if m.kind == "person"}
    if not starts:
        return mentions
    covered = _covered(mentions)
    by_start = {tok.idx: i for i, tok in enumerate(finder.toks)}
    extra: list[Mention] = []
    for end, person in starts.items():
        nxt = finder.text.find("und ", end, end + 6)
        if nxt < 0 or finder.text[end:nxt].strip():
            continue
        i = by_start.get(nxt + 4)
        if i is None or i + 2 >= len(finder.toks):
            continue
        a, b, after = finder.t(i), finder.t(i + 1), finder.t(i + 2)
        if not (is_cap(a) and is_cap(b) and a.isalpha() and b.replace("-", "").isalpha()) \
                or after not in _AFTER_COORDINATED:
            continue
        if any(w.lower() in FUNCTION_WORDS or designator(w) or w in finder.gz.surface or finder.gz.role_for(w)
               for w in (a, b)):
            continue
        s, e = finder.toks[i].idx, finder.toks[i + 1].idx + len(b)
        if any(x <= s < y or x < e <= y for x, y in covered) or not finder.same_sentence(i, i + 1):
            continue
        extra.append(Mention(s, e, finder.text[s:e], "person", person.sentence, "coordinated-name", "", "", 0.7,
                             (("name", finder.text[s:e]),)))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind)) if extra else mentions


_ROLE_OF = re.compile(r"(\w+) (?:der|des) $")
_NAME_AFTER_ORG = re.compile(r"(?: \([^()]{1,12}\))?, ([A-ZÄÖÜ][\w-]+ [A-ZÄÖÜ][\w-]+)(?=[,.;])")


def _named_after_role_of_org(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """"dem Präsidenten des National Institute for Materials Science (NIMS), Kazuhiro Hono, …": two
    capitalised words set off after "<role> der/des <organisation>," name the holder of the role."""
    covered = _covered(mentions)
    extra: list[Mention] = []
    for m in mentions:
        if m.kind != "organisation":
            continue
        role = _ROLE_OF.search(finder.text[max(0, m.start - 40):m.start])
        hit = _NAME_AFTER_ORG.match(finder.text, m.end)
        if role is None or hit is None or finder.gz.role_for(role.group(1)) is None:
            continue
        s, e = hit.start(1), hit.end(1)
        words = hit.group(1).split()
        if any(x <= s < y or x < e <= y for x, y in covered) or any(
                w.lower() in FUNCTION_WORDS or designator(w) or w in finder.gz.surface or finder.gz.role_for(w)
                for w in words):
            continue
        extra.append(Mention(s, e, hit.group(1), "person", m.sentence, "role-of-org-name", "", "", 0.7,
                             (("name", hit.group(1)),)))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind)) if extra else mentions


def _covered(mentions: list[Mention]) -> list[tuple[int, int]]:
    """Spans already taken by a name (sector and role cues and embedded places take none)."""
    return [(m.start, m.end) for m in mentions if m.kind not in {"sector", "role"} and "embedded" not in dict(m.attrs)]


#: Organisation rules that need a context word; the same name elsewhere in the article is a mention too.
_CONTEXT_RULES = frozenset({"firm-name", "descriptor-name", "list-item", "dotted-brand", "preposition-context"})


def _short_name_mentions(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Later uses of an organisation's name without its legal form ("HaldenIT" after "HaldenIT GmbH"),
    and other uses of a name first recognised by its context ("Wibit Sports" after "die Firma Wibit Sports")."""
    short: dict[str, str] = {}
    for m in mentions:
        # a name found by its context ("die Firma Wibit Sports") is the same name later without it
        if m.kind == "organisation" and m.rule in _CONTEXT_RULES and len(m.text) > 3 \
                and m.text not in finder.gz.surface and m.text.lower() not in FUNCTION_WORDS:
            short.setdefault(m.text, m.text)
        if m.kind == "organisation" and m.rule == "legal-form":
            name = strip_legal_form(m.text)
            if name and name != m.text and (len(name.split()) > 1 or CAMEL.match(name) or len(name) > 4) \
                    and name not in finder.gz.surface and name.lower() not in FUNCTION_WORDS:
                short[name] = m.text
    if not short:
        return mentions
    covered = _covered(mentions)
    extra: list[Mention] = []
    for name, full in short.items():
        for hit in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", finder.text):
            s, e = hit.start(), hit.end()
            if any(a <= s < b or a < e <= b for a, b in covered):
                continue
            span = finder.doc.char_span(s, e)
            if span is None:
                continue
            extra.append(Mention(s, e, name, "organisation", finder.sent_of_tok[span.start], "short-name", "",
                                 "Organisation", 0.7, (("acronym-of", full),)))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind))


def _acronym_mentions(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Every further use of an acronym the article defined ("(CCGA)", "bei der BMR") is a mention."""
    acronyms: dict[str, str] = {}
    for m in mentions:
        if m.kind == "organisation":
            if m.attr("acronym") and m.rule == "acronym-definition":
                acronyms[m.attr("acronym")] = m.text
            elif m.rule == "acronym-context":
                acronyms.setdefault(m.text, "")
    defined = {a for a, of in acronyms.items() if of}
    mentions = _initials_of_names(mentions, acronyms, finder.text)
    if not acronyms:
        return mentions
    covered = _covered(mentions)
    extra: list[Mention] = []
    for i, tok in enumerate(finder.toks):
        if tok.text in acronyms:
            s, e = tok.idx, tok.idx + len(tok.text)
            if any(a <= s < b for a, b in covered):
                continue
            of = acronyms[tok.text]
            generic = (("generic", "yes"),) if tok.text in _CHAMBER_KINDS and tok.text not in defined else ()
            attrs = (("acronym-of", of), *generic) if of else ()
            extra.append(Mention(s, e, tok.text, "organisation", finder.sent_of_tok[i],
                                 "acronym" if of else "acronym-context", "", "Organisation", 0.6, attrs))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind))


_CHAMBER_KINDS = {"IHK": ("Industrie- und Handelskammer", "IHK "), "HWK": ("Handwerkskammer", "HWK ")}
"""A chamber's generic acronym and the name parts of the chambers it can stand for."""
_PLACED = re.compile(r"\s+(?:in|im|aus|zu|von)\s+[A-ZÄÖÜ]")


def _initials_of_names(mentions: list[Mention], acronyms: dict[str, str], text: str) -> list[Mention]:
    """An acronym the article uses but never defines ("des NBR") whose letters are exactly the
    initials of one organisation the article names ("Nordlicht Business Review") is that
    organisation, and a bare "IHK"/"HWK" the one chamber of that kind the article names (unless
    the article places another: "der IHK in Kurume"): ``acronyms`` learns it, and the acronym's
    mentions say so."""
    names: dict[str, set[str]] = {}
    bare = {a for a, of in acronyms.items() if not of}
    for m in mentions:
        words = m.text.split()
        if m.kind != "organisation" or m.rule in {"acronym", "acronym-definition"}:
            continue
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            names.setdefault("".join(w[0] for w in words), set()).add(m.text)
        elif not m.key and m.text.isalpha() and m.text.isupper() and 2 <= len(m.text) <= 6:
            bare.add(m.text)  # "Geschäftsführerin des NBR"
    found = {acr: next(iter(names[acr])) for acr in bare if len(names.get(acr, ())) == 1}
    chambers = set()
    for acr, marks in _CHAMBER_KINDS.items():  # "der IHK" after "der Industrie- und Handelskammer zu Lübeck"
        houses = {m.key or m.text: m.text for m in mentions if m.kind == "organisation" and m.text != acr
                  and m.rule not in {"acronym", "acronym-definition"} and any(k in m.text for k in marks)}
        elsewhere = any(m.text == acr and _PLACED.match(text, m.end) for m in mentions)
        if acr in bare and acr not in found and not acronyms.get(acr) and len(houses) == 1 and not elsewhere:
            found[acr] = re.sub(r"\s*\([^)]*\)", "", next(iter(houses.values())))  # "Handwerkskammer (HWK) Dortmund"
            chambers.add(acr)
    acronyms.update(found)
    # a chamber's generic acronym stands for the house here but is no name of it (every chamber is "IHK")
    return [dataclasses.replace(m, rule="acronym", attrs=(("acronym-of", found[m.text]),
                                                          *((("generic", "yes"),) if m.text in chambers else ())))
            if m.kind == "organisation" and m.text in found and m.rule != "acronym-definition" else m
            for m in mentions]


def _surname_mentions(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Later references by surname only ("Kemna betonte …") become person mentions."""
    surnames: dict[str, str] = {}
    for m in mentions:
        if m.kind == "person":
            name = m.attr("name") or m.text
            parts = [p for p in name.split() if p not in TITLES and p not in HONORIFICS]
            if len(parts) >= 2:
                surnames.setdefault(parts[-1], name)
    if not surnames:
        return mentions
    # "Stellvertreter von Albers", "zum Nachfolger von Albers gewählt": a surname taken for a house by
    # its context only is the person named in full before
    taken_for_house = {(m.start, m.end) for m in mentions if m.kind == "organisation" and not m.key
                       and m.text in surnames and m.rule in {"preposition-context", "short-name"}}
    mentions = [m for m in mentions if (m.start, m.end) not in taken_for_house or m.kind != "organisation"]
    covered = [(m.start, m.end) for m in mentions if "embedded" not in dict(m.attrs)
               and m.kind not in {"sector", "role"} and not (m.kind == "city" and m.text in surnames)]
    extra: list[Mention] = []
    for i, tok in enumerate(finder.toks):
        if tok.text in surnames and finder.t(i - 1).lower() not in GEO_PREPOSITIONS:
            s, e = tok.idx, tok.idx + len(tok.text)
            if any(a <= s < b for a, b in covered):
                continue
            extra.append(Mention(s, e, tok.text, "person", finder.sent_of_tok[i], "surname", "", "", 0.7,
                                 (("name", surnames[tok.text]),)))
    if not extra:
        return mentions
    extra_spans = [(m.start, m.end) for m in extra]  # (after the houses above were dropped)
    kept = [m for m in mentions if not (m.kind == "city" and "embedded" not in dict(m.attrs)
                                        and (m.start, m.end) in extra_spans)]
    return sorted(kept + extra, key=lambda m: (m.start, -m.end, m.kind))


#: compounds whose head is a company anaphor: "des Traditionsunternehmens", "der Energiekonzern"
_COMPOUND_ANAPHOR = {"unternehmen": "Unternehmen", "unternehmens": "Unternehmens", "konzern": "Konzern",
                     "konzerns": "Konzerns"}


def _compound_head(word: str) -> str:
    """The company head of a compound of at least four more letters ("Traditionsunternehmens" →
    "unternehmens"), else ``""``."""
    low = word.lower()
    return next((h for h in _COMPOUND_ANAPHOR if low.endswith(h) and len(low) >= len(h) + 4 and word[:1].isupper()),
                "")


_AGE_AFTER = re.compile(r"\s*\((\d{2})\)")
_AGE_NOUN = re.compile(r"^\d{2}-[Jj]ährige[n]?$")
_TOWNSMAN = re.compile(r"^[A-ZÄÖÜ]\w+(?:er|erin)$")  # "Wuppertaler", "Essenerin"
#: verbs after which "er" inside a sentence is the subject of a role: "seit 2011 ist er Geschäftsführer …"
_COPULAS = frozenset({"ist", "war", "wird", "wurde", "bleibt", "blieb"})
#: … and after a conjunction opening a clause: "…, bevor er als Vorstandsmitglied zur Sparkasse Jena wechselte"
_SUBJUNCTIONS = frozenset({"bevor", "nachdem", "ehe", "weil", "wo", "seitdem", "bis"})
# "Sie sind …", "Sie alle …": the plural, not a woman named before
_PLURAL_VERBS = frozenset({"alle", "beide", "sind", "waren", "haben", "hatten", "werden", "wurden", "wollen",
                           "können", "sollen", "müssen", "dürfen", "kamen", "kommen", "gehen", "stehen", "arbeiten",
                           "leben"})


def _anaphors(finder: _Finder, mentions: list[Mention]) -> list[Mention]:
    """Definite descriptions that point back to an organisation ("des Vereins", "die Gesellschaft") or,
    opening a sentence, to a person ("Der 53-Jährige …", "Er …")."""
    covered = _covered(mentions)
    extra: list[Mention] = []
    # a person introduced with an age ("Norbert Heyer (60)") is the one "Der 60-Jährige" means
    mentions = [dataclasses.replace(m, attrs=(*m.attrs, ("age", age[1])))
                if m.kind == "person" and (age := _AGE_AFTER.match(finder.text, m.end)) else m for m in mentions]
    org_texts = [m.text for m in mentions if m.kind == "organisation"]
    for i, tok in enumerate(finder.toks):
        if not tok.text[:1].isupper() and tok.text != "er":
            continue  # every cue below is capitalised but "er"
        pronoun = tok.text == "Er" or (tok.text == "Sie" and finder.t(i + 1) not in _PLURAL_VERBS)
        if tok.text == "er" and ((finder.t(i - 1) in _COPULAS and not finder.sentence_start(i - 1))
                                 or finder.t(i - 1) in _SUBJUNCTIONS):
            # "…, seit 2011 ist er Geschäftsführer der O": the man the clause before named
            extra.append(Mention(tok.idx, tok.idx + 2, "er", "person", finder.sent_of_tok[i], "anaphor", "", "",
                                 0.6, (("age", ""), ("anaphor", "person"), ("inner", "1"))))
            continue
        native = tok.text in {"Der", "Die"} and finder.t(i + 1) in {"gebürtige", "geborene"} \
            and bool(_TOWNSMAN.match(finder.t(i + 2)))  # "Der gebürtige Wuppertaler arbeitete …"
        if finder.sentence_start(i) and (
                (tok.text in {"Der", "Die"} and _AGE_NOUN.match(finder.t(i + 1))) or pronoun or native):
            last = i if pronoun else i + 2 if native else i + 1
            nxt = finder.t(last + 1)
            if last == i + 1 and is_cap(nxt) and finder.res.morphology.tag(nxt) == "NN" \
                    and not finder.gz.role_for(nxt):
                last += 1  # "Der 53-Jährige Betriebswirt" (a role stays a role: "Der 44-jährige Geschäftsführer")
            s, e = tok.idx, finder.toks[last].idx + len(finder.t(last))
            if not any(a <= s < b for a, b in covered):
                years = "" if pronoun or native else finder.t(i + 1)[:2]
                female = (("gender", "f"),) if tok.text == "Sie" or (native and tok.text == "Die") else ()
                extra.append(Mention(s, e, finder.text[s:e], "person", finder.sent_of_tok[i], "anaphor", "", "",
                                     0.6, (("anaphor", "person"), ("age", years), *female)))
            continue
        word = tok.text if tok.text in ANAPHORS else (
            _COMPOUND_ANAPHOR.get(_compound_head(tok.text), "") if tok.text[-1] in "ns" else "")
        if finder.t(i - 1).lower() not in {"der", "des", "dem", "die", "das", "den"}:
            continue
        if not word:
            # "der Kreishandwerkerschaft" after "Kreishandwerkerschaft Steinfurt-Warendorf": the bare
            # designator of a house the article names (the linker joins it to that house)
            cls = designator(tok.text)
            if not cls or is_cap(finder.t(i + 1)) or any(a <= tok.idx < b for a, b in covered):
                continue
            head = tok.text + " "
            houses = {strip_legal_form(text) for text in org_texts if text.startswith(head)}
            town = next(iter(houses)).split()[-1] if len(houses) == 1 else ""
            elsewhere = finder.t(i + 1) == "in" and finder.gz.city(town) is not None and finder.t(i + 2) != town
            if len(houses) == 1 and not elsewhere:  # not "die Stadtwerke in Solingen" (of Stadtwerke Münster)
                extra.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "organisation",
                                     finder.sent_of_tok[i], "bare-designator", "", cls, 0.6, ()))
            continue
        nxt = finder.t(i + 1)
        if is_cap(nxt) and nxt.lower() not in FUNCTION_WORDS and nxt not in {"mit", "in"}:
            continue  # "die Gesellschaft für …" is a name, handled elsewhere
        s, e = tok.idx, tok.idx + len(tok.text)
        if any(a <= s < b for a, b in covered):
            continue
        extra.append(Mention(s, e, tok.text, "organisation", finder.sent_of_tok[i], "anaphor", "",
                             ANAPHORS[word], 0.6, (("anaphor", ANAPHORS[word] or "*"),)))
    return sorted(mentions + extra, key=lambda m: (m.start, -m.end, m.kind))

