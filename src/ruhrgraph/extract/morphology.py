"""German morphology for names: organisation labels in the nominative (HanTa, offline).

Real articles name an organisation in whatever case the sentence needs: "bei der
Niederrheinischen IHK", "Präsident des Deutschen Industrie- und Handelskammertages", "im
Fahrradhaus". The label an entity gets must be the nominative an editor would write:
"Niederrheinische IHK", "Deutscher Industrie- und Handelskammertag". :class:`Morphology` asks the
Hannover Tagger (HanTa, whose model ships inside the PyPI package — nothing is downloaded) for the
morphemes of a word and memoises every answer, so the cost is paid once per distinct word (see
``docs/decisions/0009-german-morphology-hanta.md``).

Adjectives in front of the head noun get the strong nominative ending the head's gender asks for
(masculine ``-er``, neuter ``-es``, feminine and unknown ``-e``); a head noun in the genitive
(``-es``/``-s``) goes back to its lemma. Proper names and words HanTa does not know stay as they are.

    >>> morph = Morphology()
    >>> morph.nominative("Niederrheinischen IHK")
    'Niederrheinische IHK'
    >>> morph.nominative("Deutschen Industrie- und Handelskammertages")
    'Deutscher Industrie- und Handelskammertag'
    >>> morph.nominative("Westfälischen Hochschule")
    'Westfälische Hochschule'
    >>> morph.nominative("Wirtschaftsförderung Dortmund")
    'Wirtschaftsförderung Dortmund'
"""

from __future__ import annotations

import re
from typing import Any

#: Heads of organisation names by grammatical gender (the last morpheme of a compound decides).
_MASCULINE = frozenset("""tag verband bund rat beirat verein konzern dienst kreis hafen park cluster betrieb markt
versorger fonds ausschuss senat konvent campus hub zweckverband landschaftsverband arbeitgeberverband
gewerkschaftsbund""".split())
_NEUTER = frozenset("""institut zentrum amt werk haus ministerium forum netzwerk büro kolleg labor museum theater
krankenhaus klinikum unternehmen kontor team center centre office bündnis konsortium gremium kuratorium komitee
parlament konsulat generalkonsulat stadtwerk""".split())
_ENDINGS = {"m": "er", "n": "es", "f": "e"}
_CAP_WORD = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+$")


class Morphology:
    """Memoised morphological analysis of German words (HanTa's ``morphmodel_ger``).

    Args:
        tagger: a HanTa ``HanoverTagger`` or anything with its ``analyze(word, taglevel=3)``;
            by default the German model shipped in the HanTa package, loaded on first use.
    """

    def __init__(self, tagger: Any | None = None) -> None:
        self._tagger = tagger
        self._cache: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
        self._tags: dict[str, str] = {}

    @property
    def tagger(self) -> Any:
        if self._tagger is None:
            from HanTa import HanoverTagger

            self._tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        return self._tagger

    def morphemes(self, word: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """HanTa's analysis of ``word``: its lemma and its morphemes with their tags."""
        found = self._cache.get(word)
        if found is None:
            try:
                answer = self.tagger.analyze(word, taglevel=3)  # (lemma, morphemes, tag)
                found = (str(answer[0]), tuple((str(m), str(tag)) for m, tag in answer[1]))
            except Exception:  # an analysis HanTa cannot make: the word stays as it is
                found = (word, ())
            self._cache[word] = found
        return found

    def tag(self, word: str) -> str:
        """HanTa's part of speech of a word on its own (``"NE"`` proper noun, ``"NN"`` common noun …).

        >>> Morphology().tag("Vertreter")
        'NN'
        """
        found = self._tags.get(word)
        if found is None:
            try:
                found = str(self.tagger.analyze(word)[1])
            except Exception:  # a word HanTa cannot analyse counts as unknown
                found = ""
            self._tags[word] = found
        return found

    def adjective_stem(self, word: str) -> str | None:
        """``'Niederrheinisch'`` for ``'Niederrheinischen'``: an inflected adjective's stem, else ``None``
        (``'Deutsch-Chinesisch'`` for ``'Deutsch-Chinesischen'``: the last part of a hyphenated one)."""
        if "-" in word.strip("-"):
            head, _, last = word.rpartition("-")
            last_stem = self.adjective_stem(last)
            return f"{head}-{last_stem}" if last_stem is not None and head[:1].isupper() else None
        if not _CAP_WORD.match(word) or not word.endswith(("e", "en", "em", "er", "es")):
            return None
        _, parts = self.morphemes(word)
        if len(parts) < 2 or parts[-1][1] != "SUF_ADJ" or not all(tag.startswith("ADJ") for _, tag in parts[:-1]):
            return None
        stem = "".join(m for m, _ in parts[:-1])
        if not word.lower().startswith(stem):
            return None
        return word[: len(stem)]

    def noun_nominative(self, word: str) -> str:
        """A noun in the genitive singular back in the nominative (``'Vorstandes'`` → ``'Vorstand'``)."""
        if not _CAP_WORD.match(word) or not word.endswith("s"):
            return word
        _, parts = self.morphemes(word)
        if len(parts) < 2 or parts[-1][1] != "SUF_NN" or parts[-1][0] not in ("s", "es"):
            return word
        cut = len(parts[-1][0])
        return word[:-cut] if word[-cut:] == parts[-1][0] else word

    def gender(self, noun: str) -> str:
        """``"m"``, ``"n"`` or ``"f"`` for the head of an organisation name (feminine when unknown)."""
        low = noun.lower().strip("-")
        _, parts = self.morphemes(noun) if _CAP_WORD.match(noun) else ("", ())
        head = parts[-2][0] if len(parts) >= 2 and parts[-1][1].startswith("SUF") else (parts[-1][0] if parts else low)
        for candidate in (head, low):
            if candidate in _MASCULINE or any(candidate.endswith(m) for m in _MASCULINE if len(m) > 4):
                return "m"
            if candidate in _NEUTER or any(candidate.endswith(n) for n in _NEUTER if len(n) > 4):
                return "n"
        return "f"

    def nominative(self, name: str) -> str:
        """The name with its leading adjectives and its head noun in the nominative."""
        words = name.split(" ")
        stems: list[int] = []
        i = 0
        while i < len(words) - 1:
            stem = self.adjective_stem(words[i])
            if stem is None:
                break
            stems.append(i)
            words[i] = stem
            i += 1
        # the head: the first word after the adjectives that ends a coordination ("Industrie- und Handelskammertages")
        j = i
        while j + 2 < len(words) and words[j].endswith("-") and words[j + 1] == "und":
            j += 2
        if j < len(words):
            words[j] = self.noun_nominative(words[j])
        if stems:
            ending = _ENDINGS[self.gender(words[j] if j < len(words) else "")]
            for k in stems:
                words[k] += ending
        return " ".join(words)
