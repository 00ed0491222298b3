"""``ruhrgraph build``: the whole job, the curation acceptance test, the summary."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from ruhrgraph.build import FLAGSHIP_QUESTION, _run_stage, build
from ruhrgraph.cli import app
from ruhrgraph.iri import graph_iri, mint
from ruhrgraph.network.explain import explain
from ruhrgraph.store.local import Store

DATA = Path(__file__).parent / "data" / "ingest"
ARTICLES = [DATA / "identity", DATA / "curation" / "c_ansiedlung_revier_medizintechnik.txt"]
RULES = DATA / "curation" / "rules.yaml"
SKOS_ALT = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
BASED_IN = URIRef("https://w3id.org/ruhrgraph/ontology#basedIn")
RDF_SUBJECT = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
RDF_OBJECT = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory):
    """A build of three articles with the test curation rules."""
    folder = tmp_path_factory.mktemp("curated")
    summary = build(ARTICLES, folder / "store", curation_dir=RULES)
    return summary, folder / "store"


def test_curation_merge_and_delete_take_effect_and_are_reported(curated) -> None:
    summary, store_dir = curated
    assert len(summary.ingest.committed) == 3, summary.render()
    merged_away = mint("organisation", "Revier Medizintechnik")
    reviermed = mint("organisation", "RevierMed")
    with Store.open(store_dir, read_only=True) as store:
        # merge: the old IRI is gone from every article graph, its name lives on as an alias
        assert not store.select("SELECT ?g WHERE { GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } } "
                                "FILTER(?g != ?curation) }",
                                bindings={"x": merged_away, "curation": graph_iri("curation")})
        assert (reviermed, SKOS_ALT, Literal("Revier Medizintechnik GmbH", lang="de")) in set(
            store.triples())
        # delete: the seat is gone, and so are the assertions that carried it
        assert not store.select("SELECT ?p WHERE { { ?s ?p ?o } UNION { ?a ?subject ?s ; ?object ?o } }",
                                bindings={"s": reviermed, "p": BASED_IN, "o": mint("city", "Dortmund"),
                                          "subject": RDF_SUBJECT, "object": RDF_OBJECT})
        result = explain(store, "RevierMed")
        assert len(result.articles) == 3
        assert "curation:reviermed-one-company" in result.merge_rules
        assert {c.rule for c in result.curation} == {"reviermed-one-company", "reviermed-moved"}
        assert result.replaces == [str(merged_away)]
    report = summary.ingest.curation
    assert report is not None
    outcome = {o.rule.id: o.graphs for o in report.outcomes}
    assert outcome["reviermed-one-company"] == 1 and outcome["stale-rename"] == 0
    assert outcome["reviermed-moved"] >= 1  # article b states the seat (and c once merged)
    assert [o.rule.id for o in report.unmatched] == ["stale-rename"]
    text = summary.render()
    assert "1 MATCH NOTHING" in text
    assert "stale-rename: rename id:organisation/gibt-es-nicht" in text and "MATCHES NOTHING" in text
    assert "reviermed-one-company: merge id:organisation/revier-medizintechnik into " \
           "id:organisation/reviermed — changed 1 graph" in text


def test_summary_answers_the_flagship_question(curated) -> None:
    summary, store_dir = curated
    names = [name for _, name, _ in summary.flagship]
    assert "Wirtschaftsförderung Dortmund" in names
    assert "RevierMed" not in names  # the curation moved it out of Dortmund
    text = summary.render()
    assert FLAGSHIP_QUESTION in text and "Wirtschaftsförderung Dortmund (1 visit)" in text
    assert "committed" in text and str(store_dir) in text
    assert "Company" in text and "statements" in text


def test_outputs_and_stages(curated) -> None:
    summary, store_dir = curated
    stages = {s.name: s for s in summary.stages}
    assert set(stages) == {"analytics", "export", "dumps"}
    for stage in stages.values():
        assert stage.status == "done", (stage.name, stage.detail)
    out = store_dir / "out"
    assert (out / "actors.gexf").is_file() and (out / "actors.png").is_file()
    assert str(out / "actors.gexf") in summary.render()
    assert (out / "validation-report.txt").is_file()


def test_whole_store_conforms(curated) -> None:
    summary, store_dir = curated
    assert summary.check.conforms, Path(summary.check.report).read_text(encoding="utf-8")[:3000]
    assert summary.exit_code == 0
    # the first build checks everything, and says why; the record for the next one is written
    assert summary.check.mode == "full" and "no record of an earlier check" in summary.render()
    assert (store_dir / "validation-state.json").is_file()


def test_failing_stage_is_reported_without_hiding_the_others(curated) -> None:
    def broken():  # a stage that fails
        raise ValueError("disk full")

    stage = _run_stage("export", broken)
    assert stage.status == "failed" and "ValueError: disk full" in stage.detail
    summary, _ = curated
    assert dataclasses.replace(summary, stages=[stage]).exit_code == 1


def test_build_command_again_changes_nothing(curated) -> None:
    """``ruhrgraph build`` on the same inputs: everything unchanged, the same store, exit code 0."""
    _, store_dir = curated
    with Store.open(store_dir, read_only=True) as store:
        dump = store.dump_nquads()
    result = CliRunner().invoke(app, ["build", *map(str, ARTICLES), "--store", str(store_dir),
                                      "--curation", str(RULES)])
    assert FLAGSHIP_QUESTION in result.output, result.output
    assert "0 committed, 3 unchanged, 0 rejected" in result.output
    # nothing changed: nothing re-checked, every finding of the first check kept (issue 15)
    assert re.search(r"incremental check: 0 graphs changed, 0 nodes re-checked, [1-9]\d* findings", result.output), \
        result.output
    report = (store_dir / "out" / "validation-report.txt").read_text(encoding="utf-8")
    assert report.startswith("incremental check: 0 graphs changed") and "\nconforms — " in report
    # each stage after the ingest reports its own outcome and time (issue 14, item 8)
    for stage in ("ingest", "analytics", "validation", "export", "dumps"):
        assert re.search(rf"^{stage} +(done|conforms) \(\d+\.\d s\)$", result.output, re.M), result.output
    with Store.open(store_dir, read_only=True) as store:
        again = store.dump_nquads()
    changed = [line.decode()[:240] for line in set(again.splitlines()) ^ set(dump.splitlines())]
    assert again == dump, "quads that differ:\n" + "\n".join(sorted(changed)[:10])
    assert result.exit_code == 0, result.output


def test_build_full_checks_the_whole_store_again(curated) -> None:
    _, store_dir = curated
    result = CliRunner().invoke(app, ["build", *map(str, ARTICLES), "--store", str(store_dir),
                                      "--curation", str(RULES), "--full"])
    assert result.exit_code == 0, result.output
    assert "full check" in result.output and "incremental check" not in result.output
    report = (store_dir / "out" / "validation-report.txt").read_text(encoding="utf-8")
    assert report.startswith("full check\nconforms — ")


def test_a_failed_picture_is_reported_but_does_not_fail_the_build(tmp_path: Path, monkeypatch) -> None:
    """Issue 17: a label matplotlib could not draw (a ``$`` in a name) made ``build`` exit 1."""
    from ruhrgraph.build import build
    from ruhrgraph.network import _picture

    def draw(inputs, options):  # type: ignore[no-untyped-def]
        raise ValueError("Unknown symbol: \\undefined")

    monkeypatch.setattr(_picture, "draw_inputs", draw)  # what matplotlib raised for a '$' in a label
    summary = build([DATA / "curation" / "c_ansiedlung_revier_medizintechnik.txt"], tmp_path / "store")
    stage = next(s for s in summary.stages if s.name == "export")
    assert stage.status == "done" and "THE PICTURE FAILED" in stage.detail and "undefined" in stage.detail
    assert (tmp_path / "store" / "out" / "actors.gexf").is_file()
    assert summary.exit_code == 0 and "THE PICTURE FAILED" in summary.render()


def test_build_again_keeps_unchanged_exports_and_rewrites_changed_ones(tmp_path: Path) -> None:
    """Issue 15: a second build keeps the Gephi file and the picture when what they show did not
    change (the same inode, not written again) and writes them again when an article changes them —
    always the bytes of a fresh export of the store."""
    from ruhrgraph.network.export import export_many

    article = tmp_path / "a.txt"
    text = (DATA / "curation" / "c_ansiedlung_revier_medizintechnik.txt").read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    out, names = tmp_path / "store" / "out", ("actors.gexf", "actors.png")

    def stamps() -> dict[str, tuple[int, int]]:
        return {n: ((out / n).stat().st_mtime_ns, (out / n).stat().st_ino) for n in names}

    def fresh(folder: Path) -> dict[str, bytes]:
        folder.mkdir()
        with Store.open(tmp_path / "store", read_only=True) as store:
            export_many(store, "actors", [("gexf", folder / names[0]), ("png", folder / names[1])])
        return {n: (folder / n).read_bytes() for n in names}

    build([article], tmp_path / "store", curation_dir=tmp_path / "no-rules")
    first = stamps()
    build([article], tmp_path / "store", curation_dir=tmp_path / "no-rules", force=True)
    assert stamps() == first
    assert {n: (out / n).read_bytes() for n in names} == fresh(tmp_path / "fresh1")
    article.write_text(text.replace("Fiktive Meldung", "Hans Berger von der Wirtschaftsförderung Dortmund "
                                                       "begleitete den Besuch.\nFiktive Meldung"), encoding="utf-8")
    build([article], tmp_path / "store", curation_dir=tmp_path / "no-rules")
    assert all(stamps()[n] != first[n] for n in names)
    assert {n: (out / n).read_bytes() for n in names} == fresh(tmp_path / "fresh2")


def test_summary_colours_status_words_only_on_a_colour_terminal() -> None:
    from rich.console import Console

    from ruhrgraph.cli.build import styled

    text = "  articles    1 committed, 0 unchanged, 2 rejected (1.0 s)\n  dumps       done (0.1 s)"
    colour = Console(force_terminal=True, color_system="standard", width=200)
    with colour.capture() as seen:
        colour.print(styled(text), highlight=False)
    assert "\x1b[1;31mrejected" in seen.get() and "\x1b[32mdone" in seen.get()
    plain = Console(force_terminal=False, width=200)
    with plain.capture() as seen:
        plain.print(styled(text), highlight=False)
    assert "\x1b[" not in seen.get() and "2 rejected" in seen.get()
