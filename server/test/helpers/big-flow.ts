// A flow at every size limit at once, shaped for the costly paths: one node with thousands
// of edges, the most regex edges, each pattern as large as allowed. Valid, so it can run.
import { FLOW_LIMITS, FLOW_SCHEMA_VERSION } from "@tandem/shared";

export function flowAtLimits(): Record<string, unknown> {
  const agents = FLOW_LIMITS.nodes - 2;
  const nodes: unknown[] = [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
    { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } },
  ];
  for (let i = 0; i < agents; i++) {
    nodes.push({ id: `agent-${i}`, type: "agent", position: { x: i * 10, y: i * 5 }, data: { name: `agent ${i}`, model: "scripted/demo", systemMessage: "Write one line." } });
  }
  // The hub's conditional edges come first, so its plain chain edge is not shadowed.
  const hub: unknown[] = [];
  const fromHub = FLOW_LIMITS.edges - (agents + 1);
  for (let i = 0; i < fromHub; i++) {
    const when =
      i < FLOW_LIMITS.patterns
        ? { kind: "regex", value: `^${i}[a-z]{${FLOW_LIMITS.patternSteps - 10}}` }
        : { kind: "contains", value: `word ${i}` };
    hub.push({ id: `hub-${i}`, source: "agent-0", target: `agent-${1 + (i % (agents - 1))}`, data: { when } });
  }
  const chain: unknown[] = [{ id: "chain-start", source: "start", target: "agent-0" }];
  for (let i = 0; i < agents; i++) chain.push({ id: `chain-${i}`, source: `agent-${i}`, target: i === agents - 1 ? "end" : `agent-${i + 1}` });
  return { schemaVersion: FLOW_SCHEMA_VERSION, name: "At the limits", maxSteps: 100, nodes, edges: [...hub, ...chain] };
}
