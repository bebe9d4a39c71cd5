// What a person changed in a message they edited in place (or in a tool call's arguments):
// removed words struck, added marked.
import { wordDiff } from "./wordDiff.js";

export function EditDiff({ original, content, label = "Changes made in review" }: { original: string; content: string; label?: string }) {
  return (
    <p className="edit-diff" aria-label={label}>
      {wordDiff(original, content).map((piece, i) =>
        piece.kind === "removed" ? <del key={i}>{piece.text}</del> : piece.kind === "added" ? <ins key={i}>{piece.text}</ins> : <span key={i}>{piece.text}</span>,
      )}
    </p>
  );
}
