// New documents and new nodes with sensible defaults, so a dropped node is usable at once.
import { FLOW_SCHEMA_VERSION, type Flow, type FlowNode, type NodeKind } from "@tandem/shared";
import { numberedId, takenNodeIds, uniqueId } from "./ids.js";

export const DEFAULT_MODEL = "openai/gpt-4o-mini";

/** What a new person's answer can mean. */
const NEW_HUMAN_OUTCOMES = [
  { name: "approve", description: "the work is accepted as it is" },
  { name: "revise", description: "changes are needed before it is accepted" },
];

export function blankFlow(name = "Untitled flow"): Flow {
  return { schemaVersion: FLOW_SCHEMA_VERSION, name, maxSteps: 100, nodes: [], edges: [] };
}

export function createNode(kind: NodeKind, position: { x: number; y: number }, flow: Flow): FlowNode {
  const ids = takenNodeIds(flow);
  const names = new Set(flow.nodes.map((n) => n.data.name));
  const at = { x: Math.round(position.x), y: Math.round(position.y) };
  switch (kind) {
    case "start": {
      const id = uniqueId("user", ids);
      return { id, type: "start", position: at, data: { name: uniqueId("user", names) } };
    }
    case "agent": {
      const id = numberedId("agent", new Set([...ids, ...names]));
      return { id, type: "agent", position: at, data: { name: id, model: DEFAULT_MODEL, systemMessage: "" } };
    }
    case "human": {
      const id = numberedId("human", new Set([...ids, ...names]));
      return {
        id,
        type: "human",
        position: at,
        data: { name: id, instructions: "", outcomes: NEW_HUMAN_OUTCOMES.map((o) => ({ ...o })), allowText: true, allowEdit: false },
      };
    }
    case "end": {
      const id = uniqueId("end", ids);
      return { id, type: "end", position: at, data: { name: uniqueId("end", names) } };
    }
  }
}
