// The roles of this server (#/people): the built-in ones, and reviewer roles (legal, finance)
// that admins create for questions assigned to them, and delete.
import type { RoleInfo } from "@tandem/shared";
import { useState } from "react";
import { accountsApi } from "../api/accounts.js";
import { confirm } from "../ui/confirm.js";
import { TableHead } from "../ui/TableHead.js";
import { toast } from "../ui/toast.js";
import { Field } from "./Field.js";
import { checkRoleName, ROLE_NAME_RULE } from "./forms.js";
import { useFieldSubmit } from "./useFieldSubmit.js";

export function RolesSection({ roles, onChanged }: { roles: RoleInfo[]; onChanged: () => void }) {
  const remove = async (role: RoleInfo) => {
    const ok = await confirm({
      title: `Delete the role "${role.name}"?`,
      message:
        role.members > 0
          ? `${role.members} ${role.members === 1 ? "person loses" : "people lose"} it. Questions assigned to ${role.name} wait for someone else (an admin).`
          : `Questions assigned to ${role.name} wait for an admin.`,
      confirmLabel: "Delete role",
      danger: true,
    });
    if (!ok) return;
    try {
      await accountsApi.deleteRole(role.name);
      toast("info", `Deleted the role "${role.name}"`);
    } catch (e) {
      toast("error", `Deleting "${role.name}" failed: ${(e as Error).message}`);
    }
    onChanged();
  };

  return (
    <section aria-labelledby="roles-title" className="account-section">
      <h2 id="roles-title" className="section-title">
        Roles
      </h2>
      <table className="flow-table" aria-labelledby="roles-title">
        <TableHead columns={["Role", "What it may do", "Members"]} />
        <tbody>
          {roles.map((role) => (
            <tr key={role.name} data-role={role.name}>
              <td className="mono">{role.name}</td>
              <td className="muted">{role.description || (role.builtin ? "" : "Reviewer: sees flows and runs, answers what is assigned to the role.")}</td>
              <td>{role.members}</td>
              <td className="row-actions">
                {role.builtin ? (
                  <span className="muted small">Built in</span>
                ) : (
                  <button type="button" className="btn btn-sm btn-danger-ghost" aria-label={`Delete role ${role.name}`} onClick={() => void remove(role)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewRoleForm onCreated={onChanged} />
    </section>
  );
}

function NewRoleForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const { error, busy, submit } = useFieldSubmit("new-role-name", () => checkRoleName(name), async () => {
    await accountsApi.createRole({ name, ...(description.trim() ? { description: description.trim() } : {}) });
    toast("success", `Created the role "${name}"`);
    setName("");
    setDescription("");
    onCreated();
  });

  return (
    <form className="account-form" aria-labelledby="new-role-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="new-role-title" className="account-form-title">
        Create a reviewer role
      </h3>
      <p className="muted small">A reviewer role sees flows and runs, and answers the questions assigned to it (e.g. legal, finance).</p>
      <div className="field-row">
        <Field id="new-role-name" label="Role name" autoComplete="off" placeholder="legal" hint={`The rule: ${ROLE_NAME_RULE}.`} error={error} value={name} onChange={(e) => setName(e.target.value)} />
        <Field id="new-role-description" label="Description (optional)" autoComplete="off" value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create role"}
        </button>
      </div>
    </form>
  );
}
