// The problems of one node or edge, and the one that belongs under a given field.
import type { Problem } from "@tandem/shared";
import { useMemo } from "react";
import { useValidation } from "../canvas/validation.js";

export function useElementProblems(kind: "node" | "edge", id: string): Problem[] {
  const problems = useValidation((c) => c.problems);
  return useMemo(() => problems.filter((p) => (kind === "node" ? p.nodeId : p.edgeId) === id), [problems, kind, id]);
}

/** Indexes written either way ("httpTools.0.url", "httpTools[0].url") read as "httpTools[0].url". */
export const normalPath = (path: string): string => path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");

/** The message of the first problem whose path ends in `field` ("data.model", "data.tools[0].ref"), or is `field` itself. */
export function fieldError(problems: readonly Problem[], field: string): string | undefined {
  return problems.find((p) => {
    const path = normalPath(p.path);
    return path === field || path.endsWith(`.${field}`) || path.includes(`.${field}[`);
  })?.message;
}

/** The message of the first problem at `path` or inside it ("httpTools[0].headers" covers "httpTools[0].headers.Authorization"). */
export function problemAt(problems: readonly Problem[], path: string): string | undefined {
  return problems.find((p) => {
    const at = normalPath(p.path);
    return at === path || at.startsWith(`${path}.`) || at.startsWith(`${path}[`);
  })?.message;
}
