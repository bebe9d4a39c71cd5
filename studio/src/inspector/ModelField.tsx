// The model picker: the server's models as suggestions, or any "provider/model" typed in.
import { useId } from "react";
import { useModels } from "../api/useModels.js";
import { TextInput } from "./fields.js";

interface ModelFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** Said after the offline note or the usual one. */
  hint?: string;
  placeholder?: string;
}

export function ModelField({ label, value, onChange, error, hint, placeholder = "provider/model" }: ModelFieldProps) {
  const models = useModels();
  const listId = useId();
  const base = models?.offline ? "No API key: runs use the offline scripted model." : "Pick one, or type provider/model.";
  return (
    <>
      <TextInput label={label} value={value} onChange={onChange} list={listId} mono placeholder={placeholder} error={error} hint={hint ? `${base} ${hint}` : base} />
      <datalist id={listId}>
        {models?.models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </datalist>
    </>
  );
}
