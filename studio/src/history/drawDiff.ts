// Two versions of a flow as one drawing: the newer flow, with what the older one had and the
// newer lacks put back as ghosts, and a mark per node and edge (added, removed, changed) for
// the canvas to colour. Also how a changed field reads in the side-by-side list.
import { conditionLabel, diffFlows, type EdgeCondition, type Flow, type FlowDiff } from "@tandem/shared";

export type Mark = "added" | "removed" | "changed";

export interface DiffDrawing {
  diff: FlowDiff;
  /** The flow drawn: the newer version plus the older one's removed nodes and edges. */
  flow: Flow;
  nodes: ReadonlyMap<string, Mark>;
  edges: ReadonlyMap<string, Mark>;
}

export function drawDiff(older: Flow, newer: Flow): DiffDrawing {
  const diff = diffFlows(older, newer);
  const marks = (added: { id: string }[], removed: { id: string }[], changed: { id: string }[]) =>
    new Map<string, Mark>([
      ...added.map((x) => [x.id, "added"] as const),
      ...removed.map((x) => [x.id, "removed"] as const),
      ...changed.map((x) => [x.id, "changed"] as const),
    ]);
  return {
    diff,
    flow: { ...newer, nodes: [...newer.nodes, ...diff.nodes.removed], edges: [...newer.edges, ...diff.edges.removed] },
    nodes: marks(diff.nodes.added, diff.nodes.removed, diff.nodes.changed),
    edges: marks(diff.edges.added, diff.edges.removed, diff.edges.changed),
  };
}

/** Fields whose document name does not read well split into words. */
const LABELS: Record<string, string> = { when: "Condition", maxSteps: "Step limit", httpTools: "HTTP tools", type: "Kind" };

/** "systemMessage" → "System message". */
export function fieldLabel(field: string): string {
  const words = LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's value as text: a condition as the canvas labels it, text as it is, anything else as JSON. */
export function fieldText(field: string, value: unknown): string {
  if (value === undefined || value === null) return "(not set)";
  if (field === "when") return conditionLabel(value as EdgeCondition) || "always";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (typeof value !== "object") return String(value);
  return JSON.stringify(value, null, 2);
}
