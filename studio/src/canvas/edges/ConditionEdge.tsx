// An edge with its condition and its place among its siblings ("2 · otherwise"), and in a run
// how many times it was taken. Edges that go back (a loop to an earlier node) bend below the
// graph, so they never hide the forward edge. The label stays whole: it is placed along the edge
// clear of nodes (route.ts), drawn above them, and its title gives the full condition.
import { BaseEdge, EdgeLabelRenderer, useStore, useStoreApi, type EdgeProps, type ReactFlowState } from "@xyflow/react";
import { memo, useCallback } from "react";
import { conditionLabel } from "@tandem/shared";
import { edgeLabel, labelSize, type CanvasEdge, type EdgeView } from "../../flow/reactflow.js";
import { useEdgeRun } from "../../run-view/useEdgeRun.js";
import { useValidation } from "../validation.js";
import { LARGE_FLOW } from "../viewport.js";
import { markerFor } from "./markers.js";
import { curvePath, edgeCurve, placeLabel, type Box } from "./route.js";

const NO_BOXES: Box[] = [];
const sameBoxes = (a: readonly Box[], b: readonly Box[]) =>
  a.length === b.length && a.every((x, i) => x.x === b[i]!.x && x.y === b[i]!.y && x.width === b[i]!.width && x.height === b[i]!.height);

/** The nodes whose box meets `area`; none in a big flow, where this would cost every edge a pass over every node per frame. */
function boxesIn(s: ReactFlowState, area: Box): Box[] {
  if (s.nodeLookup.size > LARGE_FLOW) return NO_BOXES;
  const out: Box[] = [];
  for (const n of s.nodeLookup.values()) {
    const { x, y } = n.internals.positionAbsolute;
    const width = n.measured.width ?? 0;
    const height = n.measured.height ?? 0;
    if (x < area.x + area.width && area.x < x + width && y < area.y + area.height && area.y < y + height) out.push({ x, y, width, height });
  }
  return out.length ? out : NO_BOXES;
}

function timesLabel(n: number): string {
  return n === 1 ? "Taken once" : `Taken ${n} times`;
}

/** The full condition, the order routing tries it in, and how often the run took it. */
function titleOf(data: EdgeView | undefined, taken: number): string {
  const parts = [`Condition: ${conditionLabel(data?.when) || "always"}`];
  if (data && data.siblings > 1) parts.push(`tried ${data.order} of ${data.siblings}`);
  if (taken > 0) parts.push(timesLabel(taken));
  return parts.join(" · ");
}

export const ConditionEdge = memo(function ConditionEdge(props: EdgeProps<CanvasEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, data, selected } = props;
  const severity = useValidation((c) => c.edges.get(id));
  const run = useEdgeRun(id);
  const flowStore = useStoreApi();
  const curve = edgeCurve({ x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  const label = data ? edgeLabel(data) : "";
  const count = run.taken > 0 ? `${run.taken}×` : "";
  const text = [label, count].filter(Boolean).join("  ");
  const size = labelSize(text);
  // The nodes near the edge are what its label must keep clear of.
  const pad = size.width + 120;
  const left = Math.min(sourceX, targetX, curve.c1.x, curve.c2.x) - pad;
  const top = Math.min(sourceY, targetY, curve.c1.y, curve.c2.y) - pad;
  const right = Math.max(sourceX, targetX, curve.c1.x, curve.c2.x) + pad;
  const bottom = Math.max(sourceY, targetY, curve.c1.y, curve.c2.y) + pad;
  const near = useStore(
    useCallback((s: ReactFlowState) => boxesIn(s, { x: left, y: top, width: right - left, height: bottom - top }), [left, top, right, bottom]),
    sameBoxes,
  );
  const place = text ? placeLabel(curve, size, near) : null;
  // A problem shows as a dashed red/amber line, a fallback edge (on error, on stuck) as a dashed
  // line in the danger colour; selection as the accent colour, over any of them.
  const fallback = data?.when?.kind === "error" || data?.when?.kind === "stuck";
  const look = `edge-${severity ?? (fallback ? "fallback" : "plain")}${selected ? " is-selected" : ""}`;
  return (
    <>
      <BaseEdge id={id} path={curvePath(curve)} markerEnd={markerFor(selected ? "selected" : (severity ?? (fallback ? "error" : "plain")))} className={`edge ${look} ${run.className}`} interactionWidth={16} />
      {place && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label ${look}${run.taken > 0 ? " is-taken" : ""} nodrag nopan`}
            style={{ transform: `translate(-50%, -50%) translate(${place.x}px, ${place.y}px)` }}
            title={titleOf(data, run.taken)}
            data-edge={id}
            data-on-line={place.onLine}
            // Selects the edge as clicking its line does (React Flow reports it to the canvas's owner).
            onClick={() => flowStore.getState().elementsSelectable && flowStore.getState().addSelectedEdges([id])}
          >
            {label}
            {count && (
              <span className="edge-count" aria-label={timesLabel(run.taken)}>
                {count}
              </span>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
