// Two runs' transcripts side by side: rows that say the same, rows where they differ, and
// messages only one of them has. Forks of a run share its beginning, so the first difference is
// usually where the fork went another way.
import type { TranscriptMessage } from "@tandem/shared";
import { diff } from "../run/diff.js";

export type CompareRow =
  | { kind: "same"; left: TranscriptMessage; right: TranscriptMessage }
  | { kind: "changed"; left: TranscriptMessage; right: TranscriptMessage }
  | { kind: "left"; left: TranscriptMessage }
  | { kind: "right"; right: TranscriptMessage };

const sameMessage = (x: TranscriptMessage, y: TranscriptMessage) => x.name === y.name && x.role === y.role && x.content === y.content;

export function compareTranscripts(left: readonly TranscriptMessage[], right: readonly TranscriptMessage[]): CompareRow[] {
  const rows: CompareRow[] = [];
  let removed: TranscriptMessage[] = [];
  let added: TranscriptMessage[] = [];
  // A run of removals next to a run of additions reads best as messages that changed, pairwise.
  const flush = () => {
    const paired = Math.min(removed.length, added.length);
    for (let i = 0; i < paired; i++) rows.push({ kind: "changed", left: removed[i]!, right: added[i]! });
    for (const m of removed.slice(paired)) rows.push({ kind: "left", left: m });
    for (const m of added.slice(paired)) rows.push({ kind: "right", right: m });
    removed = [];
    added = [];
  };
  for (const op of diff(left, right, sameMessage)) {
    if (op.kind === "removed") removed.push(op.a);
    else if (op.kind === "added") added.push(op.b);
    else {
      flush();
      rows.push({ kind: "same", left: op.a, right: op.b });
    }
  }
  flush();
  return rows;
}

/** The index of the first row where the runs differ, or -1 when they say the same. */
export function firstDifference(rows: readonly CompareRow[]): number {
  return rows.findIndex((r) => r.kind !== "same");
}
