// The version a deployment runs, who promoted each version and when, and Promote: another saved
// version becomes the one every new run uses (runs already started keep theirs).
import type { Deployment } from "@tandem/shared";
import { useState } from "react";
import { api } from "../api/client.js";
import { deploymentsApi } from "../api/deployments.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { toast } from "../ui/toast.js";
import { describeChanges } from "./format.js";
import { useAnswer } from "./useAnswer.js";
import { VersionSelect } from "./VersionSelect.js";

interface Props {
  deployment: Deployment;
  /** Why this person may not promote, or null. */
  readOnly: string | null;
  onChange: (deployment: Deployment) => void;
}

export function VersionSection({ deployment, readOnly, onChange }: Props) {
  // The flow's latest saved version, asked again after each promotion.
  const latest = useAnswer(`${deployment.flowId}/${deployment.version}`, async () => (await api.getFlow(deployment.flowId)).latestVersion);
  return (
    <section className="deploy-section" aria-labelledby="version-title">
      <h2 id="version-title" className="section-title">
        Version
      </h2>
      <p className="deploy-pinned" data-testid="pinned-version">
        Runs version {deployment.version}
        {latest !== null && latest > deployment.version && <span className="muted small"> · the flow's latest saved is version {latest}</span>}
      </p>
      <ol className="deploy-history" aria-label="Promotions">
        {deployment.history.map((h) => (
          <li key={`${h.version}-${h.at}`}>
            <strong>Version {h.version}</strong> <span className="muted">by {h.by}</span> · <TimeAgo at={h.at} />
          </li>
        ))}
      </ol>
      {readOnly ? (
        <p className="muted small" role="note">
          {readOnly}
        </p>
      ) : (
        latest !== null && latest > 1 && <PromoteForm deployment={deployment} latest={latest} onChange={onChange} />
      )}
    </section>
  );
}

function PromoteForm({ deployment, latest, onChange }: { deployment: Deployment; latest: number; onChange: (d: Deployment) => void }) {
  const [version, setVersion] = useState(() => (latest === deployment.version ? latest - 1 : latest));
  const [busy, setBusy] = useState(false);
  const { flowId } = deployment;
  const changes = useAnswer(`${flowId}@${deployment.version}..${version}`, async () => {
    const [from, to] = await Promise.all([api.getFlow(flowId, deployment.version), api.getFlow(flowId, version)]);
    return describeChanges(from.flow, to.flow);
  });

  const promote = async () => {
    setBusy(true);
    try {
      const next = await deploymentsApi.promote(deployment.name, version);
      toast("success", `Version ${next.version} is live: new runs use it`);
      onChange(next);
    } catch (e) {
      toast("error", `Promoting failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="deploy-inline-form" aria-label="Promote a version" onSubmit={(e) => (e.preventDefault(), void promote())}>
      <VersionSelect id="promote-version" label="Promote another version" flowId={deployment.flowId} latest={latest} value={version} onChange={setVersion} except={deployment.version} />
      <p className="muted small deploy-changes" aria-live="polite">
        {changes && `Against version ${deployment.version}: ${changes}`}
      </p>
      <button type="submit" className="btn btn-primary" disabled={busy || version === deployment.version}>
        {busy ? "Promoting…" : `Promote version ${version}`}
      </button>
    </form>
  );
}
