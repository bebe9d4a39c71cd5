// The message for the next save, typed beside Save: what changed and why, kept in the
// flow's history. Enter saves.
import { MAX_VERSION_MESSAGE } from "@tandem/shared";
import { setMessage, useHistoryState } from "./store.js";

export function SaveMessage({ onSave, disabled }: { onSave: () => void; disabled: boolean }) {
  const message = useHistoryState((s) => s.message);
  return (
    <input
      className="save-message"
      type="text"
      value={message}
      maxLength={MAX_VERSION_MESSAGE}
      placeholder="What changed? (optional)"
      aria-label="Save message"
      disabled={disabled}
      onChange={(e) => setMessage(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          onSave();
        }
      }}
    />
  );
}
