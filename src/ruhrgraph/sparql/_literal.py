"""Parsing a literal parameter value of a saved query (:func:`ruhrgraph.sparql.saved.bind_parameters`)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ruhrgraph.errors import ParameterError
from ruhrgraph.sparql.resolve import validate_iri


class Parameter(Protocol):
    """What of a :class:`ruhrgraph.sparql.saved.Parameter` the parsing reads."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def datatype(self) -> str | None: ...
    @property
    def lang(self) -> str | None: ...


_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_literal(param: Parameter, value: str) -> Literal:
    """Parse and validate a literal parameter value."""
    text = value.strip()
    kind = param.type

    def fail(expected: str) -> ParameterError:
        return ParameterError(f"parameter {param.name}: {value!r} is not {expected}")

    if kind in ("integer", "nonNegativeInteger", "positiveInteger"):
        if not _INTEGER.match(text):
            raise fail("an integer")
        number = int(text)
        if not -(2**63) <= number < 2**63:  # the engine's integers: a larger one would quietly match nothing
            raise ParameterError(f"parameter {param.name}: {value!r} is out of range; give an integer from "
                                 f"{-(2**63)} to {2**63 - 1}")
        if (kind == "nonNegativeInteger" and number < 0) or (kind == "positiveInteger" and number < 1):
            raise fail("a positive integer" if kind == "positiveInteger" else "a non-negative integer")
        return Literal(str(number), datatype=XSD[kind])
    if kind in ("decimal", "number"):
        if not _DECIMAL.match(text):
            raise fail("a decimal number such as 0.75")
        try:
            return Literal(str(Decimal(text)), datatype=XSD.integer if kind == "number" and
                           _INTEGER.match(text) else XSD.decimal)
        except InvalidOperation as exc:
            raise fail("a decimal number such as 0.75") from exc
    if kind in ("double", "float"):
        try:
            float(text)
        except ValueError as exc:
            raise fail("a number") from exc
        return Literal(text, datatype=XSD[kind])
    if kind == "boolean":
        if text.lower() not in ("true", "false", "1", "0"):
            raise fail("true or false")
        return Literal("true" if text.lower() in ("true", "1") else "false", datatype=XSD.boolean)
    if kind == "date":
        try:
            return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
        except ValueError as exc:
            raise fail("a date like 2023-11-14") from exc
    if kind == "dateTime":
        try:
            datetime.fromisoformat(text)
        except ValueError as exc:
            raise fail("a date and time like 2023-11-14T09:00:00") from exc
        return Literal(text, datatype=XSD.dateTime)
    if kind == "gYear":
        if not re.match(r"^-?\d{4,}$", text):
            raise fail("a year like 2023")
        return Literal(text, datatype=XSD.gYear)
    if kind == "anyURI":
        validate_iri(param.name, text)
        return Literal(text, datatype=XSD.anyURI)
    if param.lang:
        return Literal(value, lang=param.lang)
    if param.datatype and kind == "literal":
        return Literal(value, datatype=URIRef(param.datatype))
    return Literal(value)
