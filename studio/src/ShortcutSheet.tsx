// The `?` sheet: every keyboard shortcut of the studio in one list, opened by `?` anywhere
// except while typing. The keys are read from where they are handled (the run keys' titles).
import { useEffect, useRef, useState } from "react";
import { RUN_KEYS } from "./run-view/labels.js";
import { isTyping, MOD } from "./ui/keys.js";

const GROUPS: { title: string; keys: [string, string][] }[] = [
  { title: "Anywhere", keys: [["?", "Show this list"]] },
  {
    title: "Editor",
    keys: [
      [`${MOD}S`, "Save"],
      [`${MOD}Z`, "Undo"],
      [`${MOD}Shift+Z, ${MOD}Y`, "Redo"],
      [`${MOD}C, ${MOD}X, ${MOD}V`, "Copy, cut, paste the selection"],
      [`${MOD}A`, "Select all"],
      ["Delete, Backspace", "Delete the selection"],
      ["Escape", "Clear the selection"],
    ],
  },
  {
    title: "Runs",
    keys: [
      [RUN_KEYS.run, "Run the flow (in the editor)"],
      [RUN_KEYS.pauseOrContinue, "Pause, or continue"],
      [RUN_KEYS.step, "Step to the next node"],
      [RUN_KEYS.cancel, "Cancel the run"],
    ],
  },
  {
    title: "Replay timeline (when focused)",
    keys: [
      ["← →", "Previous, next event"],
      ["Shift+← →", "Ten events back, forward"],
      ["PageUp, PageDown", "Previous, next node visit"],
      ["Home, End", "First, last event"],
      ["Space", "Play, pause"],
    ],
  },
];

export function ShortcutSheet() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);

  return (
    <dialog ref={ref} className="dialog shortcut-sheet" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)}>
      {open && (
        <form method="dialog">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          {GROUPS.map((group) => (
            <section key={group.title} aria-label={group.title}>
              <h3>{group.title}</h3>
              <dl>
                {group.keys.map(([keys, what]) => (
                  <div key={keys} className="shortcut">
                    <dt>
                      <kbd>{keys}</kbd>
                    </dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
          <div className="dialog-actions">
            <button type="submit" className="btn btn-primary" autoFocus>
              Close
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
