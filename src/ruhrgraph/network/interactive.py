"""The interactive network view: the data sigma.js draws, and the standalone HTML file.

One front end serves both: ``static/vendor/network.min.js`` of the server package (sigma.js and
graphology bundled from ``web/`` with ``src/network.js``, built by ``make web``). ``ruhrgraph
serve`` shows it at ``/network`` and fetches :func:`network_data` from ``/network.json``;
``ruhrgraph export --format html`` (or ``--out actors.html``) writes one self-contained file
with the script, the styles and the data inlined — it opens from disk, offline, without Gephi.

:func:`network_data` turns an annotated view (:func:`ruhrgraph.network.export.annotate`) into
plain JSON: per node its IRI, label, category, link, position (:func:`._layout.layout`, seeded)
and measures; per tie the two ends and the number of supporting articles. Views larger than
``limit`` nodes keep the ``limit`` nodes with the highest PageRank (``truncated`` says so).

Example::

    >>> import networkx as nx
    >>> g = nx.Graph(view="actors")
    >>> g.add_node("https://ex.org/a", label="A GmbH", category="organisation", pagerank=0.6, community=0)
    >>> g.add_node("https://ex.org/b", label="Bea", category="person", pagerank=0.4, community=0)
    >>> g.add_edge("https://ex.org/a", "https://ex.org/b", weight=2)
    >>> data = network_data(g, {"organisation": "#1f77b4", "": "#bcbd22"})
    >>> [n["label"] for n in data["nodes"]], data["edges"][0]["weight"], data["truncated"]
    (['A GmbH', 'Bea'], 2, False)
"""

from __future__ import annotations

import html
import importlib.resources
import json
from collections.abc import Callable
from typing import Any

import networkx as nx

from ruhrgraph.network._layout import layout
from ruhrgraph.network.measures import MEASURES

#: Most nodes the browser view shows (sigma.js draws more, but the layout and the page get slow).
NODE_LIMIT = 2000
#: Measures a node can be sized by, the first the default.
SIZE_MEASURES = ("pagerank", *(m for m, (_, dt, _) in MEASURES.items() if dt != "boolean" and m not in
                               ("pagerank", "community")), "article_count")


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number == number and abs(number) != float("inf") else 0.0


def network_data(graph: nx.Graph, colours: dict[str, str], *, href: Callable[[str], str | None] | None = None,
                 limit: int = NODE_LIMIT, seed: int = 42) -> dict[str, Any]:
    """The JSON the front end draws, for an annotated view; ``href`` maps an IRI to its page
    (the IRI itself by default), ``colours`` a category to its colour (``""``: any other)."""
    total = graph.number_of_nodes()
    if total > limit:
        keep = sorted(graph, key=lambda n: (-_number(graph.nodes[n].get("pagerank")), n))[:limit]
        graph = graph.subgraph(keep).copy()
    positions = layout(graph, seed)
    nodes = []
    for iri in sorted(graph):
        attrs = graph.nodes[iri]
        x, y = positions.get(iri, (0.0, 0.0))
        measures: dict[str, float] = {m: _number(attrs.get(m)) for m in SIZE_MEASURES}
        measures["community"] = int(_number(attrs.get("community")))
        nodes.append({"id": iri, "label": str(attrs.get("label") or iri), "category": str(attrs.get("category", "")),
                      "href": (href(iri) if href else iri) or "", "x": round(float(x), 5),
                      "y": round(float(y), 5), "measures": measures})
    edges = [{"source": u, "target": v, "weight": int(_number(d.get("weight", 1))) or 1}
             for u, v, d in sorted(graph.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1])))]
    return {"view": str(graph.graph.get("view", "actors")), "nodes": nodes, "edges": edges,
            "colours": colours, "measures": list(SIZE_MEASURES), "total": total,
            "truncated": total > limit}


def script() -> str:
    """The bundled front end (sigma.js, graphology and the view's code)."""
    folder = importlib.resources.files("ruhrgraph.publish.serve") / "static" / "vendor"
    return (folder / "network.min.js").read_text(encoding="utf-8")


STYLE = """
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: #1d232a; }
#network { display: flex; flex-direction: column; height: 100vh; }
#network form { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; padding: .5rem 1rem;
  border-bottom: 1px solid #dde3e8; background: #f6f8fa; }
#network h1 { font-size: 1.1rem; margin: 0 1rem 0 0; }
.network-stage { flex: 1; min-height: 420px; position: relative; }
.network-legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; list-style: none; margin: 0; padding: .3rem 1rem; }
.network-legend .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; margin-right: .3rem; }
.network-status { padding: 0 1rem; min-height: 1.4rem; }
"""


def controls(title: str, data: dict[str, Any], size_by: str = "pagerank", colour_by: str = "type") -> str:
    """The view's HTML (title, colour and size choices, search, stage), the same in both places."""
    options = "".join(f'<option value="{html.escape(m)}"{" selected" if m == size_by else ""}>'
                      f'{html.escape(m.replace("_", " "))}</option>' for m in data["measures"])
    colour = "".join(f'<option value="{v}"{" selected" if v == colour_by else ""}>{v}</option>'
                     for v in ("type", "community"))
    shown = (f"{len(data['nodes']):,} of {data['total']:,} actors (the highest PageRank)" if data["truncated"]
             else f"{len(data['nodes']):,} actors")
    return (f'<form role="search"><h1>{html.escape(title)}</h1>'
            f'<label>Colour by <select name="colour">{colour}</select></label>'
            f'<label>Size by <select name="size">{options}</select></label>'
            '<label>Find <input name="find" type="search" list="network-names" placeholder="a name"></label>'
            '<datalist id="network-names"></datalist>'
            f'<span class="network-count">{shown}, {len(data["edges"]):,} ties</span></form>'
            '<ul class="network-legend"></ul><p class="network-status" role="status"></p>'
            '<div class="network-stage"></div>')


def _inline(text: str) -> str:
    """``text`` safe inside a ``<script>`` element."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def standalone_html(data: dict[str, Any], title: str, size_by: str = "pagerank") -> str:
    """One HTML file with the front end, its styles and ``data`` inlined (nothing is fetched)."""
    payload = _inline(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<div id=\"network\">{controls(title, data, size_by)}</div>\n"
            f"<script type=\"application/json\" id=\"network-data\">{payload}</script>\n"
            f"<script>{_inline(script())}</script>\n</body>\n</html>\n")
