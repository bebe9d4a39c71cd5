// The deployments list: each with its flow, the version it runs, its runs, error rate and last run.
// Each row asks for its own figures, so a slow one never holds the list.
import type { Deployment } from "@tandem/shared";
import { deploymentsApi } from "../api/deployments.js";
import { paths } from "../router.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { percent } from "./format.js";
import { useAnswer } from "./useAnswer.js";

export function DeploymentTable({ deployments }: { deployments: Deployment[] }) {
  return (
    <table className="flow-table" aria-label="Deployments">
      <thead>
        <tr>
          {["Name", "Flow", "Runs version", "Runs", "Error rate", "Last run"].map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {deployments.map((d) => (
          <DeploymentRow key={d.name} deployment={d} />
        ))}
      </tbody>
    </table>
  );
}

function DeploymentRow({ deployment: d }: { deployment: Deployment }) {
  const figures = useAnswer(d.name, async () => {
    const [stats, last] = await Promise.all([deploymentsApi.stats(d.name), deploymentsApi.runs(d.name, 1)]);
    return { stats, lastRun: last.runs[0] ?? null };
  });
  return (
    <tr data-deployment={d.name}>
      <td>
        <a href={`#${paths.deployment(d.name)}`} className="flow-link">
          {d.name}
        </a>
        {d.description && <div className="muted small">{d.description}</div>}
      </td>
      <td>
        <a href={`#${paths.editor(d.flowId)}`}>{d.flowName}</a>
      </td>
      <td>v{d.version}</td>
      <td className="num">{figures ? figures.stats.runs : "…"}</td>
      <td className="num">{figures ? percent(figures.stats.errorRate) : "…"}</td>
      <td className="muted">{figures ? figures.lastRun ? <TimeAgo at={figures.lastRun.startedAt} standalone /> : "Never" : "…"}</td>
    </tr>
  );
}
