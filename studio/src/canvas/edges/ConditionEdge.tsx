// An edge with its condition and its place among its siblings ("2 · otherwise"). Edges that
// go back (a loop to an earlier node) bend below the graph, so they never hide the forward edge.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStoreApi, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { edgeLabel, type CanvasEdge } from "../../flow/reactflow.js";
import { useEdgeRunClass } from "../../run-view/useEdgeRunClass.js";
import { useValidation } from "../validation.js";
import { markerFor } from "./markers.js";

function loopBack(sx: number, sy: number, tx: number, ty: number): [string, number, number] {
  const dip = 90 + Math.abs(sx - tx) * 0.12;
  const path = `M${sx},${sy} C${sx + 90},${sy + dip} ${tx - 90},${ty + dip} ${tx},${ty}`;
  return [path, (sx + tx) / 2, (sy + ty) / 2 + 0.75 * dip];
}

export const ConditionEdge = memo(function ConditionEdge(props: EdgeProps<CanvasEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const severity = useValidation((c) => c.edges.get(id));
  const runClass = useEdgeRunClass(id);
  const flowStore = useStoreApi();
  const [path, labelX, labelY] =
    targetX < sourceX
      ? loopBack(sourceX, sourceY, targetX, targetY)
      : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const label = data ? edgeLabel(data) : "";
  // A problem shows as a dashed red/amber line; selection as the accent colour, over either.
  const look = `edge-${severity ?? "plain"}${selected ? " is-selected" : ""}`;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerFor(selected ? "selected" : (severity ?? "plain"))} className={`edge ${look} ${runClass}`} interactionWidth={16} />
      {label && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label ${look} nodrag nopan`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            // Selects the edge as clicking its line does (React Flow reports it to the canvas's owner).
            onClick={() => flowStore.getState().elementsSelectable && flowStore.getState().addSelectedEdges([id])}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
