"""One registry mechanism for every extension point, looked up by name.

Readers, extractors, exporters, dump formats and result formats are each a :class:`Registry`.
The built-ins register themselves in the module that defines them; third parties add theirs
through an entry-point group (``ruhrgraph.<kind>s``), loaded the first time a name is looked up
that is not built in — the way rdflib's ``plugin.get`` and datasette's plugins work.

    >>> shouts: Registry[str] = Registry("shout")
    >>> shouts.register("hello", "HELLO")
    'HELLO'
    >>> shouts.get("hello")
    'HELLO'
    >>> shouts.names()
    ['hello']
    >>> shouts.get("bye")
    Traceback (most recent call last):
    ...
    ruhrgraph.errors.ParameterError: unknown shout 'bye'; known: hello
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar, overload

from ruhrgraph.errors import ParameterError

T = TypeVar("T")


class Registry(Generic[T]):
    """Named implementations of one extension point.

    Args:
        kind: what is registered, for messages (``"reader"``, ``"export format"`` …).
        group: the entry-point group third-party packages register under, or ``None``.
    """

    def __init__(self, kind: str, group: str | None = None) -> None:
        self.kind = kind
        self.group = group
        self._items: dict[str, T] = {}
        self._loaded = group is None

    @overload
    def register(self, name: str) -> Callable[[T], T]: ...

    @overload
    def register(self, name: str, item: T) -> T: ...

    def register(self, name: str, item: T | None = None) -> T | Callable[[T], T]:
        """Register ``item`` under ``name``; without ``item``, a decorator that does so."""
        if item is None:
            def decorate(obj: T) -> T:
                self._items[name] = obj
                return obj
            return decorate
        self._items[name] = item
        return item

    def _load_entry_points(self) -> None:
        if self._loaded or self.group is None:
            return
        self._loaded = True
        for ep in entry_points(group=self.group):
            if ep.name not in self._items:
                self._items[ep.name] = ep.load()

    def get(self, name: str) -> T:
        """The implementation registered as ``name``; :class:`ParameterError` naming the known ones."""
        if name not in self._items:
            self._load_entry_points()
        try:
            return self._items[name]
        except KeyError:
            raise ParameterError(f"unknown {self.kind} {name!r}; known: {', '.join(self.names())}") from None

    def names(self) -> list[str]:
        """Every registered name, built-ins in registration order, then entry points."""
        self._load_entry_points()
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str) and name not in self._items:
            self._load_entry_points()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())
