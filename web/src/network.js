// The interactive actor network (ruhrgraph serve's /network page and `ruhrgraph export --format html`).
// Reads the network from <script type="application/json" id="network-data"> (the standalone file)
// or fetches it from the URL in the container's data-src (the server page); draws it with sigma.js
// on graphology; colours nodes by type or community, sizes them by a chosen measure, finds actors
// by name and opens an actor's entity page on click. No request leaves the page's own origin.
import Graph from "graphology";
import Sigma from "sigma";

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];

function communityColour(value) {
  return PALETTE[Math.abs(Number(value) || 0) % PALETTE.length];
}

function sizes(data, measure) {
  const values = data.nodes.map((n) => Number(n.measures[measure] ?? 0));
  const lo = Math.min(...values), hi = Math.max(...values);
  const out = new Map();
  data.nodes.forEach((n, i) => {
    out.set(n.id, hi - lo <= 1e-15 ? 6 : 3 + 17 * (values[i] - lo) / (hi - lo));
  });
  return out;
}

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

function start(root, data) {
  const graph = new Graph({ type: "undirected", multi: false });
  for (const n of data.nodes) {
    graph.addNode(n.id, { label: n.label, x: n.x, y: n.y, size: 5, color: "#999",
      category: n.category, community: n.measures.community, href: n.href });
  }
  for (const e of data.edges) {
    if (!graph.hasEdge(e.source, e.target)) graph.addEdge(e.source, e.target, { weight: e.weight, size: 1 });
  }
  const stage = root.querySelector(".network-stage");
  const colourBy = root.querySelector("select[name=colour]");
  const sizeBy = root.querySelector("select[name=size]");
  const search = root.querySelector("input[name=find]");
  const status = root.querySelector(".network-status");
  const legend = root.querySelector(".network-legend");
  let found = null;

  function paint() {
    const bySize = sizes(data, sizeBy.value);
    graph.forEachNode((id, attrs) => {
      const color = colourBy.value === "community" ? communityColour(attrs.community)
        : (data.colours[attrs.category] || data.colours[""]);
      graph.mergeNodeAttributes(id, { color, size: bySize.get(id) });
    });
    legend.replaceChildren();
    if (colourBy.value === "type") {
      const present = new Set(data.nodes.map((n) => n.category));
      for (const [category, color] of Object.entries(data.colours)) {
        if (!category || !present.has(category)) continue;
        const item = el("li");
        item.append(el("span", { class: "swatch", "data-colour": color }), category);
        legend.append(item);
      }
      for (const swatch of legend.querySelectorAll(".swatch")) swatch.style.background = swatch.dataset.colour;
    }
  }

  const renderer = new Sigma(graph, stage, {
    labelRenderedSizeThreshold: 8,
    nodeReducer: (node, attrs) => (found && node === found ? { ...attrs, highlighted: true, forceLabel: true } : attrs),
  });
  renderer.on("clickNode", ({ node }) => {
    const href = graph.getNodeAttribute(node, "href");
    if (href) window.location.assign(href);
  });
  renderer.on("enterNode", () => { stage.style.cursor = "pointer"; });
  renderer.on("leaveNode", () => { stage.style.cursor = ""; });

  const names = root.querySelector("datalist");
  for (const n of [...data.nodes].sort((a, b) => a.label.localeCompare(b.label))) {
    names.append(el("option", { value: n.label }));
  }

  function find() {
    const text = search.value.trim().toLowerCase();
    found = null;
    if (text) {
      const exact = data.nodes.find((n) => n.label.toLowerCase() === text);
      const partial = data.nodes.find((n) => n.label.toLowerCase().includes(text));
      const hit = exact || partial;
      if (hit) found = hit.id;
    }
    if (found) {
      const at = renderer.getNodeDisplayData(found);
      renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.35 }, { duration: 300 });
      const link = el("a", { href: graph.getNodeAttribute(found, "href") }, graph.getNodeAttribute(found, "label"));
      status.replaceChildren("Found: ", link);
    } else {
      status.textContent = text ? `No actor called "${search.value.trim()}"` : "";
    }
    renderer.refresh();
  }

  colourBy.addEventListener("change", () => { paint(); renderer.refresh(); });
  sizeBy.addEventListener("change", () => { paint(); renderer.refresh(); });
  search.addEventListener("change", find);
  root.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); find(); });
  paint();
  renderer.refresh();
  root.dataset.nodes = String(graph.order);
  root.dataset.edges = String(graph.size);
  window.ruhrgraphNetwork = { graph, renderer, find };
  root.classList.add("ready");
}

function main() {
  const root = document.getElementById("network");
  if (!root) return;
  const inline = document.getElementById("network-data");
  const loaded = inline ? Promise.resolve(JSON.parse(inline.textContent))
    : fetch(root.dataset.src, { headers: { Accept: "application/json" } }).then((r) => {
      if (!r.ok) return r.text().then((t) => { throw new Error(t || r.statusText); });
      return r.json();
    });
  loaded.then((data) => start(root, data)).catch((err) => {
    root.querySelector(".network-status").textContent = `The network could not be drawn: ${err.message}`;
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
else main();
