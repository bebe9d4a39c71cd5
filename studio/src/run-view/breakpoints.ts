// Breakpoints: the nodes the next run of a flow pauses before. They belong to the person
// debugging, not to the flow, so they are kept in this browser per flow, not in the document.
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

interface Breakpoints {
  /** The flow open in the editor; null where breakpoints cannot be set (no editor). */
  flowId: string | null;
  ids: ReadonlySet<string>;
}

const store = createStore<Breakpoints>()(() => ({ flowId: null, ids: new Set() }));
const key = (flowId: string) => `tandem.breakpoints.${flowId}`;

function read(flowId: string): Set<string> {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(key(flowId)) ?? "[]");
    return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : []);
  } catch {
    return new Set();
  }
}

/** Shows the breakpoints of this flow (null: none can be set) until the next call. */
export function openBreakpoints(flowId: string | null) {
  store.setState({ flowId, ids: flowId ? read(flowId) : new Set() });
}

export function toggleBreakpoint(nodeId: string) {
  const { flowId, ids } = store.getState();
  if (!flowId) return;
  const next = new Set(ids);
  if (!next.delete(nodeId)) next.add(nodeId);
  localStorage.setItem(key(flowId), JSON.stringify([...next]));
  store.setState({ ids: next });
}

export function clearBreakpoints() {
  const { flowId } = store.getState();
  if (flowId) localStorage.removeItem(key(flowId));
  store.setState({ ids: new Set() });
}

/** The breakpoints on nodes that exist (a deleted node's breakpoint is not sent). */
export function breakpointsIn(nodeIds: readonly string[]): string[] {
  const { ids } = store.getState();
  return nodeIds.filter((id) => ids.has(id));
}

/** undefined where breakpoints cannot be set; otherwise whether this node has one. */
export function useBreakpoint(nodeId: string): boolean | undefined {
  return useStore(store, (s) => (s.flowId ? s.ids.has(nodeId) : undefined));
}

export function useBreakpointCount(): number {
  return useStore(store, (s) => s.ids.size);
}
