// The problems of one node or edge, and the one that belongs under a given field.
import type { Problem } from "@tandem/shared";
import { useMemo } from "react";
import { useValidation } from "../canvas/validation.js";

export function useElementProblems(kind: "node" | "edge", id: string): Problem[] {
  const problems = useValidation((c) => c.problems);
  return useMemo(() => problems.filter((p) => (kind === "node" ? p.nodeId : p.edgeId) === id), [problems, kind, id]);
}

/** The message of the first problem whose path ends in `field` ("data.model", "data.when.value"). */
export function fieldError(problems: readonly Problem[], field: string): string | undefined {
  return problems.find((p) => p.path.endsWith(`.${field}`) || p.path.includes(`.${field}[`))?.message;
}
