// A deployment's API keys: make one (shown once), see each by its first characters with when it
// was made and last used, and revoke it (callers using it get 401 from then on).
import type { CreatedDeploymentKey, DeploymentKeyInfo } from "@tandem/shared";
import { useCallback, useEffect, useState } from "react";
import { deploymentsApi } from "../api/deployments.js";
import { Field } from "../auth/Field.js";
import { useFieldSubmit } from "../auth/useFieldSubmit.js";
import { confirm } from "../ui/confirm.js";
import { ShownOnce } from "../ui/ShownOnce.js";
import { TableHead } from "../ui/TableHead.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { toast } from "../ui/toast.js";

export function KeysSection({ name, readOnly }: { name: string; readOnly: string | null }) {
  const [keys, setKeys] = useState<DeploymentKeyInfo[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [made, setMade] = useState<CreatedDeploymentKey | null>(null);

  const load = useCallback(async () => {
    try {
      setKeys(await deploymentsApi.keys(name));
      setFailure(null);
    } catch (e) {
      setFailure((e as Error).message);
    }
  }, [name]);
  useEffect(() => void load(), [load]);

  const revoke = async (key: DeploymentKeyInfo) => {
    const ok = await confirm({
      title: `Revoke key "${key.name}"?`,
      message: `Programs calling "${name}" with this key are refused from now on. This cannot be undone.`,
      confirmLabel: "Revoke key",
      danger: true,
    });
    if (!ok) return;
    try {
      await deploymentsApi.revokeKey(name, key.id);
      toast("info", `Revoked key "${key.name}"`);
      if (made?.id === key.id) setMade(null);
    } catch (e) {
      toast("error", `Revoking failed: ${(e as Error).message}`);
    }
    await load();
  };

  return (
    <section className="deploy-section" aria-labelledby="keys-title">
      <h2 id="keys-title" className="section-title">
        Keys
      </h2>
      <p className="muted small">Programs call the endpoint with a key in the Authorization header. Each key works for this deployment only.</p>
      {!readOnly && (
        <NewKey
          deployment={name}
          onMade={(key) => {
            setMade(key);
            void load();
          }}
        />
      )}
      {made && <ShownOnce title={`Key "${made.name}" is ready`} noun="key" secret={made.key} onDone={() => setMade(null)} />}
      {failure && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">Could not load the keys: {failure}</div>
        </div>
      )}
      {keys === null && !failure && <p className="muted" aria-busy="true">Loading…</p>}
      {keys?.length === 0 && <p className="empty">No keys yet: make one to call the endpoint.</p>}
      {keys && keys.length > 0 && (
        <table className="flow-table" aria-labelledby="keys-title">
          <TableHead columns={["Name", "Starts with", "Created", "Last used"]} />
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key-id={k.id} className={k.revokedAt ? "is-revoked" : undefined}>
                <td>
                  {k.name} {k.revokedAt && <span className="badge badge-muted">Revoked</span>}
                </td>
                <td className="mono">{k.prefix}…</td>
                <td className="muted">
                  <TimeAgo at={k.createdAt} standalone />
                </td>
                <td className="muted">{k.lastUsedAt ? <TimeAgo at={k.lastUsedAt} standalone /> : "Never"}</td>
                <td className="row-actions">
                  {!readOnly && !k.revokedAt && (
                    <button type="button" className="btn btn-sm btn-danger-ghost" aria-label={`Revoke ${k.name}`} onClick={() => void revoke(k)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NewKey({ deployment, onMade }: { deployment: string; onMade: (key: CreatedDeploymentKey) => void }) {
  const [keyName, setKeyName] = useState("");
  const { error, busy, submit } = useFieldSubmit("key-name", () => (keyName.trim() ? null : "Name: say which program uses the key."), async () => {
    onMade(await deploymentsApi.createKey(deployment, keyName.trim()));
    setKeyName("");
  });
  return (
    <form className="deploy-inline-form" aria-label="New key" onSubmit={(e) => void submit(e)} noValidate>
      <Field id="key-name" label="New key's name" placeholder="billing service" error={error} value={keyName} onChange={(e) => setKeyName(e.target.value)} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Making…" : "Make key"}
      </button>
    </form>
  );
}
