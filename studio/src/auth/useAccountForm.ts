// The state of a form that makes an account (setup, adding a person): the draft, each field's
// problem, checked before sending and named by the server after, with focus moved to the first
// field wrong, or to the message when no field is to blame.
import { useRef, useState, type FormEvent } from "react";
import { ApiError } from "../api/client.js";
import { checkAccount, firstInvalid, type AccountDraft, type FieldErrors } from "./forms.js";

type Key = keyof AccountDraft;

/** Fields have ids `${prefix}-${key}`; `send` gets a draft without problems, and the form empties once it is done. */
export function useAccountForm(prefix: string, order: readonly Key[], empty: AccountDraft, send: (draft: AccountDraft) => Promise<void>) {
  const [draft, setDraft] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors<Key>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alert = useRef<HTMLDivElement>(null);

  const focus = (key: Key) => document.getElementById(`${prefix}-${key}`)?.focus();
  const set = (key: Key) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkAccount(draft);
    setErrors(found);
    setProblem(null);
    const first = firstInvalid(order, found);
    if (first) return focus(first);
    setBusy(true);
    try {
      await send(draft);
      setDraft(empty);
    } catch (error) {
      const message = (error as Error).message;
      // The server names the field in `path` when it can ("username": taken).
      const named = error instanceof ApiError ? error.path?.split(/[./]/).pop() : undefined;
      const field = order.find((k) => k === named);
      if (field) {
        setErrors({ [field]: message });
        focus(field);
      } else {
        setProblem(message);
        requestAnimationFrame(() => alert.current?.focus());
      }
    } finally {
      setBusy(false);
    }
  };

  return { draft, set, errors, problem, alert, busy, submit };
}
