"""What every export of a view shares: colours, sizes, XML-safe text and the options (private
helper of :mod:`.export`, which re-exports the public names).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ruhrgraph.errors import ParameterError
from ruhrgraph.network.measures import MEASURES

COLOURS: dict[str, tuple[int, int, int]] = {
    "organisation": (31, 119, 180),
    "person": (255, 127, 14),
    "city": (44, 160, 44),
    "country": (214, 39, 40),
    "region": (140, 86, 75),
    "event": (148, 103, 189),
    "delegation": (127, 127, 127),
}
"""Node colour per category (RGB, no alpha), the same in GEXF, PNG and SVG."""
OTHER_COLOUR = (188, 189, 34)

PICTURE_LIMIT = 400
"""Pictures of larger views show only this many nodes, the most central ones (said in the title)."""

_NOT_XML = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s+")


def xml_safe(text: object) -> str:
    r"""``text`` without the characters XML 1.0 forbids, whitespace runs made single spaces.

    >>> xml_safe("Julia\x00 Jäger\x1b[0m\nWirtschaftsförderung")
    'Julia Jäger[0m Wirtschaftsförderung'
    """
    return _SPACE.sub(" ", _NOT_XML.sub("", str(text))).strip()


@dataclass(frozen=True)
class ExportOptions:
    """How an export looks: the measure that sizes nodes, how many labels a picture shows.

    ``layouts`` is no option of the look: a cache of finished layouts by the digest of their
    inputs (:func:`ruhrgraph.network._layout.layout`), which ``build`` keeps from one export to
    the next; the files are the same with or without it.
    """

    size_by: str = "pagerank"
    labels: int = 15
    seed: int = 42
    layouts: MutableMapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def check(self) -> None:
        numeric = [m for m, (_, dt, _) in MEASURES.items() if dt != "boolean"] + ["article_count"]
        if self.size_by not in numeric:
            raise ParameterError(f"cannot size nodes by {self.size_by!r}; choose one of {', '.join(numeric)}")
        if self.labels < 0:
            raise ParameterError(f"the number of labels must not be negative, got {self.labels}")


def _sizes(graph: nx.Graph, measure: str, low: float = 5.0, high: float = 40.0) -> dict[str, float]:
    values = {iri: float(graph.nodes[iri].get(measure, 0.0)) for iri in graph}
    return scaled(values, low, high)


def scaled(values: dict[str, float], low: float, high: float) -> dict[str, float]:
    """``values`` mapped linearly onto ``[low, high]`` (rounded to 3 digits); when all are alike,
    each is ``(low + high) / 4``."""
    if not values:
        return {}
    lo, hi = min(values.values()), max(values.values())
    if hi - lo <= 1e-15:
        return dict.fromkeys(values, round((low + high) / 4, 3))
    return {iri: round(low + (high - low) * (v - lo) / (hi - lo), 3) for iri, v in values.items()}


def _colour(category: str) -> tuple[int, int, int]:
    return COLOURS.get(category, OTHER_COLOUR)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)
