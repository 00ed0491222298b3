"""The optional statistical NER: a trained spaCy German pipeline, used only if one is installed.

Nothing is ever downloaded. The rules work without a model; when one is installed, its
PER/ORG/LOC spans become low-priority mention candidates that the lexicon and the patterns can
overrule (see :mod:`ruhrgraph.extract.mentions`). The model's name and version become part of
the extractor's name — ``ruhrgraph.rules.v1+de_core_news_sm-3.8.0`` — so provenance and the
ingest fingerprint say which model shaped a graph.

Anything with a ``meta`` mapping (``lang``/``name``/``version``, as spaCy's ``Language.meta``)
whose call returns an object with ``ents`` (spans with ``label_``, ``start_char``, ``end_char``)
can serve as the pipeline:

    >>> class Fake:
    ...     meta = {"lang": "de", "name": "core_news_sm", "version": "3.8.0"}
    ...     def __call__(self, text):
    ...         return type("Doc", (), {"ents": ()})()
    >>> model_id(Fake())
    'de_core_news_sm-3.8.0'
    >>> entity_spans(Fake(), "Julia Jäger kam.")
    []
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

# the German pipelines with an ``ner`` component, best first
STATISTICAL_MODELS = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm", "de_dep_news_trf")
# spaCy entity labels → mention kinds (a LOC only counts when the gazetteer knows it as a city)
NER_KINDS = {"PER": "person", "PERSON": "person", "ORG": "organisation", "LOC": "city", "GPE": "city"}


class NerPipeline(Protocol):
    """A spaCy-like pipeline: ``meta`` names it, calling it on a text gives a doc with ``ents``."""

    @property
    def meta(self) -> Mapping[str, Any]: ...

    def __call__(self, text: str) -> Any: ...


def load_installed(models: tuple[str, ...] = STATISTICAL_MODELS) -> NerPipeline | None:
    """The first of ``models`` that is installed as a package and loads, or ``None`` (never downloads)."""
    import spacy

    for name in models:
        if spacy.util.is_package(name):
            try:
                pipeline: NerPipeline = spacy.load(name, exclude=["lemmatizer", "parser", "tagger", "morphologizer"])
            except (OSError, ValueError):
                continue
            return pipeline
    return None


def model_id(pipeline: NerPipeline) -> str:
    """``<lang>_<name>-<version>`` of a pipeline, from its ``meta`` (``de_core_news_sm-3.8.0``)."""
    meta = getattr(pipeline, "meta", None) or {}
    name = str(meta.get("name") or type(pipeline).__name__)
    lang = str(meta.get("lang") or "")
    if lang and not name.startswith(f"{lang}_"):
        name = f"{lang}_{name}"
    version = str(meta.get("version") or "")
    return f"{name}-{version}" if version else name


def entity_spans(pipeline: NerPipeline, text: str) -> list[tuple[int, int, str]]:
    """``(start_char, end_char, kind)`` of the entities the pipeline finds that map to a mention kind."""
    out: list[tuple[int, int, str]] = []
    for ent in pipeline(text).ents:
        kind = NER_KINDS.get(ent.label_)
        if kind is not None:
            out.append((ent.start_char, ent.end_char, kind))
    return out
