"""The token view of one article that every mention rule family works on (private to ``mentions``).

:class:`FinderBase` holds the tokens, their sentences and the candidates found so far, and the
helpers the families share: token access, sentence checks, runs of name tokens, places and
legal forms at a position. The families (:mod:`._places`, :mod:`._orgs`, :mod:`._people`) are
mixins over it; :class:`ruhrgraph.extract.mentions._Finder` combines them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruhrgraph.extract.lexicon import (
    BOARDS,
    CAMEL,
    ENGLISH_HEADS,
    FUNCTION_WORDS,
    LEGAL_FORMS,
    LOWER_ADJECTIVE,
    NAME_CONNECTORS,
    SUBUNITS,
    TOWN_ADJECTIVE,
    designator,
    is_cap,
)
from ruhrgraph.extract.resources import Resources
from ruhrgraph.extract.segment import token_list, tokenize
from ruhrgraph.model import Sentence

# rule priority by kind: on equal length, a person beats an organisation beats a place
PRIORITY = {"organisation": 80, "person": 85, "event": 75, "country": 70, "region": 68, "continent": 67,
            "city": 65, "role": 40, "sector": 20}


#: a board of an organisation, in any case: "des Aufsichtsrates der BMR" names the BMR
_BOARD = re.compile(rf"^(?:{'|'.join(BOARDS)}|Senat)(?:e?s)?$")
#: generic nouns before a company's name ("die Firma Gebrüder Grieshaber"), maybe after a town's adjective
_FIRM_WORDS = frozenset({"Firma", "Unternehmen", "Firmengruppe"})

@dataclass(frozen=True)
class Candidate:
    """A possible mention, in token positions; overlaps are resolved later."""

    start_tok: int
    end_tok: int  # exclusive
    kind: str
    rule: str
    key: str = ""
    rdf_class: str = ""
    confidence: float = 0.8
    priority: int = 0
    attrs: tuple[tuple[str, str], ...] = ()


class FinderBase:
    """Mention finder for one article (tokens of the whole text, sentences with offsets)."""

    def __init__(self, text: str, sentences: list[Sentence], resources: Resources) -> None:
        self.res = resources
        self.gz = resources.gazetteer
        self.text = text
        self.sentences = sentences
        self.doc = tokenize(text)
        self.toks = token_list(text)
        self.words = [t.text for t in self.toks]
        nxt, self.next_english_head = len(self.words) + 99, [0] * len(self.words)
        for k in range(len(self.words) - 1, -1, -1):  # position of the next English designator after k
            self.next_english_head[k] = nxt
            if self.words[k] in ENGLISH_HEADS:
                nxt = k
        self.spaces = [("\n" in w or not w.strip()) for w in self.words]
        self.cands: list[Candidate] = []
        self.sent_of_tok = self._map_sentences()

    def _map_sentences(self) -> list[int]:
        out = []
        si = 0
        for t in self.toks:
            while si < len(self.sentences) - 1 and t.idx >= self.sentences[si].end:
                si += 1
            out.append(self.sentences[si].index if self.sentences else 0)
        return out

    # -- helpers ------------------------------------------------------------------------
    def t(self, i: int) -> str:
        """The text of token ``i`` ('' outside the article)."""
        return self.words[i] if 0 <= i < len(self.words) else ""

    def same_sentence(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.toks) and 0 <= j < len(self.toks) and self.sent_of_tok[i] == self.sent_of_tok[j]

    def is_space(self, i: int) -> bool:
        return i < len(self.spaces) and self.spaces[i]

    def sentence_start(self, i: int) -> bool:
        return i == 0 or not self.same_sentence(i - 1, i) or self.is_space(i - 1)

    def add(self, start: int, end: int, kind: str, rule: str, *, key: str = "", rdf_class: str = "",
            confidence: float = 0.8, priority: int | None = None, attrs: tuple[tuple[str, str], ...] = ()) -> None:
        """Record a candidate over tokens ``start:end`` unless it crosses a line or a sentence."""
        if start >= end or end > len(self.toks):
            return
        if any(self.is_space(k) for k in range(start, end)):
            return
        if not self.same_sentence(start, end - 1):
            return
        if kind == "organisation" and not key:
            start, end = self._trim_org_span(start, end)
            if start >= end:
                return
        self.cands.append(Candidate(start, end, kind, rule, key, rdf_class, confidence,
                                    PRIORITY.get(kind, 10) if priority is None else priority, attrs))

    def _trim_org_span(self, start: int, end: int) -> tuple[int, int]:
        """An organisation's name without what is not part of it: a person's role at its end ("HWK
        Hauptgeschäftsführer") or inside it before a name ("IHK Hauptgeschäftsführer K. Schulte"), a
        role or board and its article at its start ("Oberbürgermeister der Stadt Hagen", "Aufsichtsrates
        der BMR"), "Namen" ("unter dem Namen X GmbH") and descriptors ("der Triberger Firma X")."""
        inner = next((k for k in range(start + 1, end) if self.gz.role_for(self.t(k)) and not designator(self.t(k))
                      and k + 1 < end and self.t(k + 1)[:1].isupper()), None)
        if inner is not None:
            end = inner  # "IHK Hauptgeschäftsführer Karl-Friedrich Schulte-Uebbing": a role and a name follow
        while end - start > 1 and self.gz.role_for(self.t(end - 1)) and not designator(self.t(end - 1)):
            end -= 1
        if end - start > 2 and (self.gz.role_for(self.t(start)) or _BOARD.match(self.t(start))) \
                and not designator(self.t(start)) and self.t(start + 1) in {"der", "des"}:
            start += 2  # "Oberbürgermeister der Stadt Hagen", "Aufsichtsrates der BMR"
        if end - start > 1 and self.t(start) == "Namen":
            start += 1
        town = self.t(start) in self.res.city_adjectives or TOWN_ADJECTIVE.match(self.t(start))
        if end - start > 2 and town and self.t(start + 1) in _FIRM_WORDS:
            start += 2  # "der Triberger Firma Gebrüder Grieshaber" → "Gebrüder Grieshaber"
        elif end - start > 1 and self.t(start) in _FIRM_WORDS:
            start += 1
        return start, end

    def cap_run(self, i: int, limit: int = 6, allow_connectors: bool = True,
                connectors: frozenset[str] = NAME_CONNECTORS) -> int:
        """End (exclusive) of a run of name tokens starting at ``i``."""
        j = i
        last_good = i
        while j < len(self.toks) and j - i < limit + 3:
            w = self.t(j)
            if self.is_space(j) or not self.same_sentence(i, j):
                break
            if is_cap(w) or CAMEL.match(w) or w in LEGAL_FORMS or (w[:1].isdigit() and j > i):
                if w.lower() in FUNCTION_WORDS and j == i:
                    break
                if self.gz.role_for(w) and j > i:
                    break
                j += 1
                last_good = j
                if last_good - i >= limit:
                    break
                continue
            if allow_connectors and w in connectors and j > i:
                look = j + 1
                while self.t(look) in connectors and look - j < 3:
                    look += 1
                # (not into a unit of another house: "Institut für Erneuerbare Energien an der Fakultät …")
                if is_cap(self.t(look)) and self.same_sentence(j, look) and self.t(look) not in SUBUNITS:
                    j = look
                    continue
            break
        return last_good

    def adjective_at(self, k: int) -> bool:
        """A lower-case adjective at token ``k`` ("akademische", "wissenschaftliche")."""
        x = self.t(k)
        return x[:1].islower() and LOWER_ADJECTIVE.search(x) is not None and x not in FUNCTION_WORDS

    def unit_at(self, k: int) -> bool:
        """A unit of a house starts at token ``k`` ("Lehrstuhl", "Wirtschaftsabteilung", "International
        Office", "internationalen Büro"), not a house of its own."""
        w = self.t(k)
        return w in SUBUNITS or (w.endswith("abteilung") and len(w) > 9) \
            or (w == "International" and self.t(k + 1) == "Office") \
            or (w in {"Büro", "Büros"} and self.t(k - 1).lower().startswith("international"))

    def place_at(self, j: int) -> int:
        """Number of tokens of a gazetteer city/region/country name starting at token ``j``."""
        best = 0
        for length in (4, 3, 2, 1):
            if j + length > len(self.toks):
                continue
            form = self.text[self.toks[j].idx:self.toks[j + length - 1].idx + len(self.t(j + length - 1))]
            for key in self.gz.surface.get(form, []):
                if key.split(":", 1)[0] in {"city", "region", "country"}:
                    return length
            if length == 1 and "-" in form and all(self.gz.city(p) for p in form.split("-")):
                return 1
        return best

    def legal_form_at(self, i: int) -> int:
        """Number of tokens of a legal form starting at token ``i`` (0 if none)."""
        w = self.t(i)
        forms = self.res.legal_form_tokens.get(w, [])
        if not forms and w.endswith(".") and len(w) > 2:  # "… GmbH." at the end of a sentence
            forms = [(f, p) for f, p in self.res.legal_form_tokens.get(w[:-1], []) if len(p) == 1]
            if forms:
                return 1
        for form, parts in forms:
            if all(self.t(i + k) == part for k, part in enumerate(parts)):
                if form in {"AG", "SE", "AB", "Oy", "KG"} and (i == 0 or not is_cap(self.t(i - 1))):
                    return 0
                return len(parts)
        return 0
