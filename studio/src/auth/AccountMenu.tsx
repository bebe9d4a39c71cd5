// The account button in the pages' headers: who is signed in (name and roles) and a menu with
// their API tokens, People for admins, and Sign out. Without accounts it says so, quietly, and
// offers the first-run setup.
import { useEffect, useId, useRef, useState } from "react";
import { accountsApi } from "../api/accounts.js";
import { navigate, paths } from "../router.js";
import { toast } from "../ui/toast.js";
import { AccountIcon } from "../ui/icons.js";
import { refreshMe, useMe } from "./me.js";
import { whyNot } from "./permissions.js";

export function AccountMenu() {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    // Closes on a click elsewhere, or on Escape (then focus goes back to the button).
    const onPointer = (e: PointerEvent) => root.current?.contains(e.target as Node) || setOpen(false);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (!me) return null;
  const user = me.user;

  const signOut = async () => {
    setOpen(false);
    try {
      await accountsApi.signOut();
    } catch (e) {
      return toast("error", `Signing out failed: ${(e as Error).message}`);
    }
    await refreshMe();
    navigate(paths.signIn());
  };

  return (
    <div className="account-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn btn-ghost"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={user ? `Account: ${user.name} (${user.roles.join(", ") || "no role"})` : "Account: single user"}
        onClick={() => setOpen((o) => !o)}
      >
        <AccountIcon />
        {user && (
          <>
            {user.name} <span className="account-roles">{user.roles.join(", ") || "no role"}</span>
          </>
        )}
      </button>
      {open && (
        <div id={panelId} className="account-panel" role="region" aria-label="Account">
          {user ? (
            <>
              <p className="account-who">
                Signed in as <strong>{user.name}</strong> <span className="muted">@{user.username}</span>
              </p>
              <div className="account-items">
                <a className="account-item" href={`#${paths.account()}`} onClick={() => setOpen(false)}>
                  API tokens
                </a>
                {!whyNot(me, "users.manage") && (
                  <a className="account-item" href={`#${paths.people()}`} onClick={() => setOpen(false)}>
                    People and roles
                  </a>
                )}
                <button type="button" className="account-item" onClick={() => void signOut()}>
                  Sign out
                </button>
              </div>
            </>
          ) : (
            <p className="account-note">
              Single-user: no sign-in (this server is on loopback and has no accounts).
              {me.setupNeeded && (
                <>
                  {" "}
                  <a href={`#${paths.setup()}`} onClick={() => setOpen(false)}>
                    Create the first admin
                  </a>{" "}
                  to turn on accounts.
                </>
              )}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
