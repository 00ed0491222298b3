"""Precision from the stewards' review decisions (``ruhrgraph evaluate --reviewed``).

Every reviewed statement is gold: an ``accept`` says the extractor was right, a ``reject`` or a
``correct`` that it was wrong (:mod:`ruhrgraph.review.decisions`). Precision per extraction rule
and per relation is the fraction of reviewed statements that were accepted; per month it shows
how the precision on the stewards' own articles moves over time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ruhrgraph.review.decisions import Decision, load_decisions, precision

__all__ = ["by_month", "render", "report"]


def by_month(decisions: Iterable[Decision]) -> dict[str, tuple[int, int]]:
    """(accepted, reviewed) statements per month of the decision (``2026-12``)."""
    latest: dict[str, tuple[str, bool]] = {}
    for d in decisions:
        month = str(d.rules[0].get("date", ""))[:7] or "?"
        for rec in d.statements:
            latest[rec["statement"]] = (month, d.verdict == "accept")
    out: dict[str, tuple[int, int]] = {}
    for month, ok in latest.values():
        a, n = out.get(month, (0, 0))
        out[month] = (a + ok, n + 1)
    return out


def _table(title: str, counts: dict[str, tuple[int, int]]) -> list[str]:
    width = max([len(title), *(len(k) for k in counts)])
    lines = [f"{title:<{width}}  reviewed  accepted  precision"]
    for name, (a, n) in sorted(counts.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
        lines.append(f"{name:<{width}}  {n:>8}  {a:>8}  {a / n:>9.2f}")
    return lines


def render(decisions: list[Decision]) -> str:
    """The report: per rule, per relation, per month, and overall.

    >>> d = Decision("review-1", "reject", ({"id": "review-1-1", "date": "2026-12-02T10:00:00Z",
    ...     "review": {"decision": "review-1", "statement": "urn:s", "rule": "city-in-name",
    ...                "kind": "seat"}},))
    >>> print(render([d]))  # doctest: +NORMALIZE_WHITESPACE
    1 reviewed statements, 0 accepted: precision 0.00
    <BLANKLINE>
    rule          reviewed  accepted  precision
    city-in-name         1         0       0.00
    <BLANKLINE>
    relation  reviewed  accepted  precision
    seat             1         0       0.00
    <BLANKLINE>
    month    reviewed  accepted  precision
    2026-12         1         0       0.00
    <BLANKLINE>
    """
    rules = precision(decisions, by="rule")
    if not rules:
        return "no reviewed statements yet (ruhrgraph review writes them)\n"
    accepted = sum(a for a, _ in rules.values())
    total = sum(n for _, n in rules.values())
    lines = [f"{total} reviewed statements, {accepted} accepted: precision {accepted / total:.2f}", ""]
    lines += [*_table("rule", rules), ""]
    lines += [*_table("relation", precision(decisions, by="kind")), ""]
    lines += [*_table("month", by_month(decisions)), ""]
    return "\n".join(lines) + "\n"


def report(curation: str | Path | None) -> str:
    """The report over the decisions in the curation folder."""
    return render(load_decisions(curation))
