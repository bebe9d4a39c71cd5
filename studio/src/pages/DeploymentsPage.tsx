// The deployments (#/deployments): every published flow with the version it runs and how its runs
// go; empty, it says how to publish.
import { deploymentsApi } from "../api/deployments.js";
import { AccountMenu } from "../auth/AccountMenu.js";
import { useWhyNot } from "../auth/permissions.js";
import { DeploymentTable } from "../deployments/DeploymentTable.js";
import { paths } from "../router.js";
import { ListSection, useListLoad } from "../ui/ListSection.js";
import { PageHeader } from "../ui/PageHeader.js";

export function DeploymentsPage() {
  const refused = useWhyNot("deployments.read");
  return (
    <main className="flows-page">
      <PageHeader title="Deployments" description="Saved versions of flows, published under a name: an endpoint, a hosted page and schedules run them.">
        <a className="btn btn-ghost" href={`#${paths.flows()}`}>
          Flows
        </a>
        <a className="btn btn-ghost" href={`#${paths.sessions()}`}>
          Sessions
        </a>
        <AccountMenu />
      </PageHeader>
      {refused ? (
        <p className="muted" role="note">
          {refused}
        </p>
      ) : (
        <DeploymentList />
      )}
    </main>
  );
}

function DeploymentList() {
  const list = useListLoad("", async () => {
    const deployments = await deploymentsApi.list();
    return { items: deployments, total: deployments.length };
  });
  return (
    <ListSection
      label="Deployments"
      load={list}
      what="the deployments"
      empty="Nothing published yet. Open a flow, save it, and press Publish in the editor's toolbar: the saved version gets a name, an endpoint with its own keys, a hosted page and schedules."
    >
      {(deployments) => <DeploymentTable deployments={deployments} />}
    </ListSection>
  );
}
