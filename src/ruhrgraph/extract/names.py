"""Normalised forms of organisation names: legal forms stripped, the label cleaned, the loose key.

Used where mentions are found (a later "HaldenIT" after "HaldenIT GmbH"), where they are linked
(spellings that meet under one key are one entity) and where the gazetteer is indexed for
loose matching (:class:`~ruhrgraph.extract.resources.Resources`).

    >>> strip_legal_form("LogiTrans Ruhr AG")
    'LogiTrans Ruhr'
    >>> clean_org_label("des Instituts für Auslandsbeziehungen")
    'Institut für Auslandsbeziehungen'
"""

from __future__ import annotations

import re
import unicodedata

from ruhrgraph.extract.lexicon import DETERMINERS, LEGAL_FORMS, designator, nominative
from ruhrgraph.extract.morphology import Morphology

_LEGAL_RX = re.compile(r"\s*(?:,\s*)?(?:" + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True))
                       + r")$")


def loose_key(name: str) -> str:
    """Key under which spellings of one name meet.

    >>> loose_key("BioMedizinZentrum Dortmund") == loose_key("BioMedizinZentrumDortmund")
    True
    >>> loose_key("LogiTrans Ruhr AG") == loose_key("Logitrans Ruhr")
    True
    """
    text = unicodedata.normalize("NFC", name)
    text = strip_legal_form(text)
    words = [nominative(w) for w in text.split()]
    text = "".join(words).casefold()
    return re.sub(r"[^\w]", "", text.replace("ß", "ss"))


def strip_legal_form(name: str) -> str:
    """``name`` without its trailing legal form(s) ("… GmbH & Co. KG"); ``""`` for a bare legal form."""
    prev = None
    while prev != name:
        prev = name
        name = _LEGAL_RX.sub("", name).strip()
    return name or prev or ""


def clean_org_label(text: str, morphology: Morphology | None = None) -> str:
    """The label of an organisation mention: leading articles dropped, the head word in the
    nominative — with ``morphology``, leading adjectives and the head noun too ("der
    Niederrheinischen IHK" → "Niederrheinische IHK").

    >>> clean_org_label("des Engelbert Kaempfer Gymnasiums"), clean_org_label("PixelForge Studios")
    ('Engelbert Kaempfer Gymnasium', 'PixelForge Studios')
    """
    words = text.split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    folded = False
    if words:
        folded = nominative(words[0]) != words[0]
        words[0] = nominative(words[0])
    if len(words) > 1 and not folded and all(w[:1].isupper() for w in words) and not designator(words[0]) \
            and designator(words[-1]) and words[-1].endswith(("ums", "ts", "es", "ns", "ks")):
        # a German head at the end, in the genitive: "Engelbert Kaempfer Gymnasiums" (not "PixelForge
        # Studios", not "Kulturabteilung des Generalkonsulats")
        words[-1] = nominative(words[-1])
    label = " ".join(words).strip(" ,;:")
    if morphology is None or not label:
        return label
    out = morphology.nominative(label)
    if folded and out.split(" ")[0] != words[0]:
        # the designator is in the nominative already: not twice ("Initiativkreises" → "Initiativkreis",
        # which the tagger would read as one more genitive)
        out = " ".join([words[0], *out.split(" ")[1:]])
    return out
