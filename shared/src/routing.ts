// Choosing the edge out of a node: edges from the node are tried in their order in the flow;
// the first whose condition holds is taken. An edge into a node that has used up its maxVisits
// is passed over, so a later edge (e.g. to a person) can take the run elsewhere.
import { compareField, valueAt } from "./field-ops.js";
import type { EdgeCondition, Flow, FlowEdge } from "./flow.js";
import { patternMatches } from "./pattern.js";
import { nodeById, nodeRun, type RunState } from "./state.js";

/** A failed route names the targets it passed over because they reached maxVisits (what makes a node stuck). */
export type RouteResult = { ok: true; edge: FlowEdge; reason: string } | { ok: false; message: string; exhausted: string[] };

export interface RouteContext {
  /** The outcome of the node's reply: picked by a person, or read by the judge. */
  outcome?: string;
  /** The last message of the transcript. */
  text: string;
  visits(nodeId: string): number;
  maxVisits(nodeId: string): number | undefined;
}

export function conditionHolds(when: EdgeCondition | undefined, ctx: Pick<RouteContext, "outcome" | "text">): boolean {
  if (!when) return true;
  switch (when.kind) {
    case "always":
    case "otherwise":
      return true;
    case "outcome":
      return ctx.outcome !== undefined && ctx.outcome.toLowerCase() === when.value.toLowerCase();
    case "field":
      return compareField(fieldOf(ctx.text, when.path), when.op, when.value);
    case "contains":
      return ctx.text.toLowerCase().includes(when.value.toLowerCase());
    case "regex":
      return patternMatches(when.value, ctx.text);
    case "error":
    case "stuck":
      // Fallback edges are not for a reply: the engine takes them when the node fails or is stuck.
      return false;
  }
}

/** The value at a dotted path ("review.score", "items.0") of a JSON reply; undefined when absent or not JSON. */
export function fieldOf(text: string, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return valueAt(value, path);
}

function why(when: EdgeCondition | undefined): string {
  if (!when || when.kind === "always") return "always";
  if (when.kind === "otherwise") return "otherwise";
  if (when.kind === "outcome") return `outcome is "${when.value}"`;
  if (when.kind === "field") return `${when.path} ${when.op} ${JSON.stringify(when.value)}`;
  if (when.kind === "error" || when.kind === "stuck") return `on ${when.kind}`;
  return `${when.kind} "${when.value}"`;
}

/** Picks the edge out of `from` among `edges` (already only the edges leaving it, in order). */
export function pickEdge(fromName: string, edges: readonly FlowEdge[], ctx: RouteContext): RouteResult {
  const exhausted: string[] = [];
  for (const edge of edges) {
    if (!conditionHolds(edge.data.when, ctx)) continue;
    const max = ctx.maxVisits(edge.target);
    if (max !== undefined && ctx.visits(edge.target) >= max) {
      exhausted.push(edge.target);
      continue;
    }
    return { ok: true, edge, reason: why(edge.data.when) };
  }
  const said = ctx.text.length > 80 ? `${ctx.text.slice(0, 80)}…` : ctx.text;
  const extra = exhausted.length ? ` (passed over ${exhausted.join(", ")}: maxVisits reached)` : "";
  return {
    ok: false,
    exhausted,
    message: `no edge out of "${fromName}" matches${ctx.outcome ? ` outcome "${ctx.outcome}"` : ""} for the last message "${said}"${extra}`,
  };
}

/** The node's `on error` or `on stuck` edge (at most one of each; see validate.ts), among the edges leaving it. */
export function fallbackEdge(edges: readonly FlowEdge[], kind: "error" | "stuck"): FlowEdge | undefined {
  return edges.find((e) => e.data.when?.kind === kind);
}

/** Edges grouped by source, keeping their order. */
export function edgesBySource(flow: Flow): Map<string, FlowEdge[]> {
  const map = new Map<string, FlowEdge[]>();
  for (const e of flow.edges) {
    const list = map.get(e.source);
    if (list) list.push(e);
    else map.set(e.source, [e]);
  }
  return map;
}

/** Routes out of `from` in the given run state. */
export function routeFrom(state: RunState, from: string, edges: readonly FlowEdge[]): RouteResult {
  const node = nodeById(state.flow, from);
  return pickEdge(node?.data.name ?? from, edges, {
    outcome: nodeRun(state, from)?.outcome,
    text: state.messages[state.messages.length - 1]?.content ?? "",
    visits: (id) => nodeRun(state, id)?.visits ?? 0,
    maxVisits: (id) => {
      const n = nodeById(state.flow, id);
      return n && (n.type === "agent" || n.type === "human") ? n.data.maxVisits : undefined;
    },
  });
}
