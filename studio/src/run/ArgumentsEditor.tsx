// Editing a tool call's arguments before approving them: the JSON as text, what does not fit the
// tool's schema (each problem names the field), and, once it fits, what changed.
import { EditDiff } from "./EditDiff.js";
import { formatJson, type ReadArguments } from "./toolArguments.js";

interface Props {
  id: string;
  /** The arguments as the model gave them. */
  before: unknown;
  text: string;
  onText: (text: string) => void;
  /** `text` read against the schema (readArguments). */
  read: ReadArguments;
}

export function ArgumentsEditor({ id, before, text, onText, read }: Props) {
  const problemsId = `${id}-problems`;
  const after = read.ok ? formatJson(read.value) : undefined;
  return (
    <div className="arguments-editor">
      <label htmlFor={id} className="tool-label">
        Arguments (JSON)
      </label>
      <textarea
        id={id}
        className="input mono arguments-text"
        rows={Math.min(16, Math.max(4, text.split("\n").length + 1))}
        spellCheck={false}
        value={text}
        onChange={(e) => onText(e.target.value)}
        aria-invalid={!read.ok}
        aria-describedby={read.ok ? undefined : problemsId}
      />
      {!read.ok && (
        <ul id={problemsId} className="arguments-problems" aria-label="Problems with the arguments">
          {read.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {after !== undefined && after !== formatJson(before) && <EditDiff original={formatJson(before)} content={after} label="Changes to the arguments" />}
    </div>
  );
}
