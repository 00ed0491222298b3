"""Errors raised by ruhrgraph, one hierarchy for the whole package.

::

    RuhrgraphError                 base class; the CLI prints its message and exits non-zero
    ├── InputError                 an input file cannot be used (names the file and the problem)
    │   ├── ReadError              unreadable, binary, empty, undecodable, unknown format
    │   └── RDFSyntaxError         an RDF file does not parse (carries line/column when known)
    ├── ValidationError            a graph violates the SHACL shapes (carries the report)
    ├── StoreError                 the store cannot be opened or written
    │   ├── StoreLockedError       another process holds the store's write lock
    │   ├── StoreMissingError      a reader named a store folder that does not exist (exit 2)
    │   └── StoreDamagedError      the store folder exists but cannot be opened; left untouched
    ├── QueryError                 a saved query or its parameters are wrong
    │   └── ParameterError         a parameter value is unknown, ambiguous or malformed
    ├── EndpointError              a remote SPARQL endpoint is unreachable or answered badly
    ├── RefusedError               a destructive step looks like a mistake and needs --force-…
    ├── CurationError              a curation file is malformed
    └── SettingError               an option or environment value is malformed (exit 2)

Every message says what went wrong and, where possible, what to do about it.
"""

from __future__ import annotations

from pathlib import Path


class RuhrgraphError(Exception):
    """Base class of every error ruhrgraph raises on purpose."""

    exit_code = 1


class InputError(RuhrgraphError):
    """An input file cannot be used."""

    exit_code = 2

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ReadError(InputError):
    """An article file is unreadable, binary, empty, undecodable or of unknown format."""


class RDFSyntaxError(InputError):
    """An RDF file does not parse."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.line = line
        self.column = column
        where = ""
        if line is not None:
            where = f"line {line}" + (f", column {column}" if column is not None else "") + ": "
        super().__init__(path, where + problem)


class ValidationError(RuhrgraphError):
    """A graph violates the SHACL shapes."""

    def __init__(self, message: str, report: object | None = None) -> None:
        self.report = report
        super().__init__(message)


class StoreError(RuhrgraphError):
    """The store cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock (exit code 2: try again later, nothing ran)."""

    exit_code = 2


class StoreMissingError(StoreError):
    """A store was opened for reading where there is none (a mistyped ``--store``, say)."""

    exit_code = 2


class StoreDamagedError(StoreError):
    """A store folder exists but cannot be opened (damaged, or written by another Oxigraph).

    Nothing in the folder is changed; the message says how to recover.
    """


class RefusedError(RuhrgraphError):
    """A destructive operation was refused because it looks like a mistake (deleting most or all
    of a remote dataset, say); the message names the option that forces it."""

    exit_code = 2


class QueryError(RuhrgraphError):
    """A saved query or its parameters are wrong."""

    exit_code = 2


class ParameterError(QueryError):
    """A query parameter is unknown, ambiguous or malformed."""


class EndpointError(RuhrgraphError):
    """A remote SPARQL endpoint is unreachable or answered badly."""

    exit_code = 3


class CurationError(RuhrgraphError):
    """A curation file is malformed."""

    exit_code = 2


class SettingError(RuhrgraphError):
    """An option or environment value is malformed (an IRI with a space, a licence that is no IRI)."""

    exit_code = 2
