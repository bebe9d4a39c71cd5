// The live validation of the document: the server's own rules (parseFlow for the shape,
// validateFlow for the graph), with each problem tied to the node or edge it is about.
import { parseFlow, validateFlow, type Flow, type Problem } from "@tandem/shared";

export type Severity = Problem["severity"];

export interface FlowLint {
  problems: Problem[];
  errors: number;
  warnings: number;
  nodes: ReadonlyMap<string, Severity>;
  edges: ReadonlyMap<string, Severity>;
}

const AT_ELEMENT = /^(nodes|edges)\[(\d+)\]/;

/** Schema problems only carry a path ("nodes[2].data.name"); find the element it points at. */
function locate(problem: Problem, flow: Flow): Problem {
  if (problem.nodeId || problem.edgeId) return problem;
  const m = AT_ELEMENT.exec(problem.path);
  if (!m) return problem;
  const index = Number(m[2]);
  if (m[1] === "nodes") {
    const node = flow.nodes[index];
    return node ? { ...problem, nodeId: node.id } : problem;
  }
  const edge = flow.edges[index];
  return edge ? { ...problem, edgeId: edge.id } : problem;
}

function worst(map: Map<string, Severity>, id: string | undefined, severity: Severity) {
  if (id && map.get(id) !== "error") map.set(id, severity);
}

/** Every problem of the document being edited, each tied to its node or edge (the editor's view; a run's flow is checked on the server). */
export function lintFlow(flow: Flow): FlowLint {
  const parsed = parseFlow(flow);
  // A document that breaks the shape is still a typed Flow here, so the graph rules can run too.
  const raw = parsed.ok ? validateFlow(parsed.flow) : [...parsed.problems, ...validateFlow(flow)];
  const problems = raw.map((p) => locate(p, flow)).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  const nodes = new Map<string, Severity>();
  const edges = new Map<string, Severity>();
  for (const p of problems) {
    worst(nodes, p.nodeId, p.severity);
    worst(edges, p.edgeId, p.severity);
  }
  const errors = problems.filter((p) => p.severity === "error").length;
  return { problems, errors, warnings: problems.length - errors, nodes, edges };
}
