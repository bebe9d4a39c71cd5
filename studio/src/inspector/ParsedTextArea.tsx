// A text box over a value that is typed as text and read back (JSON, "Name: value" lines): what
// is typed is applied once it reads as a value, and kept, with why it does not, while it does not.
import { Field } from "./fields.js";
import { useDraft } from "./useDraft.js";

interface Props<T> {
  label: string;
  value: T;
  format: (value: T) => string;
  parse: (text: string) => { value: T } | { error: string };
  onChange: (value: T) => void;
  /** A problem of the value itself (shown when the text reads). */
  error?: string;
  hint?: string;
  placeholder?: string;
  rows?: number;
}

export function ParsedTextArea<T>({ label, value, format, parse, onChange, error, hint, placeholder, rows = 3 }: Props<T>) {
  const [text, setText] = useDraft(value, format, (t, v) => {
    const read = parse(t);
    return "value" in read && format(read.value) === format(v);
  });
  const read = parse(text);
  const problem = "error" in read ? read.error : error;
  return (
    <Field label={label} hint={hint} error={problem}>
      {(id, describedBy) => (
        <textarea
          id={id}
          className="input mono"
          rows={rows}
          spellCheck={false}
          value={text}
          placeholder={placeholder}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setText(e.target.value);
            const next = parse(e.target.value);
            if ("value" in next) onChange(next.value);
          }}
        />
      )}
    </Field>
  );
}
