// The people of this server (#/people): who they are, their roles (changed in place with a
// checkbox per role), when they last signed in, and disabling or enabling them.
import type { RoleInfo, UserInfo } from "@tandem/shared";
import { useState } from "react";
import { accountsApi } from "../api/accounts.js";
import { confirm } from "../ui/confirm.js";
import { TableHead } from "../ui/TableHead.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { toast } from "../ui/toast.js";
import { RoleChecks } from "./RoleChecks.js";

interface Props {
  users: UserInfo[];
  roles: RoleInfo[];
  /** The signed-in admin, who does not disable themselves (another admin can). */
  selfId: string | undefined;
  onChanged: () => void;
}

export function UsersTable({ users, roles, selfId, onChanged }: Props) {
  const [editing, setEditing] = useState<string | null>(null);

  const update = async (user: UserInfo, change: Parameters<typeof accountsApi.updateUser>[1], done: string) => {
    try {
      await accountsApi.updateUser(user.id, change);
      toast("success", done);
      setEditing(null);
    } catch (e) {
      toast("error", `Changing ${user.username} failed: ${(e as Error).message}`);
    }
    onChanged();
  };

  const toggleDisabled = async (user: UserInfo) => {
    if (!user.disabled) {
      const ok = await confirm({
        title: `Disable ${user.name}?`,
        message: `${user.username} can no longer sign in, and their sessions and tokens stop working. Their past answers stay recorded.`,
        confirmLabel: "Disable",
        danger: true,
      });
      if (!ok) return;
    }
    await update(user, { disabled: !user.disabled }, `${user.disabled ? "Enabled" : "Disabled"} ${user.username}`);
  };

  return (
    <table className="flow-table people-table" aria-labelledby="users-title">
      <TableHead columns={["Username", "Name", "Email", "Roles", "Last sign-in"]} />
      <tbody>
        {users.map((user) => (
          <tr key={user.id} data-username={user.username} className={user.disabled ? "is-disabled" : undefined}>
            <td className="mono">
              {user.username} {user.disabled && <span className="badge badge-warning">Disabled</span>}
            </td>
            <td>{user.name}</td>
            <td className="muted">{user.email ?? "—"}</td>
            <td>
              {editing === user.id ? (
                <RoleEditor user={user} roles={roles} onCancel={() => setEditing(null)} onSave={(next) => void update(user, { roles: next }, `Saved ${user.username}'s roles`)} />
              ) : (
                user.roles.join(", ") || <span className="muted">No role</span>
              )}
            </td>
            <td className="muted">{user.lastSignInAt ? <TimeAgo at={user.lastSignInAt} standalone /> : "Never"}</td>
            <td className="row-actions">
              {editing !== user.id && (
                <button type="button" className="btn btn-sm btn-ghost" aria-label={`Edit roles of ${user.username}`} onClick={() => setEditing(user.id)}>
                  Edit roles
                </button>
              )}
              {user.id === selfId ? (
                <span className="muted small">You</span>
              ) : (
                <button
                  type="button"
                  className={user.disabled ? "btn btn-sm btn-ghost" : "btn btn-sm btn-danger-ghost"}
                  aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.username}`}
                  onClick={() => void toggleDisabled(user)}
                >
                  {user.disabled ? "Enable" : "Disable"}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RoleEditor({ user, roles, onSave, onCancel }: { user: UserInfo; roles: RoleInfo[]; onSave: (roles: string[]) => void; onCancel: () => void }) {
  const [picked, setPicked] = useState(user.roles);
  return (
    <form
      className="role-editor"
      aria-label={`Roles of ${user.username}`}
      onSubmit={(e) => {
        e.preventDefault();
        onSave(picked);
      }}
    >
      <RoleChecks legend={`Roles of ${user.username}`} roles={roles} value={picked} onChange={setPicked} />
      <div className="btn-row">
        <button type="submit" className="btn btn-sm btn-primary">
          Save roles
        </button>
        <button type="button" className="btn btn-sm" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
