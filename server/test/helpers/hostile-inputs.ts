// fast-check arbitraries for hostile API input: ids and keys named like Object.prototype's
// properties, catastrophic regex patterns, deep nesting and huge arrays, built around valid
// documents so that the server's deeper checks are reached, not only the first one.
//
// Objects with a `__proto__` key are built with Object.fromEntries, which makes it an own key
// (an object literal would set the prototype instead), so JSON.stringify sends it.
import fc from "fast-check";
import { reviewFlow, withNodeIds } from "./runs-api.js";

/** Every property name of Object.prototype: __proto__, constructor, toString, hasOwnProperty… */
export const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** An id or key: a name of Object.prototype, an ordinary id, or any short string. */
export const hostileId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTO_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom("user", "writer", "reviewer", "end") },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** Any JSON value, small. */
const junk = fc.jsonValue({ maxDepth: 3 });

/** Extra keys to mix into an object: mostly Object.prototype's names. */
const extraKeys = fc.array(fc.tuple(hostileId, junk), { maxLength: 3 });

/** The object with the extra keys added as own keys (a `__proto__` key included). */
export function withKeys(base: object, extra: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries([...Object.entries(base), ...extra]);
}

/**
 * A reply the scripted writer gives, and routing patterns that backtrack exponentially on it:
 * ~2^23 steps, a fraction of a second to seconds of a held event loop with a backtracking
 * engine (each added character doubles it), nothing with a linear-time one.
 */
export const BACKTRACKING_REPLY = `${"a".repeat(23)}!`;
export const hostilePattern = fc.constantFrom("(a+)+$", "(a|a?)+$", "^(a+)*b", "([a-z]+)*[0-9]$");

/**
 * The review flow with four distinct ids (often Object.prototype's names), extra keys on the
 * flow, its nodes, their data and its edges, and a choice or two.
 */
export const flowDocument = fc
  .record({
    ids: fc.uniqueArray(hostileId, { minLength: 4, maxLength: 4 }),
    outcomes: fc.uniqueArray(fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.constantFrom("approve", "revise")), { minLength: 1, maxLength: 3 }),
    flowKeys: extraKeys,
    nodeKeys: extraKeys,
    dataKeys: extraKeys,
    edgeKeys: extraKeys,
    name: fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.string({ maxLength: 20 })),
  })
  .map(({ ids, outcomes, flowKeys, nodeKeys, dataKeys, edgeKeys, name }) => {
    const [user, writer, reviewer, end] = ids as [string, string, string, string];
    const flow = withNodeIds(reviewFlow({ script: ["A draft."], outcomes, name }), { user, writer, reviewer, end });
    return withKeys(flow, [
      ...flowKeys,
      ["nodes", flow.nodes.map((n, i) => withKeys({ ...n, data: withKeys(n.data ?? {}, i === 2 ? dataKeys : []) }, i === 1 ? nodeKeys : []))],
      ["edges", flow.edges.map((e, i) => withKeys(e, i === 0 ? edgeKeys : []))],
    ]);
  });

/** The flow whose writer's reply meets a regex edge with a catastrophic pattern. */
export const backtrackingFlow = hostilePattern.map((pattern) => {
  const flow = reviewFlow({ script: [BACKTRACKING_REPLY] });
  return {
    ...flow,
    edges: [
      { id: "e1", source: "user", target: "writer" },
      { id: "e-regex", source: "writer", target: "end", data: { when: { kind: "regex", value: pattern } } },
      { id: "e2", source: "writer", target: "reviewer" },
      ...flow.edges.slice(2),
    ],
  };
});

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels deep, as JSON text (built iteratively). */
export function nestedJson(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

export const nesting = fc.record({
  depth: fc.constantFrom(1_000, 50_000, 400_000),
  kind: fc.constantFrom("array" as const, "object" as const),
});

/** A chain flow of `n` agents (n + 1 edges) and `extraEdges` more, short ones (15,000 fit in ~650 KB). */
export function bigFlow(n: number, extraEdges: number) {
  const pos = { x: 0, y: 0 };
  const agents = Array.from({ length: n }, (_, i) => ({ id: `a${i}`, type: "agent", position: pos, data: { name: `a${i}`, model: "scripted/demo" } }));
  const ids = ["user", ...agents.map((a) => a.id), "end"];
  return {
    schemaVersion: 2,
    name: `Big flow of ${n} agents`,
    nodes: [{ id: "user", type: "start", position: pos }, ...agents, { id: "end", type: "end", position: pos }],
    edges: [
      ...ids.slice(1).map((to, i) => ({ id: `e${i}`, source: ids[i]!, target: to })),
      ...Array.from({ length: extraEdges }, (_, i) => ({ id: `x${i}`, source: ids[1 + (i % n)]!, target: "end" })),
    ],
  };
}
