// One component per node kind; React Flow picks by the node's `type`.
import type { NodeKind } from "@tandem/shared";
import type { NodeTypes } from "@xyflow/react";
import { AgentNode } from "./AgentNode.js";
import { EndNode } from "./EndNode.js";
import { HumanNode } from "./HumanNode.js";
import { StartNode } from "./StartNode.js";

export const nodeTypes = { start: StartNode, agent: AgentNode, human: HumanNode, end: EndNode } satisfies Record<NodeKind, unknown> as NodeTypes;
