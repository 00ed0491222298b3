"""The saved queries as the server sees them (private helper of :mod:`.views`).

:class:`Catalogue` parses ``queries/*.rq`` once, in a thread, and keeps the entries the pages and
``/openapi.json`` show. A request re-checks the files' modification times at most every
``recheck`` seconds (a directory listing, in a thread) and re-reads the folder only when one
changed, so a flood of ``/queries/…`` requests — 404s included — never parses anything on the
event loop. :func:`check_value` and :func:`missing_message` hold the web API's own checks and
wording (``?city=…``, not the command line's ``--param city=…``).
"""

from __future__ import annotations

import re
import time
import urllib.parse
from pathlib import Path
from typing import Any

import anyio

from ruhrgraph.publish.serve.negotiate import HTTPError
from ruhrgraph.publish.serve.openapi import query_entry

#: The integers Oxigraph computes with (``xsd:integer`` is a signed 64-bit number there): a
#: larger value used to compare as nothing and the query returned no rows, silently.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
#: ``xsd:decimal`` in Oxigraph: a signed 128-bit number with 18 decimal places.
DECIMAL_MAX = 170_141_183_460_469_231_731
_INTEGER_TYPES = ("integer", "nonNegativeInteger", "positiveInteger")
_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$")


class Catalogue:
    """The saved-query catalogue of a server: parsed once, re-read when a file changes."""

    def __init__(self, folder: Path | None = None, recheck: float = 2.0) -> None:
        self.folder = folder
        self.recheck = recheck
        self._signature: tuple[tuple[str, int, int], ...] | None = None
        self._entries: dict[str, dict[str, Any]] = {}
        self._error = ""
        self._checked = float("-inf")
        self.loads = 0  # how often the folder was parsed (for tests)

    def _folder(self) -> Path:
        from ruhrgraph.sparql.saved import queries_dir

        return self.folder if self.folder is not None else queries_dir()

    def refresh(self) -> None:
        """Re-read the folder when a file was added, removed or changed (blocking: run it in a thread)."""
        from ruhrgraph.errors import QueryError
        from ruhrgraph.sparql.saved import list_queries

        folder = self._folder()
        try:
            signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                              for p in sorted(folder.glob("*.rq")))
        except OSError:
            signature = ()
        if signature == self._signature:
            return
        self.loads += 1
        try:
            entries = {q.name: query_entry(q) for q in list_queries(folder)}
        except QueryError as exc:  # a malformed .rq file: say which, serve the rest of the site
            self._error, self._entries = str(exc), {}
        else:
            self._error, self._entries = "", entries
        self._signature = signature

    async def entries(self) -> dict[str, dict[str, Any]]:
        """The catalogue by name (``HTTPError`` 503 when a query file cannot be read)."""
        if time.monotonic() - self._checked >= self.recheck:
            self._checked = time.monotonic()
            await anyio.to_thread.run_sync(self.refresh)
        if self._error:
            raise HTTPError(503, f"the saved queries cannot be read: {self._error}")
        return self._entries


def check_value(param: dict[str, Any], value: str) -> None:
    """Refuse a numeric parameter value the store cannot compute with (``HTTPError`` 400).

    >>> check_value({"name": "limit", "type": "integer"}, "10")
    >>> try:
    ...     check_value({"name": "limit", "type": "integer"}, str(2**64))
    ... except HTTPError as exc:
    ...     print(exc.status, exc)  # doctest: +ELLIPSIS
    400 parameter 'limit': 18446744073709551616 is out of range; give an integer from ... to 9223372036854775807
    """
    kind, name = param.get("type"), param["name"]
    text = value.strip()
    if kind in _INTEGER_TYPES or (kind == "number" and re.fullmatch(r"[+-]?\d+", text)):
        if re.fullmatch(r"[+-]?\d+", text) and not INT_MIN <= int(text) <= INT_MAX:
            raise HTTPError(400, f"parameter {name!r}: {text} is out of range; give an integer from "
                                 f"{INT_MIN} to {INT_MAX}")
    elif kind in ("decimal", "number") and _NUMBER.match(text):
        if abs(float(text)) >= DECIMAL_MAX:
            raise HTTPError(400, f"parameter {name!r}: {text} is out of range; give a number "
                                 f"between -{DECIMAL_MAX} and {DECIMAL_MAX}")
    elif kind in ("double", "float"):
        try:
            number = float(text)
        except ValueError:
            return  # the query's own check says what is wrong
        if number in (float("inf"), float("-inf")) and "inf" not in text.lower():
            raise HTTPError(400, f"parameter {name!r}: {text} is out of range for a {kind}")


def missing_message(query: str, param: dict[str, Any], given: dict[str, str] | None = None,
                    root: str = "") -> str:
    """The web API's message for a required parameter that was not given: the HTTP way (a query
    parameter of the URL, with the URL to try), not the command line's ``--param``.

    >>> missing_message("people", {"name": "organisation", "description": "the employer"})
    "query 'people' needs the parameter organisation (the employer): add ?organisation=… to the URL, \
as in /queries/people?organisation=…"
    >>> missing_message("institutes-linking", {"name": "city"}, {"country": "Korea"}).split(", as in ")[1]
    '/queries/institutes-linking?country=Korea&city=…'
    """
    what = f" ({param['description']})" if param.get("description") else ""
    example = "&".join([urllib.parse.urlencode(given or {}), f"{param['name']}=…"]).lstrip("&")
    return (f"query {query!r} needs the parameter {param['name']}{what}: add ?{param['name']}=… to the URL, "
            f"as in {root}/queries/{urllib.parse.quote(query)}?{example}")


def web_wording(message: str) -> str:
    """A message of the saved-query machinery in the web API's words (``?city=…``, not ``--param``).

    >>> web_wording("institutes-linking needs the parameter city: add --param city=…")
    'institutes-linking needs the parameter city: add ?city=… to the URL'
    """
    message = re.sub(r"add --param (\S+?)=…", r"add ?\1=… to the URL", message)
    return re.sub(r"--param (\S+?)=", r"?\1=", message)
