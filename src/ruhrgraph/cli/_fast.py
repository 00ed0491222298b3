"""Run a command without building the typer application: ``ruhrgraph query …`` starts faster.

typer (0.29) turns every option into a pydantic ``TypeAdapter`` while it parses the command line:
importing pydantic and building the adapters cost ≈0.1 s of CPU per process, a fifth of a
``ruhrgraph query …`` call that scripts run in loops. For the commands in :data:`FAST`, whose
options are plain (``str``, ``Path``, ``float``, ``int``, ``list[str]``), :func:`run` reads the
command line from the command's own typer declarations (the ``Annotated`` options of its function:
the one place they are written) and calls the function. Anything it does not handle — ``--help``,
an unknown option, a missing or malformed value, a value under an option's ``min`` — goes to
typer, and so does a usage error the command itself raises: help texts and error messages are
always typer's.

    >>> from ruhrgraph.cli.query import query_cli
    >>> parse(query_cli, ["people", "-p", "organisation=BMR", "--format=csv"])["param"]
    ['organisation=BMR']
    >>> parse(query_cli, ["people", "--help"]) is None
    True
"""

from __future__ import annotations

import errno
import importlib
import inspect
import os
import sys
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

FAST = {"query": "query_cli"}
"""The commands :func:`run` handles, and the function of ``ruhrgraph.cli.<command>`` that runs each."""

_SCALARS: dict[Any, Callable[[str], Any]] = {str: str, Path: Path, float: float, int: int}


class _Unsupported(Exception):
    """Something only typer handles."""


def _declarations(func: Callable[..., Any]) -> list[tuple[str, Any, Any, Any]]:
    """``(name, type, typer info, default)`` of each parameter of a typer command function."""
    from typer.models import ArgumentInfo, OptionInfo

    hints = typing.get_type_hints(func, include_extras=True)
    out = []
    for name, param in inspect.signature(func).parameters.items():
        hint = hints.get(name)
        if typing.get_origin(hint) is not typing.Annotated:
            raise _Unsupported(name)
        base, *meta = typing.get_args(hint)
        info = next((m for m in meta if isinstance(m, (OptionInfo, ArgumentInfo))), None)
        if info is None or info.callback is not None or info.parser is not None or info.envvar:
            raise _Unsupported(name)
        if isinstance(info, OptionInfo) and (info.prompt or info.count):
            raise _Unsupported(name)
        default = param.default if param.default is not inspect.Parameter.empty else ...
        out.append((name, _kind(base), info, default))
    return out


def _kind(base: Any) -> Any:
    """The converter of a parameter type: a scalar's, or ``(list, converter)`` for ``list[…]``."""
    args = [a for a in typing.get_args(base) if a is not type(None)]
    if typing.get_origin(base) in (typing.Union, types.UnionType) and len(args) == 1:
        base = args[0]  # X | None
    if typing.get_origin(base) is list and len(typing.get_args(base)) == 1 \
            and typing.get_args(base)[0] in _SCALARS:
        return (list, _SCALARS[typing.get_args(base)[0]])
    if base in _SCALARS:
        return _SCALARS[base]
    raise _Unsupported(repr(base))


def parse(func: Callable[..., Any], args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments for ``func`` from the command line ``args``, or ``None`` when typer
    must read it (see the module docstring)."""
    from typer.models import OptionInfo

    try:
        declared = _declarations(func)
    except _Unsupported:
        return None
    options: dict[str, tuple[str, Any, Any]] = {}
    arguments: list[tuple[str, Any]] = []
    values: dict[str, Any] = {}
    for name, kind, info, default in declared:
        if isinstance(info, OptionInfo):
            # typer reads Option("--param", "-p") in Annotated as declarations, the first in `default`
            first = [info.default] if isinstance(info.default, str) else []
            decls = [d for d in (*first, *(info.param_decls or ())) if d.startswith("-")] \
                or [f"--{name.replace('_', '-')}"]
            for decl in decls:
                options[decl] = (name, kind, info)
        else:
            arguments.append((name, kind))
        if default is not ...:
            values[name] = default
    positional: list[str] = []
    rest = list(args)
    try:
        while rest:
            token = rest.pop(0)
            if token == "--":
                positional += rest
                break
            if token == "--help":
                return None
            if not token.startswith("-") or token == "-":
                positional.append(token)
                continue
            flag, eq, value = token.partition("=") if token.startswith("--") else (token[:2], "", token[2:])
            if flag not in options:
                return None
            if not eq and not value:
                if not rest:
                    return None
                value = rest.pop(0)
            name, kind, info = options[flag]
            converted = kind[1](value) if isinstance(kind, tuple) else kind(value)
            if (info.min is not None and converted < info.min) or (info.max is not None and converted > info.max):
                return None
            if isinstance(kind, tuple):
                values[name] = [*(values.get(name) or []), converted]
            else:
                values[name] = converted
    except ValueError:
        return None
    if len(positional) > len(arguments):
        return None
    for (name, kind), token in zip(arguments, positional, strict=False):
        values[name] = kind(token) if not isinstance(kind, tuple) else [kind[1](token)]
    if any(name not in values for name, *_ in declared):
        return None  # a required argument or option is missing
    return values


def run(command: str, args: Sequence[str]) -> int | None:
    """Run ``command`` with ``args`` and return its exit code, or ``None`` when typer must run it
    (nothing has been printed then)."""
    import typer

    function = FAST.get(command)
    if function is None:
        return None
    func = getattr(importlib.import_module(f"ruhrgraph.cli.{command}"), function)
    values = parse(func, args)
    if values is None:
        return None
    try:
        func(**values)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.BadParameter:
        return None  # typer reports it, with its usage line
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # the reader went away (`… | head`): end quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
