// The frame every node kind shares: handles, header with icon and kind, name, problem mark,
// and the node's part in the run in view (status, visits, breakpoint: run-view/NodeRunMark).
import type { NodeKind } from "@tandem/shared";
import { Handle, Position } from "@xyflow/react";
import type { ReactNode } from "react";
import { KIND_LABEL } from "../../flow/reactflow.js";
import { NodeRunMark, useNodeRunClass } from "../../run-view/NodeRunMark.js";
import { ErrorIcon, WarningIcon } from "../../ui/icons.js";
import { useValidation } from "../validation.js";

interface Props {
  id: string;
  kind: NodeKind;
  name: string;
  selected: boolean;
  icon: ReactNode;
  /** Shown instead of the kind in the header, e.g. "Person in the loop". */
  badge?: string;
  children?: ReactNode;
}

export function NodeFrame({ id, kind, name, selected, icon, badge, children }: Props) {
  const severity = useValidation((c) => c.nodes.get(id));
  const runClass = useNodeRunClass(id);
  const className = ["node", `node-${kind}`, selected ? "is-selected" : "", severity ? `has-${severity}` : "", runClass].join(" ");
  return (
    <div className={className}>
      {kind !== "start" && <Handle type="target" position={Position.Left} className="handle" title={`Input of ${name}`} />}
      <div className="node-head">
        <span className="node-icon">{icon}</span>
        <span className="node-kind">{badge ?? KIND_LABEL[kind]}</span>
        {severity && (
          <span className={`node-flag node-flag-${severity}`} role="img" aria-label={severity === "error" ? "has errors" : "has warnings"}>
            {severity === "error" ? <ErrorIcon size={14} /> : <WarningIcon size={14} />}
          </span>
        )}
      </div>
      <div className="node-name">{name}</div>
      {children}
      <NodeRunMark id={id} name={name} />
      {kind !== "end" && <Handle type="source" position={Position.Right} className="handle" title={`Output of ${name}`} />}
    </div>
  );
}
