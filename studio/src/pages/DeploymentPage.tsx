// One deployment (#/deployments/:name): the version it runs and Promote, its figures and runs, how
// to call it, its keys, schedules and settings. Read-only to those who may not manage deployments.
import type { Deployment } from "@tandem/shared";
import { useEffect, useState } from "react";
import { deploymentsApi } from "../api/deployments.js";
import { AccountMenu } from "../auth/AccountMenu.js";
import { useWhyNot } from "../auth/permissions.js";
import { CallSection } from "../deployments/CallSection.js";
import { KeysSection } from "../deployments/KeysSection.js";
import { SchedulesSection } from "../deployments/SchedulesSection.js";
import { SettingsSection } from "../deployments/SettingsSection.js";
import { StatsBar } from "../deployments/StatsBar.js";
import { useAnswer } from "../deployments/useAnswer.js";
import { VersionSection } from "../deployments/VersionSection.js";
import { navigate, paths } from "../router.js";
import { RunsTable } from "../sessions/RunsTable.js";
import { confirm } from "../ui/confirm.js";
import { ListSection, useListLoad } from "../ui/ListSection.js";
import { PageHeader } from "../ui/PageHeader.js";
import { PageStatus, type PageLoad } from "../ui/PageStatus.js";
import { toast } from "../ui/toast.js";

/** Runs shown on the page; Sessions has them all. */
const RUNS_SHOWN = 20;

export function DeploymentPage({ name }: { name: string }) {
  const [load, setLoad] = useState<PageLoad<Deployment>>({ state: "loading" });
  const readOnly = useWhyNot("deployments.manage");

  useEffect(() => {
    let live = true;
    deploymentsApi.get(name).then(
      (value) => live && setLoad({ state: "ready", value }),
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [name]);

  if (load.state !== "ready") {
    return <PageStatus load={load} loading="Opening the deployment…" failed="This deployment could not be opened" back={{ path: paths.deployments(), label: "Back to deployments" }} />;
  }
  const deployment = load.value;
  const changed = (value: Deployment) => setLoad({ state: "ready", value });

  const remove = async () => {
    const ok = await confirm({
      title: `Delete the deployment "${name}"?`,
      message: "Its endpoint, keys, hosted page and schedules stop working. Its runs are kept, and the flow is not touched.",
      confirmLabel: "Delete deployment",
      danger: true,
    });
    if (!ok) return;
    try {
      await deploymentsApi.remove(name);
      toast("info", `Deleted the deployment "${name}"`);
      navigate(paths.deployments());
    } catch (e) {
      toast("error", `Deleting failed: ${(e as Error).message}`);
    }
  };

  return (
    <main className="flows-page deployment-page">
      <PageHeader title={deployment.name} description={deployment.description || `Publishes "${deployment.flowName}".`}>
        <a className="btn btn-ghost" href={`#${paths.deployments()}`}>
          Deployments
        </a>
        <a className="btn btn-ghost" href={`#${paths.editor(deployment.flowId)}`}>
          Open the flow
        </a>
        {!readOnly && (
          <button type="button" className="btn btn-danger-ghost" onClick={() => void remove()}>
            Delete
          </button>
        )}
        <AccountMenu />
      </PageHeader>
      <div className="deploy-columns">
        <div className="deploy-column">
          <VersionSection deployment={deployment} readOnly={readOnly} onChange={changed} />
          <RunsSection name={name} version={deployment.version} />
          <SchedulesSection name={name} readOnly={readOnly} />
        </div>
        <div className="deploy-column">
          <CallSection deployment={deployment} />
          <KeysSection name={name} readOnly={readOnly} />
          <SettingsSection key={deployment.updatedAt} deployment={deployment} readOnly={readOnly} onChange={changed} />
        </div>
      </div>
    </main>
  );
}

/** The deployment's figures and latest runs, asked again when another version is promoted. */
function RunsSection({ name, version }: { name: string; version: number }) {
  const stats = useAnswer(`${name}@${version}`, () => deploymentsApi.stats(name));
  const runs = useListLoad(`${name}@${version}`, async () => {
    const { runs: items, total } = await deploymentsApi.runs(name, RUNS_SHOWN);
    return { items, total };
  });
  return (
    <section className="deploy-section" aria-labelledby="runs-title">
      <h2 id="runs-title" className="section-title">
        Runs
      </h2>
      {stats && <StatsBar stats={stats} />}
      <ListSection label="Runs of this deployment" load={runs} what="the runs" empty="No runs yet: call the endpoint, open the hosted page or add a schedule.">
        {(items, total) => (
          <>
            <RunsTable runs={items} />
            {total > items.length && <p className="muted small">The latest {items.length} of {total} runs.</p>}
          </>
        )}
      </ListSection>
    </section>
  );
}
