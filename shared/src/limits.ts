// How big a flow may be. Counts are checked before the document is parsed (parseFlow), so an
// oversized one is refused at once, naming the limit; at these sizes parsing and validating
// stay well within the time one request may hold the server. The editor is built for flows
// of about 1,000 nodes.
import type { Problem } from "./problems.js";

export const FLOW_LIMITS = {
  nodes: 2_000,
  edges: 5_000,
  /** Edges with a regex condition: each pattern is compiled to check it. */
  patterns: 50,
  patternLength: 500,
  /**
   * Largest compiled pattern (RE2's program size, about one step per character or class it
   * matches). Matching costs up to text length × steps: at this size ~50 ms on a 1 MB message.
   */
  patternSteps: 200,
  /** Node and edge ids. */
  idLength: 200,
  /** A human node's timeout: ten years. */
  timeoutSeconds: 10 * 365 * 24 * 3600,
} as const;

const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);

/** An element of an untrusted document that is an edge with a regex condition. */
export function isRegexEdge(element: unknown): boolean {
  return (element as { data?: { when?: { kind?: unknown } } } | null)?.data?.when?.kind === "regex";
}

function regexEdges(edges: unknown): number {
  return Array.isArray(edges) ? edges.filter(isRegexEdge).length : 0;
}

/** The limits an untrusted flow document breaks, found without parsing it. */
export function limitProblems(doc: Record<string, unknown>): Problem[] {
  const over: Problem[] = [];
  const check = (path: string, n: number, max: number, what: string) => {
    if (n > max) over.push({ path, message: `at most ${max.toLocaleString("en")} ${what} (this flow has ${n.toLocaleString("en")})`, severity: "error" });
  };
  check("nodes", count(doc.nodes), FLOW_LIMITS.nodes, "nodes");
  check("edges", count(doc.edges), FLOW_LIMITS.edges, "edges");
  check("edges", regexEdges(doc.edges), FLOW_LIMITS.patterns, "edges with a regex condition");
  return over;
}
