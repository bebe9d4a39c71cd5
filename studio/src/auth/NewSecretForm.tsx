// The form that makes a named secret (an API token, a deployment key): its name, checked before
// sending, a refusal said on the field, and "Make …".
import { useState } from "react";
import { Field } from "./Field.js";
import { useFieldSubmit } from "./useFieldSubmit.js";

interface Props {
  /** "token", "key": names the form, its field and its button. */
  noun: string;
  placeholder: string;
  className: string;
  /** The name's problem, or null. */
  check: (name: string) => string | null;
  /** Makes it with the trimmed name (and shows it). */
  make: (name: string) => Promise<void>;
}

export function NewSecretForm({ noun, placeholder, className, check, make }: Props) {
  const [name, setName] = useState("");
  const id = `${noun}-name`;
  const { error, busy, submit } = useFieldSubmit(id, () => check(name), async () => {
    await make(name.trim());
    setName("");
  });
  return (
    <form className={className} aria-label={`New ${noun}`} onSubmit={(e) => void submit(e)} noValidate>
      <Field id={id} label={`New ${noun}'s name`} placeholder={placeholder} error={error} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Making…" : `Make ${noun}`}
      </button>
    </form>
  );
}
