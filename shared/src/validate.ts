// Graph rules beyond the document's shape. The studio (live, as you edit) and the server
// (before any run) call this same function, so both show the same problems.
import type { Flow, FlowNode } from "./flow.js";
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
    if (node.type === "human") {
      const { choices, defaultChoice, timeoutSeconds, allowText, allowEdit } = node.data;
      if (defaultChoice !== undefined && !choices.includes(defaultChoice)) {
        err(`${at}.data.defaultChoice`, `default choice "${defaultChoice}" is not one of the choices`, ids);
      }
      if (timeoutSeconds !== undefined && defaultChoice === undefined) {
        err(`${at}.data.defaultChoice`, "a timeout needs a default choice to take when it expires", ids);
      }
      if (choices.length === 0 && !allowText && !allowEdit) {
        err(`${at}.data.choices`, "a person must be able to answer: give choices or allow free text", ids);
      }
      if (new Set(choices.map((c) => c.toLowerCase())).size !== choices.length) {
        err(`${at}.data.choices`, "choices must be different from each other", ids);
      }
    }
  });

  const edgeIds = new Set<string>();
  const out = new Map<string, string[]>();
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
    const when = edge.data.when;
    if (when?.kind === "choice" && source) {
      if (source.type !== "human") err(`${at}.data.when`, "a choice condition needs a human node as its source", ids);
      else if (!source.data.choices.some((c) => c.toLowerCase() === when.value.toLowerCase())) {
        err(`${at}.data.when.value`, `"${when.value}" is not one of ${source.data.name}'s choices`, ids);
      }
    }
    if (source && target) append(out, edge.source, edge.target);
  });

  // Edges after an unconditional one from the same node are taken only once its target is out of visits.
  const firstUnconditional = new Map<string, FlowNode | undefined>();
  flow.edges.forEach((edge, i) => {
    const kind = edge.data.when?.kind ?? "always";
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
    if (node.type !== "end" && byId.get(node.id) === node && !(out.get(node.id)?.length)) {
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
