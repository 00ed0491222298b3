"""Pictures of a view: PNG, SVG and PDF (private helper of :mod:`.export`).

:func:`picture_inputs` takes from an annotated view exactly what a picture shows — the nodes drawn
(the :data:`~ruhrgraph.network._style.PICTURE_LIMIT` most central ones of a larger view) with
their label, category and size measure, the ties among them with their weights, the view's name
and size, the options — and :func:`draw_inputs` draws from those inputs alone. So
:meth:`PictureInputs.digest` tells whether a picture written before is byte for byte the one a
fresh export would draw, and ``build`` keeps it instead of drawing it again.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import networkx as nx

from ruhrgraph.network._layout import layout, place_labels
from ruhrgraph.network._style import PICTURE_LIMIT, ExportOptions, _colour, _hex, scaled, xml_safe

METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}
"""What the picture files leave out of their metadata (no version or time stamp: stable bytes)."""
STYLE = {
    "svg.hashsalt": "ruhrgraph",
    "svg.fonttype": "none",  # labels as <text>, editable in Inkscape or Illustrator
    "pdf.fonttype": 42,  # TrueType: text stays text in the PDF too
}


@dataclass(frozen=True)
class PictureInputs:
    """Everything a picture of a view shows, in drawing order.

    Attributes:
        view: the view's name; ``nodes`` and ``edges``: its size (the title says it).
        shown: per node drawn, ``(iri, has a label, label, category, size value)``.
        ties: per tie among them, ``(a, b, weight)``.
        limited: whether ``shown`` is only the most central nodes of the view.
    """

    view: str
    nodes: int
    edges: int
    shown: tuple[tuple[str, bool, object, object, float], ...]
    ties: tuple[tuple[str, str, float], ...]
    limited: bool
    size_by: str
    labels: int
    seed: int

    def digest(self, fmt: str) -> str:
        """A digest of these inputs, the format, its file settings, this code and the libraries
        that draw (a picture with the same digest has the same bytes)."""
        import matplotlib
        import numpy
        import scipy

        digest = hashlib.sha256(repr((fmt, METADATA.get(fmt), STYLE, matplotlib.__version__, nx.__version__,
                                      numpy.__version__, scipy.__version__)).encode())
        for module in (__file__, _layout_file(), _style_file()):
            digest.update(Path(module).read_bytes())
        digest.update(repr(tuple(getattr(self, f.name) for f in fields(self))).encode("utf-8"))
        return digest.hexdigest()


def _layout_file() -> str:
    from ruhrgraph.network import _layout

    return _layout.__file__ or ""


def _style_file() -> str:
    from ruhrgraph.network import _style

    return _style.__file__ or ""


def picture_inputs(graph: nx.Graph, options: ExportOptions | None = None) -> PictureInputs:
    """What a picture of the annotated view ``graph`` shows (see :class:`PictureInputs`)."""
    options = options or ExportOptions()
    shown = graph
    if graph.number_of_nodes() > PICTURE_LIMIT:
        top = sorted(graph, key=lambda n: (-float(graph.nodes[n].get(options.size_by, 0.0)), n))
        shown = graph.subgraph(sorted(top[:PICTURE_LIMIT]))  # a view: the order of a copy, no copy
    return PictureInputs(
        view=str(graph.graph.get("view", "actors")), nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
        shown=tuple((n, "label" in d, d.get("label"), d.get("category", ""), float(d.get(options.size_by, 0.0)))
                    for n, d in shown.nodes(data=True)),
        ties=tuple((a, b, float(d.get("weight", 1.0))) for a, b, d in shown.edges(data=True)),
        limited=shown is not graph, size_by=options.size_by, labels=options.labels, seed=options.seed)


def draw(graph: nx.Graph, options: ExportOptions | None = None):  # type: ignore[no-untyped-def]
    """A matplotlib figure of the view: seeded layout, colour per category, the most central
    actors labelled, a colour legend. Uses the Agg/SVG canvases only (no display needed)."""
    options = options or ExportOptions()
    return draw_inputs(picture_inputs(graph, options), options)


def draw_inputs(inputs: PictureInputs, options: ExportOptions):  # type: ignore[no-untyped-def]
    """The figure of :func:`draw`, from the picture's inputs alone (``options`` only lend their
    layout cache)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    nodes = [n for n, *_ in inputs.shown]
    shown = nx.Graph()
    shown.add_nodes_from(nodes)
    shown.add_edges_from((a, b, {"weight": w}) for a, b, w in inputs.ties)
    value = {n: v for n, _, _, _, v in inputs.shown}
    category = {n: c for n, _, _, c, _ in inputs.shown}
    pos = layout(shown, inputs.seed, cache=options.layouts)
    sizes = scaled(value, 40.0, 900.0)
    fig = Figure(figsize=(12, 9), dpi=150)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if nodes:
        nx.draw_networkx_edges(shown, pos, ax=ax, edgelist=[(a, b) for a, b, _ in inputs.ties],
                               width=[0.6 + 0.8 * math.log1p(w) for _, _, w in inputs.ties],
                               edge_color="#9a9a9a", alpha=0.6)
        nx.draw_networkx_nodes(shown, pos, ax=ax, nodelist=nodes, node_size=[sizes[n] for n in nodes],
                               node_color=[_hex(_colour(category[n])) for n in nodes],  # type: ignore[arg-type]
                               edgecolors="white", linewidths=0.8)
    present = sorted({str(c) for c in category.values()})
    handles = [Line2D([0], [0], marker="o", linestyle="", markersize=9, label=c.replace("$", r"\$"),
                      markerfacecolor=_hex(_colour(c)), markeredgecolor="white") for c in present]
    if handles:  # beside the network, never on top of a row of isolated nodes
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, title="type")
    note = f" — the {PICTURE_LIMIT} most central of {inputs.nodes} nodes" if inputs.limited else ""
    ax.set_title(f"ruhrgraph — {inputs.view} view: {inputs.nodes} nodes, {inputs.edges} ties"
                 f"{note}\nnode size: {inputs.size_by}; labels: up to the {inputs.labels} highest "
                 "that fit; edge width: supporting articles", fontsize=11)
    fig.tight_layout()
    if nodes:
        ax.set_xlim(ax.get_xlim())  # final limits before the labels are measured
        ax.set_ylim(ax.get_ylim())
        labels = {n: (label if has else "", label if has else n) for n, has, label, _, _ in inputs.shown}
        ranked = sorted(nodes, key=lambda n: (-value[n], labels[n][0], n))
        pixels = fig.dpi / 72.0
        place_labels(ax, FigureCanvasAgg(fig).get_renderer(),
                     [(*pos[n], math.sqrt(sizes[n]) / 2 * pixels, xml_safe(labels[n][1])) for n in ranked],
                     inputs.labels)
    return fig


def write_picture(fmt: str) -> Callable[[nx.Graph, Path, ExportOptions], Path]:
    """The writer of one picture format (``png``, ``svg``, ``pdf``)."""
    def write(graph: nx.Graph, out: Path, options: ExportOptions) -> Path:
        import matplotlib

        with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
            fig = draw_inputs(picture_inputs(graph, options), options)
            fig.savefig(out, format=fmt, metadata=METADATA[fmt])
        return out
    return write
