// One dataset (#/evals/datasets/:id): its evaluations (ticked two are compared case by case) and
// its cases; Run evaluation starts one of a flow version against it.
import type { Dataset, EvaluationSummary } from "@tandem/shared";
import { useState } from "react";
import { evalsApi } from "../api/evals.js";
import { useWhyNot } from "../auth/permissions.js";
import { CasesTable } from "../evals/CasesTable.js";
import { EvaluationsTable } from "../evals/EvaluationsTable.js";
import { RunEvaluationDialog } from "../evals/RunEvaluationDialog.js";
import { useLoad } from "../evals/useLoad.js";
import { navigate, paths } from "../router.js";
import { confirm } from "../ui/confirm.js";
import { PageHeader } from "../ui/PageHeader.js";
import { PageStatus } from "../ui/PageStatus.js";
import { toast } from "../ui/toast.js";

export function DatasetPage({ datasetId }: { datasetId: string }) {
  // Asked again while one of its evaluations runs, so the list shows it finish.
  const load = useLoad(
    datasetId,
    async () => ({ dataset: await evalsApi.dataset(datasetId), evaluations: await evalsApi.evaluations(datasetId) }),
    ({ evaluations }) => evaluations.some((e) => e.status === "running"),
  );
  if (load.state !== "ready") {
    return <PageStatus load={load} loading="Opening the dataset…" failed="This dataset could not be opened" back={{ path: paths.evals(), label: "Back to evaluations" }} />;
  }
  return <DatasetView {...load.value} />;
}

function DatasetView({ dataset, evaluations }: { dataset: Dataset; evaluations: EvaluationSummary[] }) {
  const [running, setRunning] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const refused = useWhyNot("evals.run");

  // The older one is A: the comparison reads as what changed since.
  const compare = () => {
    const [a, b] = evaluations.filter((e) => picked.includes(e.id)).sort((x, y) => x.createdAt - y.createdAt);
    navigate(paths.evalCompare(a!.id, b!.id));
  };

  const onDelete = async () => {
    const ok = await confirm({ title: `Delete "${dataset.name}"?`, message: "The dataset and its cases are deleted.", confirmLabel: "Delete dataset", danger: true });
    if (!ok) return;
    try {
      await evalsApi.deleteDataset(dataset.id);
      toast("info", `Deleted "${dataset.name}"`);
      navigate(paths.evals());
    } catch (e) {
      toast("error", `Delete failed: ${(e as Error).message}`);
    }
  };

  return (
    <main className="flows-page evals-page">
      <a href={`#${paths.evals()}`} className="link-back">
        ← Evaluations
      </a>
      <PageHeader title={dataset.name} description={`${dataset.cases === 1 ? "1 case" : `${dataset.cases} cases`}, made by ${dataset.createdBy}.`}>
        <button type="button" className="btn btn-danger-ghost" disabled={!!refused} title={refused ?? undefined} onClick={() => void onDelete()}>
          Delete
        </button>
        <button type="button" className="btn" disabled={picked.length !== 2} onClick={compare}>
          Compare {picked.length}/2
        </button>
        <button type="button" className="btn btn-primary" disabled={!!refused} title={refused ?? undefined} onClick={() => setRunning(true)}>
          Run evaluation
        </button>
      </PageHeader>
      {running && <RunEvaluationDialog datasetId={dataset.id} recorded={dataset.items.some((c) => c.recorded)} onClose={() => setRunning(false)} />}

      <section aria-label="Evaluations">
        <h2 className="section-title">Evaluations</h2>
        {evaluations.length === 0 ? (
          <p className="empty">No evaluation yet. Run one of a flow version against these cases.</p>
        ) : (
          <EvaluationsTable evaluations={evaluations} picked={picked} onPick={(id, on) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)))} />
        )}
      </section>

      <section aria-label="Cases">
        <h2 className="section-title">Cases</h2>
        <CasesTable cases={dataset.items} />
      </section>
    </main>
  );
}
