// A deployment's API keys: make one (shown once), see each by its first characters with when it
// was made and last used, and revoke it (callers using it get 401 from then on).
import type { CreatedDeploymentKey, DeploymentKeyInfo } from "@tandem/shared";
import { useState } from "react";
import { deploymentsApi } from "../api/deployments.js";
import { NewSecretForm } from "../auth/NewSecretForm.js";
import { confirm } from "../ui/confirm.js";
import { ShownOnce } from "../ui/ShownOnce.js";
import { ListSection, useListLoad } from "../ui/ListSection.js";
import { SecretTable } from "../ui/SecretTable.js";
import { toast } from "../ui/toast.js";

export function KeysSection({ name, readOnly }: { name: string; readOnly: string | null }) {
  // A new round asks for the list again (after a key is made or revoked).
  const [round, setRound] = useState(0);
  const keys = useListLoad(`${name}/${round}`, async () => {
    const items = await deploymentsApi.keys(name);
    return { items, total: items.length };
  });
  const [made, setMade] = useState<CreatedDeploymentKey | null>(null);
  const reload = () => setRound((r) => r + 1);

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
    reload();
  };

  return (
    <section className="deploy-section" aria-labelledby="keys-title">
      <h2 id="keys-title" className="section-title">
        Keys
      </h2>
      <p className="muted small">Programs call the endpoint with a key in the Authorization header. Each key works for this deployment only.</p>
      {!readOnly && (
        <NewSecretForm
          noun="key"
          placeholder="billing service"
          className="deploy-inline-form"
          check={(keyName) => (keyName.trim() ? null : "Name: say which program uses the key.")}
          make={async (keyName) => {
            setMade(await deploymentsApi.createKey(name, keyName));
            reload();
          }}
        />
      )}
      {made && <ShownOnce title={`Key "${made.name}" is ready`} noun="key" secret={made.key} onDone={() => setMade(null)} />}
      <ListSection label="Keys of this deployment" load={keys} what="the keys" empty="No keys yet: make one to call the endpoint.">
        {(items) => <SecretTable labelledBy="keys-title" secrets={items} onRevoke={readOnly ? undefined : (k) => void revoke(k)} />}
      </ListSection>
    </section>
  );
}
