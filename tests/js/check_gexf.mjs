// Parse a GEXF file with graphology-gexf (the parser Gephi Lite uses) and print what it read
// as JSON, for tests/test_export.py:
//   node check_gexf.mjs FILE.gexf
// graphology-gexf does not read spells, so they are counted from the same DOM (@xmldom/xmldom,
// the XML parser graphology-gexf itself uses).
import { readFileSync } from "node:fs";
import Graph from "graphology";
import gexf from "graphology-gexf";
import { DOMParser } from "@xmldom/xmldom";

const path = process.argv[2];
if (!path) {
  console.error("usage: node check_gexf.mjs FILE.gexf");
  process.exit(2);
}
const text = readFileSync(path, "utf-8");
const errors = [];
const doc = new DOMParser({
  onError: (level, message) => { if (level !== "warning") errors.push(`${level}: ${message}`); },
}).parseFromString(text, "application/xml");
if (errors.length) {
  console.error(errors.join("\n"));
  process.exit(1);
}
const graph = gexf.parse(Graph, text);

function typeOf(value) {
  if (Array.isArray(value)) return "array";
  return typeof value;
}
function attributeTypes(entries) {
  const types = {};
  for (const attrs of entries) {
    for (const [key, value] of Object.entries(attrs)) {
      (types[key] ??= new Set()).add(typeOf(value));
    }
  }
  return Object.fromEntries(Object.entries(types).sort().map(([k, v]) => [k, [...v].sort()]));
}
function declared(cls) {
  const out = {};
  for (const block of Array.from(doc.getElementsByTagName("attributes"))) {
    if (block.getAttribute("class") !== cls) continue;
    for (const a of Array.from(block.getElementsByTagName("attribute"))) {
      out[a.getAttribute("title") || a.getAttribute("id")] = a.getAttribute("type");
    }
  }
  return out;
}
function spells(tag) {
  const counts = {};
  for (const el of Array.from(doc.getElementsByTagName(tag))) {
    const found = Array.from(el.getElementsByTagName("spell")).map(
      (s) => [s.getAttribute("start"), s.getAttribute("end")]);
    if (found.length) counts[tag === "node" ? el.getAttribute("id") : `${el.getAttribute("source")}|${el.getAttribute("target")}`] = found;
  }
  return counts;
}

const nodes = [];
graph.forEachNode((key, attrs) => nodes.push({ key, ...attrs }));
const edges = [];
graph.forEachEdge((key, attrs, source, target) => edges.push({ key, source, target, ...attrs }));
const graphElement = doc.getElementsByTagName("graph")[0];
console.log(JSON.stringify({
  type: graph.type,
  multi: graph.multi,
  order: graph.order,
  size: graph.size,
  mode: graphElement.getAttribute("mode"),
  timeformat: graphElement.getAttribute("timeformat"),
  meta: graph.getAttributes(),
  declared: { node: declared("node"), edge: declared("edge") },
  nodeAttributeTypes: attributeTypes(nodes.map(({ key, ...a }) => a)),
  edgeAttributeTypes: attributeTypes(edges.map(({ key, source, target, ...a }) => a)),
  nodes,
  edges,
  spells: { nodes: spells("node"), edges: spells("edge") },
}, null, 1));
