// How the judge read a reply (the outcomes it chooses among are flow.ts's Outcome).

/** How a reply was read. outcome null: not confident (ambiguous, or no outcome fits) — a person must pick. */
export interface Reading { outcome: string | null; reason: string; confidence: number }
