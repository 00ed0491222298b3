"""What the extraction stages read besides their input, built once per pipeline and handed to each.

A :class:`Resources` holds the gazetteer, the matchers compiled from it (a spaCy
``PhraseMatcher`` over every surface form, the sector-keyword expression, city adjectives,
legal forms as token sequences, the loose-name index of organisations) and the optional
statistical NER pipeline. :class:`~ruhrgraph.extract.pipeline.RulesExtractor` builds one in its
constructor and passes it to ``find_mentions``, ``link``, ``derive`` and ``build_graph``; no
stage looks a gazetteer or a model up by itself. The German word lists are constants in
:mod:`ruhrgraph.extract.lexicon`.

The compiled matchers are made on first use and kept for the life of the object.

    >>> res = Resources.build(ner=None)
    >>> res.city_adjectives["Dortmunder"]
    'city:Dortmund'
    >>> res.extractor_name("ruhrgraph.rules.v1")
    'ruhrgraph.rules.v1'
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from spacy.matcher import PhraseMatcher

from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract import ner as _ner
from ruhrgraph.extract.lexicon import LEGAL_FORMS
from ruhrgraph.extract.morphology import Morphology
from ruhrgraph.extract.names import loose_key
from ruhrgraph.extract.segment import nlp


class Resources:
    """The gazetteer, compiled matchers and optional NER pipeline of one extraction pipeline.

    Args:
        gazetteer: the reference entities (see :mod:`ruhrgraph.extract.gazetteer`).
        ner: a statistical NER pipeline (see :mod:`ruhrgraph.extract.ner`), or ``None``.
    """

    def __init__(self, gazetteer: gaz.Gazetteer, ner: _ner.NerPipeline | None = None) -> None:
        self.gazetteer = gazetteer
        self.morphology = Morphology()  # HanTa's German model, loaded on first use
        self.ner = ner
        self.ner_model = _ner.model_id(ner) if ner is not None else ""

    @classmethod
    def build(cls, folder: str | None = None,
              ner: _ner.NerPipeline | Literal["installed"] | None = "installed") -> Resources:
        """Resources over the gazetteer in ``folder`` (default: the packaged one).

        Args:
            folder: a gazetteer folder, or ``None`` for the one shipped with ruhrgraph.
            ner: ``"installed"`` — the statistical German model if one is installed (never
                downloaded); ``None`` — no statistical NER; or a pipeline object.
        """
        pipeline = _ner.load_installed() if isinstance(ner, str) else ner
        return cls(gaz.load(folder), pipeline)

    def extractor_name(self, base: str) -> str:
        """``base`` plus the statistical model, if any: ``ruhrgraph.rules.v1+de_core_news_sm-3.8.0``."""
        return f"{base}+{self.ner_model}" if self.ner_model else base

    def warm(self) -> Resources:
        """Compile every matcher now (before worker processes fork, or before timing)."""
        for name in ("phrase_matcher", "legal_form_tokens", "sector_regex", "sector_prefixes", "city_adjectives",
                     "loose_organisations"):
            getattr(self, name)
        _ = self.morphology.tagger  # HanTa's model (0.3 s to load)
        return self

    # -- compiled on first use -----------------------------------------------------------------
    @functools.cached_property
    def phrase_matcher(self) -> PhraseMatcher:
        """Every gazetteer surface form (and ``Medica`` for ``MEDICA``) as a token pattern."""
        matcher = PhraseMatcher(nlp().vocab, attr="ORTH")
        forms: set[str] = set()
        for form in self.gazetteer.surface:
            forms.add(form)
            if form.isupper() and len(form) > 3:  # MEDICA → Medica
                forms.add(form.capitalize())
        matcher.add("GAZETTEER", [nlp().make_doc(form) for form in sorted(forms)])
        return matcher

    @functools.cached_property
    def legal_form_tokens(self) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """Legal forms as token sequences, indexed by their first token (longest first)."""
        out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for form in LEGAL_FORMS:
            parts = tuple(t.text for t in nlp().make_doc(form))
            out.setdefault(parts[0], []).append((form, parts))
        for forms in out.values():
            forms.sort(key=lambda fp: -len(fp[1]))
        return out

    @functools.cached_property
    def sector_regex(self) -> re.Pattern[str] | None:
        """One expression for every sector keyword (longer keywords match as word prefixes)."""
        words = sorted(self.gazetteer.sector_keywords, key=lambda w: (-len(w), w))
        if not words:
            return None
        # Grouped by the first two letters (keywords with other first letters cannot match at the same
        # place, so the first matching keyword is the same), in the longest-first order within a group:
        # a word start is tried against one group, not against all 250 keywords.
        groups: dict[str, list[str]] = {}
        for w in words:
            groups.setdefault(w[:2], []).append(re.escape(w[2:]) + (r"\w*" if len(w) >= 5 else r"\b"))
        alternatives = "|".join(re.escape(head) + "(?:" + "|".join(rests) + ")" for head, rests in groups.items())
        return re.compile(r"(?<![\w-])(?:" + alternatives + ")", re.IGNORECASE)

    @functools.cached_property
    def sector_prefixes(self) -> list[tuple[str, str]]:
        """(keyword, sector slug), longest keyword first: the sector of a compound is that of the
        longest keyword it starts with ("Medizintechnikbranche" → the slug of "medizintechnik")."""
        return sorted(self.gazetteer.sector_keywords.items(), key=lambda kv: (-len(kv[0]), kv[0]))

    @functools.cached_property
    def city_adjectives(self) -> dict[str, str]:
        """'Dortmunder' → city key; built from German city names ending in a consonant."""
        gz = self.gazetteer
        out: dict[str, str] = {}
        for key, entry in gz.entries.items():
            if entry.kind != "city" or entry.country != "DE":
                continue
            for name in (entry.name, *entry.aliases):
                if " " in name or "-" in name or not name[-1:].isalpha():
                    continue
                adj = name + ("r" if name.endswith("e") else "er")
                if adj not in gz.surface:
                    out.setdefault(adj, key)
        return out

    @functools.cached_property
    def loose_organisations(self) -> dict[str, str]:
        """Loose key (:func:`~ruhrgraph.extract.names.loose_key`) → organisation entry key."""
        out: dict[str, str] = {}
        for key, entry in self.gazetteer.entries.items():
            if entry.kind != "organisation":
                continue
            for form in (entry.name, *entry.aliases):
                lk = loose_key(form)
                if len(lk) >= 4:
                    out.setdefault(lk, key)
        return out
