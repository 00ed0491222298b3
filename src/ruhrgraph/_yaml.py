"""The one YAML loader for files users hand to ruhrgraph: front matter, curation, gold, query headers.

``yaml.safe_load`` refuses arbitrary Python objects but not a "billion laughs": a few hundred
bytes of nested anchors and aliases (``&a [*b, *b, …]``) that expand to billions of nodes when
the document is walked. :func:`safe_load` reads with a :class:`yaml.SafeLoader` that counts
aliases and the size the document would have with every alias expanded, and refuses a document
over :data:`MAX_ALIASES` or :data:`MAX_NODES` — or nested too deeply to compose — with
:class:`YAMLLimitError`, a :class:`yaml.YAMLError`, so every caller's existing handler names the file.

>>> safe_load("a: &x [1, 2]\\nb: *x")
{'a': [1, 2], 'b': [1, 2]}
>>> bomb = "a: &a [x, x]\\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\\n"
...                                   for i in range(20))
>>> safe_load(bomb)
Traceback (most recent call last):
...
ruhrgraph._yaml.YAMLLimitError: the YAML expands to more than 100000 nodes through its aliases; refused
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_ALIASES", "MAX_NODES", "YAMLLimitError", "safe_load"]

MAX_ALIASES = 100
"""Aliases (``*name``) one document may use."""
MAX_NODES = 100_000
"""Nodes one document may have with every alias expanded."""


class YAMLLimitError(yaml.YAMLError):
    """A YAML document uses too many aliases, expands too far or nests too deeply."""


class _LimitedLoader(yaml.SafeLoader):
    """A safe loader that counts aliases and the expanded size of each document."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YAMLLimitError(f"the YAML uses more than {MAX_ALIASES} aliases (*name); refused")
        return super().compose_node(parent, index)

    def compose_document(self) -> Any:
        node = super().compose_document()
        if node is not None and self._aliases:
            _expanded_size(node, {})
        return node


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """The number of nodes under ``node`` with every alias expanded (memoised per shared node)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # a node that contains itself counts once
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, sizes)
            if total > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            total += _expanded_size(key, sizes) + _expanded_size(value, sizes)
            if total > MAX_NODES:
                break
    if total > MAX_NODES:
        raise YAMLLimitError(f"the YAML expands to more than {MAX_NODES} nodes through its aliases; refused")
    sizes[id(node)] = total
    return total


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with limits on aliases, expansion and nesting.

    Raises:
        YAMLLimitError: over a limit (a :class:`yaml.YAMLError`; callers name the file).
        yaml.YAMLError: the text is not valid YAML.
    """
    loader = _LimitedLoader(text)
    try:
        return loader.get_single_data()
    except RecursionError:
        raise YAMLLimitError("the YAML is nested too deeply; refused") from None
    finally:
        loader.dispose()
