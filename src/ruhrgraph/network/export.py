"""Exports of a projected view for researchers: GEXF 1.3, GraphML, CSV tables, PNG, SVG, PDF and
an interactive HTML page (sigma.js, :mod:`.interactive`).

Generate, then write: ``generate_gexf`` / ``generate_graphml`` / ``generate_csv`` build the text
from an annotated graph (pure functions, iterators of strings); the ``write_*`` wrappers open
files. Every format is an :class:`Exporter` looked up by name in the registry :data:`EXPORTERS`,
the built-ins included; other packages add theirs through the ``ruhrgraph.exporters``
entry-point group.

GEXF files open in Gephi and Gephi Lite without complaint:

* attributes are declared with their types (``integer``, ``double``, ``boolean``, ``string``,
  ``liststring``), none of them named like a reserved key (``id``, ``label``, ``type``,
  ``weight``, ``color``, ``size``, ``x``, ``y`` …: :data:`RESERVED`);
* labels are human labels, node ids the entity IRIs;
* every node has a ``viz:color`` for its category (RGB, no alpha) and a ``viz:size`` scaled
  from a chosen measure (PageRank by default) and, for views up to
  :data:`LAYOUT_LIMIT` nodes, a seeded ``viz:position``;
* every edge declares its ``weight`` (supporting articles);
* nodes and edges carry ``spells`` from event and article dates (``timeformat="date"``), so
  Gephi's timeline works;
* text is XML-safe: characters XML 1.0 forbids (control characters) are removed; every
  attribute value, the spell dates included, is escaped.

The CSV tables are meant to be opened in spreadsheets too: a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return — which Excel, LibreOffice and Google Sheets
would run as a formula — gets a leading ``'`` (OWASP's advice on CSV injection); numbers are left
alone. Picture labels are drawn as plain text (a ``$`` in a name is not matplotlib mathtext);
in SVG and PDF they stay text (editable in Inkscape), placed where they overlap no other label
(:mod:`._layout`); :func:`infer_format` tells the format from the file name.

Example::

    >>> from ruhrgraph.store.local import Store
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "actors.gexf"
    >>> with Store.open(None) as store:
    ...     export(store, "actors", "gexf", out).name
    'actors.gexf'
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from ruhrgraph import __version__
from ruhrgraph.errors import ParameterError, RuhrgraphError
from ruhrgraph.network import _record
from ruhrgraph.network._layout import layout as layout
from ruhrgraph.network._picture import draw as draw
from ruhrgraph.network._picture import picture_inputs, write_picture
from ruhrgraph.network._style import COLOURS as COLOURS
from ruhrgraph.network._style import OTHER_COLOUR as OTHER_COLOUR
from ruhrgraph.network._style import PICTURE_LIMIT as PICTURE_LIMIT
from ruhrgraph.network._style import ExportOptions as ExportOptions
from ruhrgraph.network._style import _colour, _hex, _sizes
from ruhrgraph.network._style import xml_safe as xml_safe
from ruhrgraph.network.facts import Facts, load_facts
from ruhrgraph.network.measures import MEASURES, AnalysisReport, Settings, compute
from ruhrgraph.network.views import VIEWS, project
from ruhrgraph.registry import Registry
from ruhrgraph.store.local import Store

FORMATS = ("gexf", "graphml", "csv", "png", "svg", "pdf", "html")
"""The built-in formats of :func:`export`, as registered in :data:`EXPORTERS`."""
RECORD_FILE = _record.STATE_FILE
"""The export record ``build`` keeps in the store folder (:func:`export_many`'s ``record``)."""

RESERVED = frozenset({
    "id", "label", "type", "kind", "weight", "color", "colour", "size", "x", "y", "z", "shape",
    "thickness", "hidden", "forcelabel", "highlighted", "zindex", "start", "end", "spells",
    "timeset", "interval", "pid", "source", "target", "key",
})
"""Names Gephi, Gephi Lite (sigma.js) or graphology give a meaning of their own; never used as
attribute names (compared case-insensitively)."""

LAYOUT_LIMIT = 3000
"""Views with more nodes get no precomputed positions (Gephi's own layouts are faster)."""

# node attributes: name -> GEXF type
NODE_ATTRIBUTES: dict[str, str] = {
    "category": "string", "rdf_class": "string", "iri": "string", "city": "string",
    "sectors": "liststring", "first_seen": "string", "last_seen": "string",
    "article_count": "integer", "wikidata": "string",
    **{m: {"integer": "integer", "double": "double", "boolean": "boolean"}[dt]
       for m, (_, dt, _) in MEASURES.items()},
}
EDGE_ATTRIBUTES: dict[str, str] = {
    "relations": "liststring", "events": "liststring", "article_count": "integer",
    "first_seen": "string", "last_seen": "string",
}
assert not {a.lower() for a in (*NODE_ATTRIBUTES, *EDGE_ATTRIBUTES, "bipartite")} & RESERVED

# -- annotation ------------------------------------------------------------------------------
def annotate(graph: nx.Graph, report: AnalysisReport) -> nx.Graph:
    """Copy the measures of ``report`` onto the nodes of ``graph`` (in place; returns it)."""
    for measure, (_, datatype, _) in MEASURES.items():
        values = report.scores.get(measure, {})
        for iri in graph:
            value = values.get(iri)
            if datatype == "integer":
                graph.nodes[iri][measure] = int(value) if value is not None else 0
            elif datatype == "boolean":
                graph.nodes[iri][measure] = bool(value)
            else:
                finite = value is not None and math.isfinite(value)
                graph.nodes[iri][measure] = float(value) if finite else 0.0  # type: ignore[arg-type]
    return graph


# -- GEXF ------------------------------------------------------------------------------------
def _number(value: float) -> str:
    return repr(round(float(value), 12))


def _gexf_value(kind: str, value: object) -> str:
    if kind == "liststring":
        items = [xml_safe(v).replace("\\", "\\\\").replace('"', '\\"') for v in (value or ())]  # type: ignore[attr-defined]
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "integer":
        return str(int(value))  # type: ignore[call-overload]
    if kind == "double":
        return _number(value)  # type: ignore[arg-type]
    return xml_safe(value)


_attr = functools.lru_cache(maxsize=1 << 16)(quoteattr)  # the same IRIs, dates and values recur


@functools.lru_cache(maxsize=1 << 16)
def _safe_str(text: str) -> str:
    return quoteattr(xml_safe(text))


def _safe_attr(value: object) -> str:
    """``value`` as an XML-safe, quoted attribute value."""
    return _safe_str(value) if isinstance(value, str) else quoteattr(xml_safe(value))


def _spell_lines(spells: Iterable[tuple[str, str]], indent: str) -> Iterator[str]:
    spells = list(spells)
    if spells:
        yield f"{indent}<spells>"
        for start, end in spells:
            yield f"{indent}  <spell start={_safe_attr(start)} end={_safe_attr(end)}/>"
        yield f"{indent}</spells>"


def _modified_date(graph: nx.Graph) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    dates = [d for _, d in graph.nodes(data="last_seen") if d]
    return max(dates) if dates else ""


def generate_gexf(graph: nx.Graph, options: ExportOptions | None = None) -> Iterator[str]:
    """Lines of a GEXF 1.3 document for an annotated view (see :func:`annotate`)."""
    options = options or ExportOptions()
    view = str(graph.graph.get("view", "actors"))
    node_attrs = dict(NODE_ATTRIBUTES)
    if view == "bipartite":
        node_attrs["bipartite"] = "integer"
    node_attrs = {k: v for k, v in node_attrs.items() if any(k in d for _, d in graph.nodes(data=True))} \
        if graph.number_of_nodes() else node_attrs
    dynamic = any(d.get("spells") for _, d in graph.nodes(data=True))
    sizes = _sizes(graph, options.size_by)
    positions = layout(graph, options.seed, cache=options.layouts) if graph.number_of_nodes() <= LAYOUT_LIMIT else {}
    modified = _modified_date(graph)

    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield ('<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">')
    yield f'  <meta{f" lastmodifieddate={quoteattr(modified)}" if modified else ""}>'
    yield f"    <creator>ruhrgraph {escape(__version__)}</creator>"
    description = (f"ruhrgraph {view} view: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} ties; "
                   f"edge weight = supporting articles; node size = {options.size_by}")
    yield f"    <description>{escape(xml_safe(description))}</description>"
    yield "  </meta>"
    mode = ' mode="dynamic" timeformat="date" timerepresentation="interval"' if dynamic else ' mode="static"'
    yield f'  <graph defaultedgetype="undirected"{mode}>'
    yield '    <attributes class="node" mode="static">'
    for name, kind in node_attrs.items():
        yield f'      <attribute id="{name}" title="{name}" type="{kind}"/>'
    yield "    </attributes>"
    yield '    <attributes class="edge" mode="static">'
    for name, kind in EDGE_ATTRIBUTES.items():
        yield f'      <attribute id="{name}" title="{name}" type="{kind}"/>'
    yield "    </attributes>"
    yield "    <nodes>"
    for iri, data in graph.nodes(data=True):
        yield f"      <node id={_safe_attr(iri)} label={_safe_attr(data.get('label', iri))}>"
        yield "        <attvalues>"
        for name, kind in node_attrs.items():
            if name in data and data[name] not in ("", None, ()):
                yield f'          <attvalue for="{name}" value={_attr(_gexf_value(kind, data[name]))}/>'
        yield "        </attvalues>"
        if dynamic:
            yield from _spell_lines(data.get("spells", ()), "        ")
        r, g, b = _colour(str(data.get("category", "")))
        yield f'        <viz:color r="{r}" g="{g}" b="{b}"/>'
        yield f'        <viz:size value="{sizes.get(iri, 10.0)}"/>'
        if iri in positions:
            x, y = positions[iri]
            yield f'        <viz:position x="{round(x * 1000, 3)}" y="{round(y * 1000, 3)}" z="0.0"/>'
        yield "      </node>"
    yield "    </nodes>"
    yield "    <edges>"
    for number, (a, b, data) in enumerate(graph.edges(data=True)):
        label = ", ".join(data.get("relations", ()))
        yield (f'      <edge id="{number}" source={_safe_attr(a)} target={_safe_attr(b)} '
               f'label={_safe_attr(label)} weight="{_number(data.get("weight", 1.0))}">')
        yield "        <attvalues>"
        for name, kind in EDGE_ATTRIBUTES.items():
            if name in data and data[name] not in ("", None, ()):
                yield f'          <attvalue for="{name}" value={_attr(_gexf_value(kind, data[name]))}/>'
        yield "        </attvalues>"
        if dynamic:
            yield from _spell_lines(data.get("spells", ()), "        ")
        yield "      </edge>"
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"


# -- GraphML and CSV -------------------------------------------------------------------------
def _flat(value: object, *, csv: bool = False) -> object:
    if csv and isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple | list):
        if value and isinstance(value[0], tuple):
            return "; ".join(f"{s}/{e}" for s, e in value)  # spells
        return "; ".join(xml_safe(v) for v in value)
    return xml_safe(value)


def _scalar_graph(graph: nx.Graph) -> nx.Graph:
    """A copy with only scalar, XML-safe attributes (what GraphML and CSV can hold)."""
    flat = nx.Graph(view=graph.graph.get("view", ""))
    node_keys = ["label", *NODE_ATTRIBUTES, "bipartite", "spells"]
    for iri, data in graph.nodes(data=True):
        flat.add_node(xml_safe(iri), **{k: _flat(data[k]) for k in node_keys if k in data})
    edge_keys = ["weight", *EDGE_ATTRIBUTES, "spells"]
    for a, b, data in graph.edges(data=True):
        attrs = {k: _flat(data[k]) for k in edge_keys if k in data}
        attrs["label"] = ", ".join(data.get("relations", ()))
        flat.add_edge(xml_safe(a), xml_safe(b), **attrs)
    return flat


def generate_graphml(graph: nx.Graph) -> Iterator[str]:
    """Lines of a GraphML document with the same attributes as the GEXF (lists joined by ``; ``)."""
    yield from nx.generate_graphml(_scalar_graph(graph), prettyprint=True, named_key_ids=True)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: prefix ``'``).

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("@SUM(A1)"), spreadsheet_safe("-2.5")
    ("'=1+1", "'@SUM(A1)", '-2.5')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _interval(spells: Iterable[tuple[str, str]]) -> str:
    spells = list(spells)
    return "<" + "; ".join(f"[{s}, {e}]" for s, e in spells) + ">" if spells else ""


def generate_csv(graph: nx.Graph) -> tuple[str, str]:
    """The node table and the edge table for Gephi's spreadsheet import (``Id``/``Label``,
    ``Source``/``Target``/``Type``/``Weight``; ``Interval`` holds the spells)."""
    node_keys = [k for k in [*NODE_ATTRIBUTES, "bipartite"] if any(k in d for _, d in graph.nodes(data=True))]
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["Id", "Label", *node_keys, "Interval"])
    for iri, data in graph.nodes(data=True):
        writer.writerow([spreadsheet_safe(c) for c in (
            xml_safe(iri), xml_safe(data.get("label", iri)),
            *(_flat(data.get(k, ""), csv=True) for k in node_keys), _interval(data.get("spells", ())))])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["Source", "Target", "Type", "Weight", "Label", *EDGE_ATTRIBUTES, "Interval"])
    for a, b, data in graph.edges(data=True):
        writer.writerow([spreadsheet_safe(c) for c in (
            xml_safe(a), xml_safe(b), "Undirected", _number(data.get("weight", 1.0)),
            ", ".join(data.get("relations", ())),
            *(_flat(data.get(k, ""), csv=True) for k in EDGE_ATTRIBUTES), _interval(data.get("spells", ())))])
    return nodes.getvalue(), edges.getvalue()


# -- writers and the registry ----------------------------------------------------------------
class Exporter(Protocol):
    """Writes an annotated view (:func:`annotate`) to ``out`` and returns the path written.

    ``out`` is a file, or a folder for a format of several files (``csv``); an exporter leaves
    nothing half-written behind when it fails.
    """

    def __call__(self, graph: nx.Graph, out: Path, options: ExportOptions, /) -> Path: ...


EXPORTERS: Registry[Exporter] = Registry("export format", "ruhrgraph.exporters")
"""Format name → :class:`Exporter`, the built-ins (:data:`FORMATS`) included."""


def _whole_file(write: Callable[[nx.Graph, Path, ExportOptions], object]) -> Exporter:
    """An exporter of one file: ``write`` writes a temporary sibling of ``out``, which is renamed to
    ``out`` once it is complete."""
    @functools.wraps(write)
    def export_file(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
        tmp = out.with_name(f".{out.name}.part")
        try:
            write(graph, tmp, options)
            os.replace(tmp, out)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise RuhrgraphError(f"{out}: cannot write the export: {exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
        return out
    return export_file


def _write_text(lines: Iterable[str], out: Path) -> Path:
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line + "\n")
    return out


@EXPORTERS.register("gexf")
@_whole_file
def write_gexf(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
    """GEXF 1.3 for Gephi and Gephi Lite (:func:`generate_gexf`)."""
    return _write_text(generate_gexf(graph, options), out)


@EXPORTERS.register("graphml")
@_whole_file
def write_graphml(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
    """GraphML with the same attributes (:func:`generate_graphml`)."""
    return _write_text(generate_graphml(graph), out)


@EXPORTERS.register("csv")
def write_csv(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
    """Write ``<out>/nodes.csv`` and ``<out>/edges.csv`` (``out`` is a folder)."""
    if out.exists() and not out.is_dir():
        raise ParameterError(f"{out}: the CSV export writes a folder (nodes.csv, edges.csv), "
                             "but a file of that name exists")
    out.mkdir(parents=True, exist_ok=True)
    nodes, edges = generate_csv(graph)
    (out / "nodes.csv").write_text(nodes, encoding="utf-8")
    (out / "edges.csv").write_text(edges, encoding="utf-8")
    return out


for _fmt in ("png", "svg", "pdf"):
    EXPORTERS.register(_fmt, _whole_file(write_picture(_fmt)))


@EXPORTERS.register("html")
@_whole_file
def write_html(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
    """One HTML file that draws the view with sigma.js offline (:mod:`.interactive`)."""
    from ruhrgraph.network.interactive import network_data, standalone_html

    colours = {**{category: _hex(rgb) for category, rgb in COLOURS.items()}, "": _hex(OTHER_COLOUR)}
    data = network_data(graph, colours, seed=options.seed)
    out.write_text(standalone_html(data, f"ruhrgraph: the {data['view']} network", options.size_by), encoding="utf-8")
    return out


_BUILT_IN: dict[str, Exporter] = {name: EXPORTERS.get(name) for name in FORMATS}
"""The built-in exporters, by format (a format another package registers again is not one)."""


def infer_format(out: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else the suffix of ``out`` (``actors.svg`` → ``svg``);
    an existing folder or a name without a suffix means ``csv`` (the format that writes a folder).

    >>> infer_format(Path("actors.SVG")), infer_format(Path("tables")), infer_format(Path("a.gexf"), "gexf")
    ('svg', 'csv', 'gexf')

    Raises:
        ParameterError: the suffix names no registered format, or contradicts ``fmt``.
    """
    suffix = out.suffix.lower().lstrip(".")
    if fmt is not None:
        fmt = fmt.lower()
        if suffix and fmt != "csv" and suffix in EXPORTERS.names() and suffix != fmt:
            raise ParameterError(f"--format {fmt} but {out.name} ends in .{suffix}; "
                                 f"leave out --format or give {out.stem}.{fmt}")
        return fmt
    if out.is_dir() or not suffix:
        return "csv"
    if suffix not in EXPORTERS.names() or suffix == "csv":
        raise ParameterError(f"cannot tell the export format from {out.name!r}: known suffixes are "
                             f"{', '.join('.' + f for f in EXPORTERS.names() if f != 'csv')} "
                             "(and a folder for csv); or give --format")
    return suffix


def export(store: Store, view: str, fmt: str, out: Path, *, options: ExportOptions | None = None,
           settings: Settings | None = None) -> Path:
    """Project ``view``, compute its measures and write it as ``fmt`` to ``out``.

    The measures are computed afresh (the store is only read); the exporter writes ``out`` whole
    or not at all (the one-file formats write a temporary sibling that is renamed).

    Args:
        store: an open store (read-only is enough).
        view: ``actors``, ``organisations`` or ``bipartite``.
        fmt: a name in :data:`EXPORTERS`: one of :data:`FORMATS` (``csv`` writes a folder with
            ``nodes.csv`` and ``edges.csv``) or a format another package registered.
        out: the file (or folder, for ``csv``) to write.
        options: node size measure, number of labels, layout seed.
        settings: analysis parameters.

    Returns:
        The path written.

    Raises:
        ParameterError: unknown view, format or size measure; ``out`` unusable.
    """
    out = Path(out)
    if not out.parent.exists():  # before the projection, which takes a while
        raise ParameterError(f"{out}: the folder {out.parent} does not exist")
    (done,) = export_many(store, view, [(fmt, out)], options=options, settings=settings)
    if isinstance(done, RuhrgraphError):
        raise done
    return done


def export_many(store: Store, view: str, outputs: Sequence[tuple[str, Path]], *,
                options: ExportOptions | None = None, settings: Settings | None = None,
                facts: Facts | None = None, record: Path | None = None) -> list[Path | RuhrgraphError]:
    """:func:`export` to several formats from one projection and one computation of the measures
    (as ``build`` does); each output's own failure is returned in its place, not raised.

    ``facts`` read from the store as it is (:func:`~ruhrgraph.network.facts.load_facts`) spare
    reading them again. With a ``record`` (``build``'s ``<store>/export-state.json``,
    :mod:`._record`), a GEXF file or picture whose inputs are those it was written from is kept
    as it is — the same bytes a fresh export writes — and layouts are taken from the record.

    Raises:
        ParameterError: unknown view, format or size measure (before anything is computed).
    """
    options = options or ExportOptions()
    if view not in VIEWS:
        raise ParameterError(f"unknown view {view!r}; known views: {', '.join(VIEWS)}")
    exporters = [(fmt, EXPORTERS.get(fmt), Path(out)) for fmt, out in outputs]
    options.check()
    kept = _record.ExportRecord(record) if record is not None else None
    if kept is not None:
        options = dataclasses.replace(options, layouts=kept.layouts)
    if facts is None:  # the built-in formats show no statement nodes (evidence of the ties)
        facts = load_facts(store, statements=not all(_BUILT_IN.get(fmt) is e for fmt, e, _ in exporters))
    graph = project(store, view, facts=facts)
    annotate(graph, compute(graph, settings))
    done: list[Path | RuhrgraphError] = []
    for fmt, exporter, out in exporters:
        try:
            if not out.parent.exists():
                raise ParameterError(f"{out}: the folder {out.parent} does not exist")
            done.append(_export_one(fmt, exporter, graph, out, options, kept))
        except RuhrgraphError as exc:
            done.append(exc)
        except Exception as exc:  # a picture that cannot be drawn must not lose the other files
            done.append(RuhrgraphError(f"{out}: {type(exc).__name__}: {exc}"))
    if kept is not None:
        kept.save()
    return done


def _export_one(fmt: str, exporter: Exporter, graph: nx.Graph, out: Path, options: ExportOptions,
                kept: _record.ExportRecord | None) -> Path:
    """Write one output — or, with a record, keep the file when it was written from the same
    inputs: a picture's inputs (:func:`~._picture.picture_inputs`), a GEXF file's own text."""
    digest = None
    if kept is not None and _BUILT_IN.get(fmt) is exporter:
        if fmt == "gexf":
            text = "".join(f"{line}\n" for line in generate_gexf(graph, options)).encode("utf-8")
            digest = hashlib.sha256(text).hexdigest()
            exporter = _whole_file(lambda _graph, path, _options: path.write_bytes(text))
        elif fmt in ("png", "svg", "pdf"):
            digest = picture_inputs(graph, options).digest(fmt)
    if kept is not None and digest is not None and kept.current(out, digest):
        return out
    written = exporter(graph, out, options)
    if kept is not None:
        kept.wrote(out, digest)
    return written
