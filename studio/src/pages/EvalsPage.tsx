// Evaluations (#/evals): the datasets, each opened to run evaluations of a flow version against it;
// Import makes one of a CSV or JSON-lines file. Datasets are also made from runs ticked in Sessions.
import { evalsApi } from "../api/evals.js";
import { AccountMenu } from "../auth/AccountMenu.js";
import { useWhyNot } from "../auth/permissions.js";
import { DatasetsTable } from "../evals/DatasetsTable.js";
import { importDataset } from "../evals/importDataset.js";
import { navigate, paths } from "../router.js";
import { useImportFile } from "../ui/ImportFile.js";
import { ListSection, useListLoad } from "../ui/ListSection.js";
import { PageHeader } from "../ui/PageHeader.js";
import { toast } from "../ui/toast.js";

export function EvalsPage() {
  // Those who may not run evaluations see why, in place of the datasets.
  const refused = useWhyNot("evals.run");
  const list = useListLoad("", async () => {
    const datasets = await evalsApi.datasets();
    return { items: datasets, total: datasets.length };
  });

  const imports = useImportFile({
    label: "Import",
    testId: "import-dataset-file",
    outcome: "No dataset was made.",
    accept: ".csv,.jsonl,.ndjson,text/csv",
    importFile: async (file) => {
      const outcome = await importDataset(file);
      if (!outcome.ok) return outcome.failure;
      toast("success", `Imported "${outcome.name}" of ${outcome.cases} cases`);
      navigate(paths.dataset(outcome.id));
      return null;
    },
  });

  return (
    <main className="flows-page evals-page">
      <PageHeader title="Evaluations" description="Datasets of cases, to run a flow version against and compare versions case by case.">
        <a className="btn btn-ghost" href={`#${paths.flows()}`}>
          Flows
        </a>
        <a className="btn btn-ghost" href={`#${paths.sessions()}`}>
          Sessions
        </a>
        {!refused && imports.button}
        <AccountMenu />
      </PageHeader>

      {imports.alert}

      {refused ? (
        <p className="muted" role="note">
          {refused}
        </p>
      ) : (
        <ListSection label="Datasets" load={list} what="the datasets" empty="No datasets yet. Tick runs in Sessions and Make dataset, or import a CSV or JSONL file.">
          {(datasets) => <DatasetsTable datasets={datasets} />}
        </ListSection>
      )}
    </main>
  );
}
