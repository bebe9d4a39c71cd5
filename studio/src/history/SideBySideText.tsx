// One side of a changed text, side by side with the other: the older side marks the words
// taken out, the newer side the words put in, and each reads as its own version's text.
import { wordDiff } from "../run/wordDiff.js";

export function SideBySideText({ before, after, side }: { before: string; after: string; side: "before" | "after" }) {
  const hidden = side === "before" ? "added" : "removed";
  return (
    <span className="text-change">
      {wordDiff(before, after)
        .filter((piece) => piece.kind !== hidden)
        .map((piece, i) => (piece.kind === "removed" ? <del key={i}>{piece.text}</del> : piece.kind === "added" ? <ins key={i}>{piece.text}</ins> : <span key={i}>{piece.text}</span>))}
    </span>
  );
}
