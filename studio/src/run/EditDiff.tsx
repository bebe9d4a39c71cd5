// What a person changed in a message they edited in place: removed words struck, added marked.
import { wordDiff } from "./wordDiff.js";

export function EditDiff({ original, content }: { original: string; content: string }) {
  return (
    <p className="edit-diff" aria-label="Changes made in review">
      {wordDiff(original, content).map((piece, i) =>
        piece.kind === "removed" ? <del key={i}>{piece.text}</del> : piece.kind === "added" ? <ins key={i}>{piece.text}</ins> : <span key={i}>{piece.text}</span>,
      )}
    </p>
  );
}
