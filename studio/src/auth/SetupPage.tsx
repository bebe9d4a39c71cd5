// First-run setup: the first account, an admin. Once it exists this server has accounts, and
// every route needs one; until then (on loopback) the studio is single-user with no sign-in.
import { accountsApi } from "../api/accounts.js";
import { navigate, paths } from "../router.js";
import { Field } from "./Field.js";
import { MIN_PASSWORD, USERNAME_RULE, type AccountDraft } from "./forms.js";
import { adoptMe, useMe } from "./me.js";
import { useAccountForm } from "./useAccountForm.js";

const ORDER = ["username", "name", "password", "confirm"] as const;
const EMPTY: AccountDraft = { username: "", name: "", password: "", confirm: "" };

export function SetupPage() {
  const me = useMe();
  const { draft, set, errors, problem, alert, busy, submit } = useAccountForm("setup", ORDER, EMPTY, async (d) => {
    adoptMe(await accountsApi.setup({ username: d.username, name: d.name.trim(), password: d.password }));
    navigate(paths.flows());
  });

  if (me && !me.setupNeeded) {
    return (
      <main className="auth-page">
        <div className="auth-card">
          <h1 className="page-title">Accounts are on</h1>
          <p className="muted">This server has its first admin already. Admins add people under People and roles.</p>
          <a href={`#${paths.flows()}`}>Go to the flows</a>
        </div>
      </main>
    );
  }

  return (
    <main className="auth-page">
      <form className="auth-card" aria-labelledby="setup-title" onSubmit={(e) => void submit(e)} noValidate>
        <a className="btn btn-ghost auth-back" href={`#${paths.flows()}`}>
          Back to the flows
        </a>
        <h1 id="setup-title" className="page-title">
          Create the first admin
        </h1>
        <p className="muted">
          Once this account exists, everyone signs in: runs, answers and changes are recorded with who made them. The admin then adds
          people and gives them roles.
        </p>
        {problem && (
          <div ref={alert} className="alert alert-error" role="alert" tabIndex={-1}>
            <div className="alert-body">{problem}</div>
          </div>
        )}
        <Field id="setup-username" label="Username" autoComplete="username" hint={`What you sign in with: ${USERNAME_RULE}.`} error={errors.username} value={draft.username} onChange={set("username")} />
        <Field id="setup-name" label="Name" autoComplete="name" hint="How you are shown on answers and in the audit." error={errors.name} value={draft.name} onChange={set("name")} />
        <Field id="setup-password" label="Password" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD} characters.`} error={errors.password} value={draft.password} onChange={set("password")} />
        <Field id="setup-confirm" label="Password again" type="password" autoComplete="new-password" error={errors.confirm} value={draft.confirm} onChange={set("confirm")} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create admin and sign in"}
        </button>
      </form>
    </main>
  );
}
