// Signing in with a username and password. Shown at #/sign-in, and in place of any page while
// this server has accounts and nobody is signed in, so that the page comes back once signed in.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { accountsApi } from "../api/accounts.js";
import { navigate } from "../router.js";
import { Field } from "./Field.js";
import { signInProblem } from "./forms.js";
import { adoptMe } from "./me.js";

/** `next`: where to go once signed in; none when the page asked for is already in the address. */
export function SignInPage({ next }: { next?: string }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alert = useRef<HTMLDivElement>(null);
  // Each refusal moves focus to its message once React has shown it (the same words may come twice):
  // a screen reader hears it, and Tab goes on from it.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) alert.current?.focus();
  }, [refusals]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      adoptMe(await accountsApi.signIn({ username: username.trim(), password }));
      if (next !== undefined) navigate(next);
    } catch (error) {
      setProblem(signInProblem(error));
      setPassword("");
      setRefusals((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="auth-card" aria-labelledby="sign-in-title" onSubmit={(e) => void submit(e)} noValidate>
        <h1 id="sign-in-title" className="page-title">
          Sign in to Tandem
        </h1>
        <p className="muted">This server has accounts: sign in with yours. An admin can make you one.</p>
        {problem && (
          <div ref={alert} className="alert alert-error" role="alert" tabIndex={-1}>
            <div className="alert-body">{problem}</div>
          </div>
        )}
        <Field id="sign-in-username" label="Username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        <Field id="sign-in-password" label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={busy || !username.trim() || !password}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
