// A list of secrets (API tokens, deployment keys) by their first characters: when each was made
// and last used, and Revoke for those still in use (revoked ones stay listed, marked).
import { TableHead } from "./TableHead.js";
import { TimeAgo } from "./TimeAgo.js";

export interface SecretInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt?: number | null;
  revokedAt?: number | null;
}

interface Props<T extends SecretInfo> {
  /** The id of the heading that names the table. */
  labelledBy: string;
  secrets: T[];
  /** Without it, no Revoke buttons (the reader may not revoke). */
  onRevoke?: (secret: T) => void;
}

export function SecretTable<T extends SecretInfo>({ labelledBy, secrets, onRevoke }: Props<T>) {
  return (
    <table className="flow-table" aria-labelledby={labelledBy}>
      <TableHead columns={["Name", "Starts with", "Created", "Last used"]} />
      <tbody>
        {secrets.map((s) => (
          <tr key={s.id} data-secret-id={s.id} className={s.revokedAt ? "is-revoked" : undefined}>
            <td>
              {s.name} {s.revokedAt && <span className="badge badge-muted">Revoked</span>}
            </td>
            <td className="mono">{s.prefix}…</td>
            <td className="muted">
              <TimeAgo at={s.createdAt} standalone />
            </td>
            <td className="muted">{s.lastUsedAt ? <TimeAgo at={s.lastUsedAt} standalone /> : "Never"}</td>
            <td className="row-actions">
              {onRevoke && !s.revokedAt && (
                <button type="button" className="btn btn-sm btn-danger-ghost" aria-label={`Revoke ${s.name}`} onClick={() => onRevoke(s)}>
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
