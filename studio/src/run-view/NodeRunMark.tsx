// A node's part in the run in view, drawn on the canvas node (NodeFrame): its status and
// visits (an agent's tool calls waiting for approval, counted), the error it failed with, and
// (in the editor) its breakpoint toggle.
import { isFinished, toolCallOf, type RunState } from "@tandem/shared";
import { toggleBreakpoint, useBreakpoint } from "./breakpoints.js";
import { useRunState } from "./context.js";
import { NODE_STATUS_LABEL } from "./labels.js";

/** Tool calls of the node waiting for a person. */
const approvalsOf = (s: RunState, id: string) => s.approvals.filter((callId) => toolCallOf(s, callId)?.nodeId === id).length;

/** Classes for the node's frame: its status, and whether the run is in it or paused before it. */
export function useNodeRunClass(id: string): string {
  return useRunState((s) => {
    const node = s.nodes[id];
    if (!node) return "";
    // A call of the turn may run while another waits for a person: the node waits.
    const classes = [`node-run-${approvalsOf(s, id) > 0 ? "waiting" : node.status}`];
    if (s.active === id && !isFinished(s)) classes.push("node-run-active");
    if (s.pausedBefore === id) classes.push("node-run-paused-before");
    return classes.join(" ");
  }, "");
}

/** "1 visit", "2 visits": a count of times the run was in the node, never read as a count of outcomes. */
function visitsLabel(visits: number): string {
  return `${visits} visit${visits === 1 ? "" : "s"}`;
}

export function NodeRunMark({ id, name }: { id: string; name: string }) {
  const status = useRunState((s) => s.nodes[id]?.status ?? null, null);
  const visits = useRunState((s) => s.nodes[id]?.visits ?? 0, 0);
  const outcome = useRunState((s) => s.nodes[id]?.outcome, undefined);
  const pausedHere = useRunState((s) => s.pausedBefore === id, false);
  const error = useRunState((s) => (s.error?.nodeId === id ? s.error.message : null), null);
  const approvals = useRunState((s) => approvalsOf(s, id), 0);
  const breakpoint = useBreakpoint(id);
  const shown = pausedHere
    ? "Paused before"
    : approvals > 0
      ? `Waiting for approval · ${approvals}`
      : status && status !== "idle"
        ? NODE_STATUS_LABEL[status]
        : null;
  return (
    <>
      {breakpoint !== undefined && (
        <button
          type="button"
          className={breakpoint ? "breakpoint nodrag is-set" : "breakpoint nodrag"}
          aria-pressed={breakpoint}
          aria-label={`Breakpoint before ${name}`}
          title={breakpoint ? "Breakpoint: the next run pauses before this node (click to remove)" : "Set a breakpoint: the next run pauses before this node"}
          onClick={(e) => {
            e.stopPropagation();
            toggleBreakpoint(id);
          }}
        />
      )}
      {shown && (
        <span className={`run-mark run-mark-${pausedHere ? "paused" : approvals > 0 ? "waiting" : status}`} title={[shown, outcome && `last outcome: ${outcome}`, visitsLabel(visits)].filter(Boolean).join(", ")}>
          {status === "done" && outcome ? outcome : shown}
          {visits > 0 && <span className="run-visits">· {visitsLabel(visits)}</span>}
        </span>
      )}
      {error && (
        <p className="run-node-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
