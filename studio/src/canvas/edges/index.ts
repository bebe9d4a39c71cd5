import type { EdgeTypes } from "@xyflow/react";
import { ConditionEdge } from "./ConditionEdge.js";

export const edgeTypes = { condition: ConditionEdge } as EdgeTypes;
