// What a person changed in a message: the words taken out and put in, in reading order.
import { diff } from "./diff.js";

export interface WordChange {
  kind: "same" | "removed" | "added";
  text: string;
}

export function wordDiff(before: string, after: string): WordChange[] {
  // Whitespace is kept as its own token so the pieces join back into the two texts.
  const tokens = (s: string) => s.split(/(\s+)/).filter(Boolean);
  const out: WordChange[] = [];
  for (const op of diff(tokens(before), tokens(after), (x, y) => x === y)) {
    const text = op.kind === "added" ? op.b : op.a;
    const last = out[out.length - 1];
    if (last?.kind === op.kind) last.text += text;
    else out.push({ kind: op.kind, text });
  }
  return out;
}
