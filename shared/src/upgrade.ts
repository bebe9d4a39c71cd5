// Documents and logs written before outcomes (flow schema version 1) read as today's: a human
// node's choices are its outcomes, a "choice" edge is an "outcome" edge. Pure and cheap, so the
// reducer can apply it to the flow a stored run started with.

type Doc = Record<string, unknown>;

const isObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

function upgradeNode(node: unknown): unknown {
  if (!isObject(node) || node.type !== "human" || !isObject(node.data)) return node;
  const { choices, defaultChoice, ...data } = node.data;
  if (Array.isArray(choices) && data.outcomes === undefined) {
    data.outcomes = choices.map((name) => ({ name, description: "" }));
  }
  if (defaultChoice !== undefined && data.defaultOutcome === undefined) data.defaultOutcome = defaultChoice;
  return { ...node, data };
}

function upgradeEdge(edge: unknown): unknown {
  if (!isObject(edge) || !isObject(edge.data) || !isObject(edge.data.when) || edge.data.when.kind !== "choice") return edge;
  return { ...edge, data: { ...edge.data, when: { ...edge.data.when, kind: "outcome" } } };
}

/** A version 1 document as version 2 (everything else as it was). */
export function upgradeToOutcomes(doc: Doc): Doc {
  return {
    ...doc,
    ...(Array.isArray(doc.nodes) ? { nodes: doc.nodes.map(upgradeNode) } : {}),
    ...(Array.isArray(doc.edges) ? { edges: doc.edges.map(upgradeEdge) } : {}),
  };
}
