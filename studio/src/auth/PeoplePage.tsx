// People and roles (#/people), for those who manage users: the accounts of this server with their
// roles, adding a person, and the reviewer roles questions can be assigned to.
import type { RoleInfo, UserInfo } from "@tandem/shared";
import { useCallback, useEffect, useState } from "react";
import { accountsApi } from "../api/accounts.js";
import { paths } from "../router.js";
import { toast } from "../ui/toast.js";
import { AccountPage } from "./AccountPage.js";
import { useMe } from "./me.js";
import { NewUserForm } from "./NewUserForm.js";
import { RolesSection } from "./RolesSection.js";
import { UsersTable } from "./UsersTable.js";
import { whyNot } from "./permissions.js";

type Load = { state: "loading" } | { state: "ready"; users: UserInfo[]; roles: RoleInfo[] } | { state: "failed"; message: string };

export function PeoplePage() {
  const me = useMe();
  const allowed = !!me?.user && !whyNot(me, "users.manage");
  const [load, setLoad] = useState<Load>({ state: "loading" });

  const refresh = useCallback(async () => {
    try {
      const [users, roles] = await Promise.all([accountsApi.users(), accountsApi.roles()]);
      setLoad({ state: "ready", users, roles });
    } catch (e) {
      setLoad({ state: "failed", message: (e as Error).message });
    }
  }, []);
  useEffect(() => {
    if (allowed) void refresh();
  }, [allowed, refresh]);

  return (
    <AccountPage title="People and roles" description="Who may sign in to this server, and what their roles let them do." needs="users.manage">
      {!me?.user ? (
        <p className="empty">
          This server has no accounts yet. <a href={`#${paths.setup()}`}>Create the first admin</a> to add people.
        </p>
      ) : load.state === "loading" ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : load.state === "failed" ? (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">Could not load the people: {load.message}</div>
        </div>
      ) : (
        <>
          <section aria-labelledby="users-title" className="account-section">
            <h2 id="users-title" className="section-title">
              People
            </h2>
            <UsersTable users={load.users} roles={load.roles} selfId={me.user.id} onChanged={() => void refresh()} />
            <NewUserForm
              roles={load.roles}
              onAdded={(user) => {
                toast("success", `Added ${user.username}`);
                void refresh();
              }}
            />
          </section>
          <RolesSection roles={load.roles} onChanged={() => void refresh()} />
        </>
      )}
    </AccountPage>
  );
}
