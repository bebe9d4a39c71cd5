// Sessions: every run, newest first, filtered by flow, status and what was said, a page at a
// time (the server pages, so 10,000 runs cost what 50 do). Runs are opened for replay, two can
// be compared, ticked ones made into an evaluation dataset, and a run export can be imported.
import { RUN_STATUSES, type RunSummary } from "@tandem/shared";
import { useEffect, useState } from "react";
import { runsApi } from "../api/runs.js";
import { useFlowList } from "../api/useFlowList.js";
import { AccountMenu } from "../auth/AccountMenu.js";
import { useWhyNot } from "../auth/permissions.js";
import { MakeDatasetDialog } from "../evals/MakeDatasetDialog.js";
import { navigate, paths, replaceRoute } from "../router.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";
import { TasksLink } from "../run/TasksLink.js";
import { importRunFile } from "../sessions/importRun.js";
import { formatQuery, PAGE_SIZE, parseQuery, toFilter, type SessionQuery } from "../sessions/query.js";
import { RunsTable } from "../sessions/RunsTable.js";
import { FlowSelect } from "../ui/FlowSelect.js";
import { useImportFile } from "../ui/ImportFile.js";
import { ListSection, useListLoad } from "../ui/ListSection.js";
import { PageHeader } from "../ui/PageHeader.js";
import { Pager } from "../ui/Pager.js";
import { toast } from "../ui/toast.js";


/** Typing in the search box waits this long before asking the server. */
const SEARCH_DELAY_MS = 250;

export function SessionsPage({ search }: { search: string }) {
  const query = parseQuery(search);
  const [text, setText] = useState(query.text);
  // Kept across pages of the list: a dataset may gather runs from several.
  const [picked, setPicked] = useState<RunSummary[]>([]);
  const [making, setMaking] = useState(false);
  const cannotMake = useWhyNot("evals.run");
  const key = formatQuery(query);
  const list = useListLoad(key, async () => {
    const { runs, total } = await runsApi.list(toFilter(parseQuery(key)));
    return { items: runs, total };
  });
  const flows = useFlowList();

  // The search box asks the server once typing pauses; the address follows without new history.
  useEffect(() => {
    const current = parseQuery(key);
    if (text === current.text) return;
    const timer = setTimeout(() => replaceRoute(paths.sessions(formatQuery({ ...current, text, offset: 0 }))), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, key]);

  // Back and Forward bring their own search text.
  useEffect(() => {
    setText(query.text);
  }, [query.text]);

  const go = (patch: Partial<SessionQuery>) => navigate(paths.sessions(formatQuery({ ...query, offset: 0, ...patch })));

  const imports = useImportFile({
    label: "Import run",
    testId: "import-run-file",
    outcome: "Nothing was imported.",
    importFile: async (file) => {
      try {
        const outcome = await importRunFile(file);
        if (!outcome.ok) return { file: file.name, message: outcome.message };
        toast("success", `Imported ${file.name} as a read-only run`);
        navigate(paths.session(outcome.runId));
        return null;
      } catch (err) {
        return { file: file.name, message: (err as Error).message };
      }
    },
  });

  return (
    <main className="flows-page sessions-page">
      <PageHeader title="Sessions" description="Every run, to replay step by step, inspect and fork.">
        <a className="btn btn-ghost" href={`#${paths.flows()}`}>
          Flows
        </a>
        <TasksLink />
        <a className="btn btn-ghost" href={`#${paths.audit()}`}>
          Audit
        </a>
        <a className="btn btn-ghost" href={`#${paths.evals()}`}>
          Evaluations
        </a>
        <button type="button" className="btn" disabled={picked.length !== 2} onClick={() => navigate(paths.compare(picked[0]!.id, picked[1]!.id))}>
          Compare {picked.length}/2
        </button>
        <button type="button" className="btn" disabled={picked.length === 0 || !!cannotMake} title={cannotMake ?? undefined} onClick={() => setMaking(true)}>
          Make dataset{picked.length > 0 && ` (${picked.length})`}
        </button>
        {imports.button}
        <AccountMenu />
      </PageHeader>

      {imports.alert}
      {making && <MakeDatasetDialog runs={picked} onClose={() => setMaking(false)} />}

      <form className="session-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <FlowSelect flows={flows} value={query.flow} onChange={(flow) => go({ flow })} />
        <label className="field">
          <span>Status</span>
          <select className="input" value={query.status} onChange={(e) => go({ status: e.target.value as SessionQuery["status"] })}>
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {RUN_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-grow">
          <span>Said in the run</span>
          <input className="input" type="search" value={text} placeholder="Search messages, replies and edits" onChange={(e) => setText(e.target.value)} />
        </label>
      </form>

      <ListSection
        label="Runs"
        load={list}
        what="the runs"
        empty={key ? "No run matches these filters." : "No runs yet. Run a flow from its editor, or import a run."}
      >
        {(runs, total) => (
          <>
            <RunsTable
              runs={runs}
              picked={picked.map((r) => r.id)}
              onPick={(run, on) => setPicked((p) => (on ? [...p, run] : p.filter((x) => x.id !== run.id)))}
            />
            <Pager offset={query.offset} shown={runs.length} total={total} pageSize={PAGE_SIZE} onGo={(offset) => go({ offset })} />
          </>
        )}
      </ListSection>
    </main>
  );
}
