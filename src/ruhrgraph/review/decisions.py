"""Review decisions as curation rules in ``data/curation/review-<reviewer>.yaml``.

Every decision is one or more ordinary curation rules (``data/curation/README.md``) that carry a
``review`` record — the decision id, the verdict, the statement, its kind and extraction rule,
the article, the sentence and its entities — so the build applies them like any steward's
correction, and :func:`precision` can count them:

=================  ==========================================================================
verdict            rules
=================  ==========================================================================
accept             ``accept`` (changes no fact; recorded in ``graph/curation``)
reject             ``delete statement: …``
correct            ``delete`` the statement (or just the corrected link) and ``add`` the right
                   fact (``schema:affiliation``, ``rg:basedIn``, ``org:role`` …)
merge              ``merge from: … into: …``
not-organisation   ``delete`` every statement naming the entity and its ``rdf:type``
=================  ==========================================================================

Statement IRIs are minted from the article, the statement's kind and its entities
(:mod:`ruhrgraph.extract.relations`), so after ``ingest --force`` the same statement gets the
same IRI and its decision applies again; :func:`key` (article, sentence, entities) matches it
in the queue too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ruhrgraph import _yaml
from ruhrgraph.errors import CurationError
from ruhrgraph.ingest.curation import parse_rules
from ruhrgraph.iri import slugify
from ruhrgraph.review.queue import Item, key

__all__ = ["Decision", "ReviewFile", "key", "load_decisions", "precision", "record"]

#: Verdicts that say the extractor was right.
RIGHT = frozenset({"accept"})
VERDICTS = ("accept", "reject", "correct", "merge", "not-organisation")


def record(item: Item) -> dict[str, Any]:
    """The ``review`` record of a rule about ``item``: what the steward saw."""
    return {"statement": str(item.iri), "key": key(item), "kind": item.kind, "rule": item.rule,
            "confidence": item.confidence, "article": item.article, "sentence": item.sentence,
            "quote": item.quote, "entities": [str(e) for e in item.entities]}


@dataclass(frozen=True)
class Decision:
    """One decision: its id, verdict and the curation rules (as YAML mappings) that say it."""

    id: str
    verdict: str
    rules: tuple[dict[str, Any], ...]

    @property
    def statements(self) -> list[dict[str, Any]]:
        """The review records of the statements decided on (each once)."""
        seen: dict[str, dict[str, Any]] = {}
        for rule in self.rules:
            rec = rule.get("review") or {}
            if rec.get("statement"):
                seen.setdefault(rec["statement"], rec)
        return list(seen.values())


class ReviewFile:
    """One reviewer's curation file: read, append decisions, undo them."""

    def __init__(self, folder: str | Path, reviewer: str) -> None:
        if not reviewer.strip():
            raise CurationError("a review needs a reviewer name (--reviewer or $USER)")
        self.reviewer = " ".join(reviewer.split())
        self.path = Path(folder) / f"review-{slugify(self.reviewer).split('--')[0]}.yaml"

    def _data(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {"curator": self.reviewer, "rules": []}
        data = _yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        data.setdefault("rules", [])
        data["rules"] = data["rules"] or []
        return data  # type: ignore[no-any-return]

    def decisions(self) -> list[Decision]:
        """The decisions in the file, oldest first."""
        return _group(self._data()["rules"])

    def add(self, decision: Decision) -> None:
        data = self._data()
        data["rules"].extend(decision.rules)
        self._write(data)

    def remove(self, decision_id: str) -> Decision | None:
        """Remove a decision (undo); ``None`` when the file has no such decision."""
        data = self._data()
        gone = [r for r in data["rules"] if (r.get("review") or {}).get("decision") == decision_id]
        if not gone:
            return None
        data["rules"] = [r for r in data["rules"] if r not in gone]
        self._write(data)
        return _group(gone)[0]

    def _write(self, data: dict[str, Any]) -> None:
        parse_rules(data, self.path)  # the loader must accept what we write
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = ("# Review decisions (ruhrgraph review); curation rules, see data/curation/README.md.\n"
                + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)


def _group(rules: Iterable[dict[str, Any]]) -> list[Decision]:
    order: dict[str, list[dict[str, Any]]] = {}
    verdicts: dict[str, str] = {}
    for rule in rules:
        rec = rule.get("review") if isinstance(rule, dict) else None
        if not isinstance(rec, dict) or not rec.get("decision"):
            continue
        order.setdefault(rec["decision"], []).append(rule)
        verdicts.setdefault(rec["decision"], str(rec.get("verdict", "")))
    return [Decision(d, verdicts[d], tuple(rs)) for d, rs in order.items()]


def load_decisions(folder: str | Path | None) -> list[Decision]:
    """The review decisions of every curation file in ``folder`` (rules without ``review`` are
    a steward's own corrections and are not decisions)."""
    if folder is None or not Path(folder).is_dir():
        return []
    out: list[Decision] = []
    for path in sorted(Path(folder).glob("*.y*ml")):
        data = _yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict):
            out.extend(_group(data.get("rules") or []))
    return out


def decided(decisions: Iterable[Decision]) -> set[str]:
    """Statement IRIs and keys that a decision covers (they leave the queue)."""
    out: set[str] = set()
    for d in decisions:
        for rule in d.rules:
            rec = rule.get("review") or {}
            out.update(str(rec[k]) for k in ("statement", "key") if rec.get(k))
    return out


def precision(decisions: Iterable[Decision], by: str = "rule") -> dict[str, tuple[int, int]]:
    """Per extraction rule (``by="rule"``) or relation (``by="kind"``): (accepted, reviewed)
    statements; a statement decided twice counts with its latest verdict."""
    latest: dict[str, tuple[str, str]] = {}
    for d in decisions:
        for rec in d.statements:
            latest[rec["statement"]] = (str(rec.get(by, "?")), d.verdict)
    out: dict[str, tuple[int, int]] = {}
    for group, verdict in latest.values():
        a, n = out.get(group, (0, 0))
        out[group] = (a + (verdict in RIGHT), n + 1)
    return out
