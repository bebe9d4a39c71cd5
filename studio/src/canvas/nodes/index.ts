// One component per node kind; React Flow picks by the node's `type`. "missing" stands in for a
// node that edges name but the flow lacks.
import type { NodeKind } from "@tandem/shared";
import type { NodeTypes } from "@xyflow/react";
import { AgentNode } from "./AgentNode.js";
import { EndNode } from "./EndNode.js";
import { HumanNode } from "./HumanNode.js";
import { MissingNode } from "./MissingNode.js";
import { StartNode } from "./StartNode.js";

export const nodeTypes = { start: StartNode, agent: AgentNode, human: HumanNode, end: EndNode, missing: MissingNode } satisfies Record<NodeKind | "missing", unknown> as NodeTypes;
