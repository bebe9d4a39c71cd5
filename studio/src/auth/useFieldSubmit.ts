// A form with one field that matters (a token's name, a role's name): its rule checked before
// sending, a refusal said on the field, and focus put there either way.
import { useState, type FormEvent } from "react";

export function useFieldSubmit(fieldId: string, check: () => string | null, send: () => Promise<void>) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = check();
    setError(problem ?? undefined);
    if (problem) return document.getElementById(fieldId)?.focus();
    setBusy(true);
    try {
      await send();
    } catch (err) {
      setError((err as Error).message);
      document.getElementById(fieldId)?.focus();
    } finally {
      setBusy(false);
    }
  };

  return { error, busy, submit };
}
