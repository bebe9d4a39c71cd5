// Adding a person (#/people): username, name, email, a first password and their roles. Problems
// are named by field, found here before sending or by the server after.
import type { RoleInfo, UserInfo } from "@tandem/shared";
import { useState } from "react";
import { accountsApi } from "../api/accounts.js";
import { Field } from "./Field.js";
import { MIN_PASSWORD, USERNAME_RULE } from "./forms.js";
import { RoleChecks } from "./RoleChecks.js";
import { useAccountForm } from "./useAccountForm.js";

const ORDER = ["username", "name", "email", "password"] as const;
const EMPTY = { username: "", name: "", email: "", password: "" };

export function NewUserForm({ roles, onAdded }: { roles: RoleInfo[]; onAdded: (user: UserInfo) => void }) {
  const [picked, setPicked] = useState<string[]>([]);
  const { draft, set, errors, problem, alert, busy, submit } = useAccountForm("new-user", ORDER, EMPTY, async (d) => {
    const email = d.email?.trim();
    const user = await accountsApi.createUser({ username: d.username, name: d.name.trim(), ...(email ? { email } : {}), password: d.password, roles: picked });
    setPicked([]);
    onAdded(user);
  });

  return (
    <form className="account-form" aria-labelledby="new-user-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="new-user-title" className="account-form-title">
        Add a person
      </h3>
      {problem && (
        <div ref={alert} className="alert alert-error" role="alert" tabIndex={-1}>
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
