"""Sentences rewritten as symbol strings: every mention becomes a numbered placeholder.

``P`` person, ``O`` organisation, ``C`` city (``CnADJ`` for a city adjective such as
"Dortmunder"), ``K`` country, ``R`` region or continent, ``E`` trade fair, ``L`` role; words stay,
punctuation becomes a token of its own. Places embedded in a name are left out (the name covers
them); the relation patterns in :mod:`.patterns` are written over these strings.

    >>> from ruhrgraph.model import Mention, Sentence
    >>> sentence = Sentence(0, 0, 38, "Julia Jäger von der BMR, sagte sie.")
    >>> mentions = [Mention(0, 11, "Julia Jäger", "person", 0, "first-name"),
    ...             Mention(20, 23, "BMR", "organisation", 0, "gazetteer")]
    >>> symbolise(sentence, mentions).symbols
    'P0 von der O1 , sagte sie .'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruhrgraph.model import Mention, Sentence

SYMBOL = {"person": "P", "organisation": "O", "city": "C", "country": "K", "region": "R", "continent": "R",
          "event": "E", "role": "L"}
_AGE = re.compile(r"(P\d+) \( (?:\d{1,3}|[lr] \.|li \.|re \.|links|rechts|Mitte|v \. [lr] \.|"
                  r"\w+ von (?:links|rechts)) \)")
_QUOTED = re.compile(r'[„"“»«] ([A-Z]\d+) [“”"«»]')  # 'des " O2 "': a quoted name is the name
_EXCELLENCY = re.compile(r"\b[SI] \. [EM] \. (?=P\d)")  # "Botschafter S. E. P": Seine Exzellenz, a form of address
#: a house named inside a role compound ("Signal-Iduna-Chef"): the compound stays a role
_COMPOUND_RULES = frozenset({"gazetteer-compound", "named-house-compound"})
_TOKEN = re.compile(r"[A-Z]\d+ADJ|\w+(?:-\w+)*|[^\w\s]")


@dataclass
class SymbolSentence:
    """A sentence, its symbol string and the mention behind each placeholder number."""

    sentence: Sentence
    symbols: str
    index: dict[int, Mention]  # placeholder number → mention


def symbolise(sentence: Sentence, mentions: list[Mention]) -> SymbolSentence:
    """The symbol string of ``sentence`` over the article's ``mentions`` (those of other sentences
    are skipped; passing only the sentence's own saves the scan)."""
    text = sentence.text
    base = sentence.start
    out: list[str] = []
    index: dict[int, Mention] = {}
    pos = 0
    mine = [m for m in mentions if m.sentence == sentence.index]
    roles = {(m.start, m.end) for m in mine if m.kind == "role"}  # "Signal-Iduna-Chef" stays a role
    own = sorted((m for m in mine if m.kind in SYMBOL and "embedded" not in dict(m.attrs)
                  and not (m.rule in _COMPOUND_RULES and (m.start, m.end) in roles)),
                 key=lambda m: (m.start, -(m.end - m.start)))
    n = 0
    for m in own:
        s, e = m.start - base, m.end - base
        if s < pos:
            continue
        out.append(text[pos:s])
        sym = SYMBOL[m.kind] + str(n)
        if m.kind == "city" and m.attr("adjective"):
            sym += "ADJ"
        out.append(f" {sym} ")
        index[n] = m
        n += 1
        pos = e
    out.append(text[pos:])
    # keep placeholders and words; punctuation as own tokens
    symbols = " ".join(_TOKEN.findall("".join(out)))
    # a person's age or place in a picture says nothing about relations: "P0 ( 53 ) wird L1 der O2",
    # "P0 ( l . ) , Vizepräsident der O1"
    symbols = _EXCELLENCY.sub("", symbols)
    return SymbolSentence(sentence, _QUOTED.sub(r"\1", _AGE.sub(r"\1", symbols)), index)
