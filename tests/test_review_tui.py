"""Acceptance: a scripted terminal session (pexpect) reviews ten items of the seed and two test articles;
the decisions land in the curation file, the next ``build`` shows the corrected graph and the
rejected statement does not come back after ``ingest --force``."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ruhrgraph.iri import mint
from ruhrgraph.store.local import Store

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [ROOT / "data" / "articles" / "000_cbab0d245a9d8950.txt",
            ROOT / "tests" / "data" / "corpus" / "001_delegation_japan_duisburg.txt",
            ROOT / "tests" / "data" / "corpus" / "003_personalie_klimahafen_gelsenkirchen.txt"]
ITEM = re.compile(r"\[(\d+) to review\] (\S+) · rule (\S+) [^\n]*\n\s+([^\n]*)\r?\n")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.update(NO_COLOR="1", COLUMNS="200", TERM="dumb", RUHRGRAPH_STORE=".ruhrgraph")
    return env


def _cli(cwd: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "ruhrgraph", *args], cwd=cwd, env=_env(), text=True,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _graph_has(cwd: Path, query: str) -> bool:
    with Store.open(cwd / ".ruhrgraph", read_only=True) as store:
        return bool(store.select(query))


def test_terminal_review_session(tmp_path: Path) -> None:
    (tmp_path / "arts").mkdir()
    for a in ARTICLES:
        shutil.copy(a, tmp_path / "arts")
    shutil.copytree(ROOT / "data" / "curation", tmp_path / "data" / "curation")
    _cli(tmp_path, "ingest", "arts")

    child = pexpect.spawn(sys.executable, ["-m", "ruhrgraph", "review", "--reviewer", "Anna Test"], cwd=str(tmp_path),
                          env=_env(), encoding="utf-8", timeout=60, dimensions=(50, 220))
    child.logfile_read = transcript = io.StringIO()
    seen: list[str] = []
    did: dict[str, int] = {}
    for _ in range(10):
        child.expect(ITEM)
        kind, describe = child.match.group(2), child.match.group(4)
        child.expect("> ")
        seen.append(describe)
        if "organisation=KlimaHafen," in describe and "correct" not in did:
            child.sendline("c")
            child.expect(r"correct which \(([^)]*)\)\? ")
            assert "organisation" in child.match.group(1)
            child.sendline("organisation")
            child.expect("the right organisation: ")
            child.send("KlimaHafen Gelsenk\t")  # completion from the store's names
            child.expect("KlimaHafen Gelsenkirchen")
            child.sendline("")
            child.expect(r"corrected \(review-")
            did["correct"] = 1
        elif "accept" not in did:
            child.sendline("a")
            child.expect(r"accepted \(review-")
            did["accept"] = 1
        elif "reject" not in did and kind == "seat":
            child.sendline("r")
            child.expect(r"rejected \(review-")
            did["reject"] = 1
        elif "merge" not in did and "correct" in did:
            child.sendline("m")
            child.expect(r"merge which entity \([^)]*\)\? ")
            child.sendline("KlimaHafen")
            child.expect("into \\(the entity that stays\\): ")
            child.sendline("KlimaHafen Gelsenkirchen GmbH")
            child.expect(r"merged \(review-")
            did["merge"] = 1
        elif "undo" not in did:
            child.sendline("a")
            child.expect(r"accepted \(review-")
            child.expect("> ")
            child.sendline("u")
            child.expect(r"undone: accept")
            did["undo"] = 1
        else:
            child.sendline("a")
            child.expect(r"accepted \(review-")
            did["accept"] += 1
    child.expect("> ")
    child.sendline("q")
    child.expect(r"decision\(s\) written to data/curation/review-anna-test\.yaml")
    child.expect(pexpect.EOF)
    assert set(did) == {"accept", "reject", "correct", "merge", "undo"}, (did, seen)
    assert "«Gülcan Demirtaş-Roth»" in transcript.getvalue()  # the mentions are marked in the sentence

    data = yaml.safe_load((tmp_path / "data" / "curation" / "review-anna-test.yaml").read_text(encoding="utf-8"))
    verdicts = [r["review"]["verdict"] for r in data["rules"]]
    assert sorted(set(verdicts)) == ["accept", "correct", "merge", "reject"]
    assert verdicts.count("accept") == did["accept"]  # the undone accept is gone
    assert len({r["review"]["decision"] for r in data["rules"]}) == 9  # ten reviewed, one undone
    rejected = next(r["statement"] for r in data["rules"] if r["review"]["verdict"] == "reject")
    fix = next(r for r in data["rules"] if r["review"]["verdict"] == "correct" and r["action"] == "add")
    klima = str(mint("organisation", "KlimaHafen Gelsenkirchen"))
    assert fix["object"] == klima and fix["predicate"] == "https://schema.org/affiliation"

    summary = _cli(tmp_path, "build", "arts")
    assert "MATCHES NOTHING" not in summary
    person = fix["subject"]
    assert _graph_has(tmp_path, f"SELECT * WHERE {{ <{person}> <https://schema.org/affiliation> <{klima}> }}")
    short = str(mint("organisation", "KlimaHafen"))
    assert not _graph_has(tmp_path, f"SELECT * WHERE {{ GRAPH ?g {{ <{short}> ?p ?o }} }}")
    assert not _graph_has(tmp_path, f"SELECT * WHERE {{ GRAPH ?g {{ <{rejected}> ?p ?o }} }}")

    _cli(tmp_path, "ingest", "--force", "arts")
    assert not _graph_has(tmp_path, f"SELECT * WHERE {{ GRAPH ?g {{ <{rejected}> ?p ?o }} }}")
    assert _graph_has(tmp_path, f"SELECT * WHERE {{ <{person}> <https://schema.org/affiliation> <{klima}> }}")
    listing = _cli(tmp_path, "review", "--reviewer", "Anna Test", "--list")
    assert listing.strip() and "organisation=KlimaHafen," not in listing

    report = _cli(tmp_path, "evaluate", "--reviewed")
    verdict_of = {r["review"]["statement"]: (r["review"]["rule"], r["review"]["verdict"])
                  for r in data["rules"] if r["review"].get("statement")}
    for rule in {rule for rule, _ in verdict_of.values()}:
        n = sum(1 for r, _ in verdict_of.values() if r == rule)
        a = sum(1 for r, v in verdict_of.values() if r == rule and v == "accept")
        line = next(ln for ln in report.splitlines() if ln.startswith(rule + " "))
        assert line.split()[-3:] == [str(n), str(a), f"{a / n:.2f}"], (rule, report)
    assert report.startswith(f"{len(verdict_of)} reviewed statements")
    assert re.search(r"^membership\s+\d+\s+\d+\s+\d\.\d\d$", report, re.M)
