// What the judge works with: the outcomes a node declares and how a reply was read.

/** An outcome a node declares: what the reply can mean, e.g. { name: "revise", description: "asks for changes" }. */
export interface Outcome { name: string; description: string }
/** How a reply was read. outcome null: not confident (ambiguous, or no outcome fits) — a person must pick. */
export interface Reading { outcome: string | null; reason: string; confidence: number }
