// Graph rules beyond the document's shape. The studio (live, as you edit) and the server
// (before any run) call this same function, so both show the same problems.
import { outcomesOf, type Flow, type FlowNode } from "./flow.js";
import { edgeProblems, fallbackEdgeProblems } from "./validate-edge.js";
import { peopleProblems } from "./validate-people.js";
import { httpToolProblems } from "./validate-http.js";
import { inputSchemaProblems } from "./input-schema.js";
import { schemaProblems } from "./output-schema.js";
import { parseModelRef } from "./models.js";
import type { Problem } from "./problems.js";

export function validateFlow(flow: Flow): Problem[] {
  const problems: Problem[] = [];
  const err = (path: string, message: string, ids: { nodeId?: string; edgeId?: string } = {}) =>
    problems.push({ path, message, severity: "error", ...ids });
  const warn = (path: string, message: string, ids: { nodeId?: string; edgeId?: string } = {}) =>
    problems.push({ path, message, severity: "warning", ...ids });

  const byId = new Map<string, FlowNode>();
  flow.nodes.forEach((node, i) => {
    if (byId.has(node.id)) err(`nodes[${i}].id`, `duplicate node id "${node.id}"`, { nodeId: node.id });
    else byId.set(node.id, node);
  });

  const starts = flow.nodes.filter((n) => n.type === "start");
  if (starts.length === 0) err("nodes", "the flow has no start node");
  if (starts.length > 1) {
    flow.nodes.forEach((n, i) => {
      if (n.type === "start") err(`nodes[${i}]`, `several start nodes (${starts.length}); keep one`, { nodeId: n.id });
    });
  }
  if (!flow.nodes.some((n) => n.type === "end")) err("nodes", "the flow has no end node");

  const names = new Map<string, string>();
  flow.nodes.forEach((node, i) => {
    const at = `nodes[${i}]`;
    const ids = { nodeId: node.id };
    // An end node never speaks, so its name cannot be confused with a speaker's.
    if (node.type !== "end") {
      const key = node.data.name.toLowerCase();
      if (names.has(key) && names.get(key) !== node.id) {
        warn(`${at}.data.name`, `name "${node.data.name}" is used by another node; the transcript cannot tell them apart`, ids);
      }
      names.set(key, node.id);
    }
    if (node.type === "agent") {
      if (!node.data.model.trim()) err(`${at}.data.model`, `agent "${node.data.name}" has no model`, ids);
      else if (!parseModelRef(node.data.model)) err(`${at}.data.model`, 'expected "provider/model"', ids);
    }
    const outcomes = outcomesOf(node).map((o) => o.name.toLowerCase());
    if (new Set(outcomes).size !== outcomes.length) err(`${at}.data.outcomes`, "outcomes must be different from each other", ids);
    if (node.type === "human") {
      const { defaultOutcome, timeoutSeconds, allowText, allowEdit } = node.data;
      if (defaultOutcome !== undefined && !outcomes.includes(defaultOutcome.toLowerCase())) {
        err(`${at}.data.defaultOutcome`, `default outcome "${defaultOutcome}" is not one of the outcomes`, ids);
      }
      if (timeoutSeconds !== undefined && defaultOutcome === undefined) {
        err(`${at}.data.defaultOutcome`, "a timeout needs a default outcome to take when it expires", ids);
      }
      if (outcomes.length === 0 && !allowText && !allowEdit) {
        err(`${at}.data.outcomes`, "a person must be able to answer: give outcomes or allow free text", ids);
      }
      peopleProblems(node, at, err);
    }
    if (node.type === "agent" && node.data.outputSchema) {
      for (const p of schemaProblems(node.data.outputSchema)) err(`${at}.data.outputSchema${p.path ? `.${p.path}` : ""}`, p.message, ids);
    }
  });

  httpToolProblems(flow, { err, warn });
  if (flow.inputSchema) for (const p of inputSchemaProblems(flow.inputSchema)) err(p.path ? `inputSchema.${p.path}` : "inputSchema", p.message);

  const edgeIds = new Set<string>();
  const out = new Map<string, string[]>();
  /** Nodes with an edge that routes a reply (not only fallback edges). */
  const routed = new Set<string>();
  /** "source kind" of each fallback edge seen, to find a second one. */
  const fallbacks = new Set<string>();
  flow.edges.forEach((edge, i) => {
    const at = `edges[${i}]`;
    const ids = { edgeId: edge.id };
    if (edgeIds.has(edge.id)) err(`${at}.id`, `duplicate edge id "${edge.id}"`, ids);
    edgeIds.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) err(`${at}.source`, `edge comes from a missing node "${edge.source}"`, ids);
    if (!target) err(`${at}.target`, `edge goes to a missing node "${edge.target}"`, ids);
    if (source?.type === "end") err(`${at}.source`, "an end node has no outgoing edges", ids);
    if (target?.type === "start") err(`${at}.target`, "no edge may lead back to the start node", ids);
    if (source) edgeProblems(edge, source, at, { err, warn });
    const kind = edge.data.when?.kind;
    if (kind === "error" || kind === "stuck") {
      if (source && target) fallbackEdgeProblems(edge, kind, source, target, at, err);
      if (fallbacks.has(`${edge.source} ${kind}`)) err(`${at}.data.when`, `a node has at most one on ${kind} edge`, ids);
      fallbacks.add(`${edge.source} ${kind}`);
    } else if (source && target) routed.add(edge.source);
    if (source && target) append(out, edge.source, edge.target);
  });

  // Edges after an unconditional one from the same node are taken only once its target is out of visits.
  const firstUnconditional = new Map<string, FlowNode | undefined>();
  flow.edges.forEach((edge, i) => {
    const kind = edge.data.when?.kind ?? "always";
    // A fallback edge is taken when the node fails or is stuck, whatever the edges before it.
    if (kind === "error" || kind === "stuck") return;
    if (firstUnconditional.has(edge.source)) {
      const target = firstUnconditional.get(edge.source);
      if (target && !("maxVisits" in target.data && target.data.maxVisits !== undefined)) {
        warn(`edges[${i}]`, "never taken: an earlier edge from the same node always matches", { edgeId: edge.id });
      }
    } else if (kind === "always" || kind === "otherwise") {
      firstUnconditional.set(edge.source, byId.get(edge.target));
    }
  });

  flow.nodes.forEach((node, i) => {
    const unused = outcomesOf(node).length > 0 && !flow.edges.some((e) => e.source === node.id && e.data.when?.kind === "outcome");
    if (unused && byId.get(node.id) === node) {
      warn(`nodes[${i}].data.outcomes`, `no edge routes on ${node.data.name}'s outcomes, so what is picked does not change the path; add an outcome edge`, {
        nodeId: node.id,
      });
    }
    if (node.type !== "end" && byId.get(node.id) === node && !routed.has(node.id)) {
      err(`nodes[${i}]`, `"${node.data.name}" has no outgoing edge`, { nodeId: node.id });
    }
  });

  if (starts.length === 1) {
    const reached = walk([starts[0]!.id], out);
    flow.nodes.forEach((node, i) => {
      if (!reached.has(node.id)) err(`nodes[${i}]`, `"${node.data.name}" cannot be reached from the start`, { nodeId: node.id });
    });
  }
  const into = new Map<string, string[]>();
  for (const [from, tos] of out) for (const to of tos) append(into, to, from);
  const ends = flow.nodes.filter((n) => n.type === "end").map((n) => n.id);
  if (ends.length > 0) {
    const canFinish = walk(ends, into);
    flow.nodes.forEach((node, i) => {
      if (byId.get(node.id) === node && !canFinish.has(node.id) && out.get(node.id)?.length) {
        err(`nodes[${i}]`, `no path from "${node.data.name}" leads to an end node`, { nodeId: node.id });
      }
    });
  }
  return problems;
}

// In place: copying the list on each edge made a node with thousands of edges quadratic.
function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function walk(from: string[], next: Map<string, string[]>): Set<string> {
  const seen = new Set(from);
  const stack = [...from];
  while (stack.length) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
