"""Acronym rules of the mention finder (private to ``mentions``): "Name (ACRONYM)" definitions and
unknown acronyms after a preposition ("bei der BMR")."""

from __future__ import annotations

import re

from ruhrgraph.extract._lists import ListRules
from ruhrgraph.extract.lexicon import (
    ACRONYM,
    ACRONYM_STOP,
    DETERMINERS,
    FUNCTION_WORDS,
    NAME_CONNECTORS,
    initials_match,
    is_cap,
)

#: designators a proper name follows directly ("IHK Nord Westfalen", "Stiftung Mercator")
NAMED_DESIGNATORS = frozenset({"IHK", "AHK", "HWK", "Messe", "Stadtwerke", "Sparkasse", "Hochschule", "Universität",
                               "Wirtschaftsförderung", "Stiftung", "Agentur", "Netzwerk", "Landratsamt"})


_INFLECTED = re.compile(r"^[a-zäöüß]+(?:e|er|en|es|em)$")  # "kommunaler": a lower-case adjective


class AcronymRules(ListRules):
    """Acronyms defined in parentheses, and acronyms used like names."""

    def _acronym_definition(self, i: int, w: str) -> None:
        """"Name (ACRONYM)" when the letters fit the name: both become candidates."""
        if not (w == "(" and i > 0 and ACRONYM.match(self.t(i + 1)) and self.t(i + 2) == ")"):
            return
        acr = self.t(i + 1)
        if acr in ACRONYM_STOP or acr in self.gz.demonyms:
            return
        end = i
        start = end - 1
        while start > 0 and self.same_sentence(start - 1, end - 1) and (
                is_cap(self.t(start - 1)) or self.t(start - 1) in NAME_CONNECTORS - {"-", "–"}) \
                and self.t(start - 1).lower() not in DETERMINERS:
            start -= 1
        while start < end and not is_cap(self.t(start)):
            start += 1
        words = [self.t(k) for k in range(end - len(acr), end)] if end >= len(acr) else []
        every_initial = bool(words) and acr.isupper() and is_cap(words[0]) and not all(map(is_cap, words)) \
            and all(x.isalpha() and x.lower() not in FUNCTION_WORDS for x in words) \
            and all(is_cap(x) or _INFLECTED.search(x) for x in words) \
            and "".join(x[0] for x in words).upper() == acr.upper() \
            and all(self.same_sentence(end - len(acr), k) for k in range(end - len(acr), end))
        if every_initial:
            start = end - len(acr)  # "des Verbandes kommunaler Unternehmen (VKU)": every word's initial
        if start < end and (every_initial or initials_match(acr, [self.t(k) for k in range(start, end)])):
            self.add(start, end, "organisation", "acronym-definition", confidence=0.85,
                     attrs=(("acronym", acr),))
            self.add(i + 1, i + 2, "organisation", "acronym", confidence=0.85,
                     attrs=(("acronym-of", self.text[self.toks[start].idx:self.toks[end - 1].idx
                                                     + len(self.t(end - 1))]),))

    def _acronym_in_context(self, i: int, w: str) -> None:
        """An unknown acronym after "bei der", "von der", "mit der" …: "bei der BMR"."""
        if ACRONYM.match(w) and w.isupper() and 2 <= len(w) <= 6 and w not in ACRONYM_STOP \
                and w not in self.gz.surface and w not in self.gz.demonyms and i >= 2 \
                and self.t(i - 1) in {"der", "dem", "des", "die"} \
                and (self.t(i - 2).lower() in {"bei", "von", "mit", "für", "durch", "an", "zu", "auf", "über",
                                               "gegenüber", "seitens", "laut"}
                     or (len(re.findall(rf"\b{re.escape(w)}\b", self.text)) >= 2 and w not in NAMED_DESIGNATORS)) \
                and not is_cap(self.t(i + 1)):
            # after a preposition, or used with an article more than once ("die EGR …, in der EGR")
            self.add(i, i + 1, "organisation", "acronym-context", rdf_class="Organisation", confidence=0.6,
                     attrs=(("acronym", w),))
