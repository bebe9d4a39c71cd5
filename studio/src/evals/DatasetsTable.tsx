// The datasets: name (opens it), how many cases, when made and by whom.
import type { DatasetSummary } from "@tandem/shared";
import { paths } from "../router.js";
import { TableHead } from "../ui/TableHead.js";
import { TimeAgo } from "../ui/TimeAgo.js";

export function DatasetsTable({ datasets }: { datasets: readonly DatasetSummary[] }) {
  return (
    <table className="flow-table">
      <TableHead actions={false} columns={["Dataset", { name: "Cases", num: true }, "Created"]} />
      <tbody>
        {datasets.map((d) => (
          <tr key={d.id}>
            <td>
              <a className="flow-link" href={`#${paths.dataset(d.id)}`}>
                {d.name}
              </a>
            </td>
            <td className="num">{d.cases}</td>
            <td className="muted">
              <TimeAgo at={d.createdAt} standalone /> by {d.createdBy}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
