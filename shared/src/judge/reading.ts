// What the judge works with: the outcomes a node declares (flow.ts) and how a reply was read.
import type { Outcome } from "../flow.js";

export type { Outcome };
/** How a reply was read. outcome null: not confident (ambiguous, or no outcome fits) — a person must pick. */
export interface Reading { outcome: string | null; reason: string; confidence: number }
