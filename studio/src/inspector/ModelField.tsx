// The model picker: the server's models grouped by provider, with prices, or any "provider/model"
// typed in (Other…). The typed reference is the field's value; the list only fills it in.
import { useRef, useState } from "react";
import { useModels } from "../api/useModels.js";
import { Field } from "./fields.js";
import { isListed, modelGroups, modelNote } from "./modelChoices.js";

const OTHER = "other";
const TYPED = "provider/model";

interface ModelFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** Said after the note on the chosen model. */
  hint?: string;
  /** What an empty value means. */
  placeholder?: string;
}

export function ModelField({ label, value, onChange, error, hint, placeholder = TYPED }: ModelFieldProps) {
  const models = useModels();
  const [typing, setTyping] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const note = modelNote(models, value);
  const choice = typing || (value.trim() !== "" && !isListed(models, value)) ? OTHER : value;
  const pick = (picked: string) => {
    setTyping(picked === OTHER);
    if (picked === OTHER) input.current?.focus();
    else onChange(picked);
  };
  return (
    <Field label={label} hint={hint ? `${note} ${hint}` : note} error={error}>
      {(id, describedBy) => (
        <div className="model-field">
          <select className="input" aria-label="Choose from the list" value={choice} aria-describedby={describedBy} onChange={(e) => pick(e.target.value)}>
            <option value="">{placeholder === TYPED ? "Choose…" : placeholder}</option>
            {models &&
              modelGroups(models).map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.text}
                    </option>
                  ))}
                </optgroup>
              ))}
            <option value={OTHER}>Other…</option>
          </select>
          <input
            ref={input}
            id={id}
            className="input mono"
            value={value}
            placeholder={placeholder}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
          />
        </div>
      )}
    </Field>
  );
}
