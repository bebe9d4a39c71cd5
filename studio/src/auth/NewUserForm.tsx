// Adding a person (#/people): username, name, email, a first password and their roles. Problems
// are named by field, found here before sending or by the server after.
import type { RoleInfo, UserInfo } from "@tandem/shared";
import { useState, type FormEvent } from "react";
import { accountsApi } from "../api/accounts.js";
import { ApiError } from "../api/client.js";
import { Field } from "./Field.js";
import { checkAccount, firstInvalid, MIN_PASSWORD, USERNAME_RULE, type AccountDraft, type FieldErrors } from "./forms.js";
import { RoleChecks } from "./RoleChecks.js";

const ORDER = ["username", "name", "email", "password"] as const;
const EMPTY = { username: "", name: "", email: "", password: "" };

export function NewUserForm({ roles, onAdded }: { roles: RoleInfo[]; onAdded: (user: UserInfo) => void }) {
  const [draft, setDraft] = useState<AccountDraft>(EMPTY);
  const [picked, setPicked] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors<keyof AccountDraft>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: keyof AccountDraft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  const focus = (field: string) => document.getElementById(`new-user-${field}`)?.focus();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkAccount(draft);
    setErrors(found);
    setProblem(null);
    const first = firstInvalid(ORDER, found);
    if (first) return focus(first);
    setBusy(true);
    try {
      const email = draft.email?.trim();
      const user = await accountsApi.createUser({
        username: draft.username,
        name: draft.name.trim(),
        ...(email ? { email } : {}),
        password: draft.password,
        roles: picked,
      });
      setDraft(EMPTY);
      setPicked([]);
      onAdded(user);
    } catch (error) {
      // The server names the field in `path` when it can ("username": taken).
      const named = error instanceof ApiError ? error.path?.split(/[./]/).pop() : undefined;
      const field = ORDER.find((f) => f === named);
      if (field) {
        setErrors({ [field]: (error as Error).message });
        focus(field);
      } else setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="account-form" aria-labelledby="new-user-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="new-user-title" className="account-form-title">
        Add a person
      </h3>
      {problem && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">{problem}</div>
        </div>
      )}
      <div className="field-row">
        <Field id="new-user-username" label="Username" autoComplete="off" hint={`What they sign in with: ${USERNAME_RULE}.`} error={errors.username} value={draft.username} onChange={set("username")} />
        <Field id="new-user-name" label="Name" autoComplete="off" error={errors.name} value={draft.name} onChange={set("name")} />
      </div>
      <div className="field-row">
        <Field id="new-user-email" label="Email (optional)" type="email" autoComplete="off" hint="Where answer links and reminders go." error={errors.email} value={draft.email} onChange={set("email")} />
        <Field id="new-user-password" label="First password" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD} characters; tell it to them yourself.`} error={errors.password} value={draft.password} onChange={set("password")} />
      </div>
      <RoleChecks legend="Roles" roles={roles} value={picked} onChange={setPicked} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Adding…" : "Add person"}
        </button>
      </div>
    </form>
  );
}
