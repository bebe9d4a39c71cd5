// Small form controls of the inspector. Each reports every change at once (the document store
// merges a field's keystrokes into one undo step), and shows the problem found in its field.
import { useEffect, useId, useState, type ReactNode } from "react";

interface FieldProps {
  label: string;
  hint?: string;
  error?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children(id, hint || error ? noteId : undefined)}
      {(error || hint) && (
        <p id={noteId} className={error ? "field-error" : "field-hint"}>
          {error ?? hint}
        </p>
      )}
    </div>
  );
}

interface TextProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  placeholder?: string;
  mono?: boolean;
}

export function TextInput({ label, value, onChange, hint, error, placeholder, mono }: TextProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <input
          id={id}
          className={mono ? "input mono" : "input"}
          value={value}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          spellCheck={!mono}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function TextArea({ label, value, onChange, hint, error, placeholder, rows = 4, mono }: TextProps & { rows?: number }) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <textarea
          id={id}
          className={mono ? "input mono" : "input"}
          value={value}
          rows={rows}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

interface NumberProps {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  hint?: string;
  error?: string;
  placeholder?: string;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  /** When false, an empty box is not applied (the field needs a value). */
  optional?: boolean;
  /** What is wrong with a typed number the field does not take; such a number is not applied. */
  check?: (n: number) => string | undefined;
}

function numberProblem(text: string, { optional = true, integer, min, max, check }: Pick<NumberProps, "optional" | "integer" | "min" | "max" | "check">): string | undefined {
  if (text.trim() === "") return optional ? undefined : "expected a number";
  const n = Number(text);
  if (!Number.isFinite(n)) return "expected a number";
  if (integer && !Number.isInteger(n)) return "expected a whole number";
  // Said here rather than left to the flow's check, so the box says it in words as it is typed.
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    const [low, high] = [min, max].map((v) => v?.toLocaleString("en-US"));
    if (low !== undefined && high !== undefined) return `expected ${low} to ${high}`;
    return low !== undefined ? `expected ${low} or more` : `expected at most ${high}`;
  }
  return check?.(n);
}

/** A number that may be left empty (undefined). Keeps what is typed ("0.") while it means the same number. */
export function NumberInput({ label, value, onChange, hint, error, placeholder, min, max, step, integer, optional = true, check }: NumberProps) {
  const [text, setText] = useState(value === undefined ? "" : String(value));
  useEffect(() => {
    // Undo, redo or the JSON view changed the value: show it, unless the text already says it.
    setText((t) => ((t.trim() === "" ? undefined : Number(t)) === value ? t : value === undefined ? "" : String(value)));
  }, [value]);
  const rules = { optional, integer, min, max, check };
  const problem = numberProblem(text, rules);
  const apply = (raw: string) => {
    setText(raw);
    if (numberProblem(raw, rules)) return;
    onChange(raw.trim() === "" ? undefined : Number(raw));
  };
  return (
    <Field label={label} hint={hint} error={problem ?? error}>
      {(id, describedBy) => (
        <input
          id={id}
          className="input"
          type="number"
          inputMode={integer ? "numeric" : "decimal"}
          value={text}
          min={min}
          max={max}
          step={step ?? (integer ? 1 : "any")}
          placeholder={placeholder}
          aria-invalid={problem || error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => apply(e.target.value)}
        />
      )}
    </Field>
  );
}

export function Checkbox({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>
        {label}
        {hint && <span className="field-hint"> — {hint}</span>}
      </label>
    </div>
  );
}

export function Select<T extends string>({ label, value, options, onChange, hint, error }: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: string;
  error?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <select id={id} className="input" value={value} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
