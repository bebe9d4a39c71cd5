// The saved flows: open, create (blank or from a template), rename, duplicate, delete,
// import and export.
import type { Flow, FlowRecord, FlowSummary } from "@tandem/shared";
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.js";
import { AccountMenu } from "../auth/AccountMenu.js";
import { useWhyNot } from "../auth/permissions.js";
import { createFrom, duplicateFlow, exportFlow, importFile, renameFlow } from "../flows/actions.js";
import { FlowTable } from "../flows/FlowTable.js";
import { TemplateGallery } from "../flows/TemplateGallery.js";
import { navigate, paths } from "../router.js";
import { TasksLink } from "../run/TasksLink.js";
import { confirm } from "../ui/confirm.js";
import { useImportFile } from "../ui/ImportFile.js";
import { PageHeader } from "../ui/PageHeader.js";
import { toast } from "../ui/toast.js";

type List = { state: "loading" } | { state: "ready"; flows: FlowSummary[] } | { state: "failed"; message: string };

export function FlowsPage() {
  const [list, setList] = useState<List>({ state: "loading" });
  const [busy, setBusy] = useState(false);
  // Those who may not change flows see and export them, with the reason in place of the rest.
  const readOnly = useWhyNot("flows.write");

  const refresh = useCallback(async () => {
    try {
      setList({ state: "ready", flows: await api.listFlows() });
    } catch (e) {
      setList({ state: "failed", message: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** Runs an action that may fail, with one message for the failure. */
  const run = async <T,>(what: string, action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    try {
      return await action();
    } catch (e) {
      toast("error", `${what} failed: ${(e as Error).message}`);
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const open = (record: FlowRecord | undefined) => record && navigate(paths.editor(record.id));

  const imports = useImportFile({
    label: "Import JSON",
    testId: "import-file",
    outcome: "Nothing was saved.",
    disabled: busy,
    importFile: async (file) => {
      const result = await run("Import", () => importFile(file));
      // No result: it failed, and run() said so.
      if (!result) return null;
      if (!result.ok) return { file: file.name, message: result.message, problems: result.problems };
      toast("success", `Imported "${result.flow.name}"`);
      open(result.record);
      return null;
    },
  });

  const onDelete = async (flow: FlowSummary) => {
    const ok = await confirm({
      title: `Delete "${flow.name}"?`,
      message: "The flow and all its versions are deleted. This cannot be undone.",
      confirmLabel: "Delete flow",
      danger: true,
    });
    if (!ok) return;
    await run("Delete", () => api.deleteFlow(flow.id));
    toast("info", `Deleted "${flow.name}"`);
    await refresh();
  };

  return (
    <main className="flows-page">
      <PageHeader title="Flows" description="Agents and people, working in one flow.">
        <a className="btn btn-ghost" href={`#${paths.sessions()}`}>
          Sessions
        </a>
        <TasksLink />
        <a className="btn btn-ghost" href={`#${paths.deployments()}`}>
          Deployments
        </a>
        <a className="btn btn-ghost" href={`#${paths.audit()}`}>
          Audit
        </a>
        <a className="btn btn-ghost" href={`#${paths.evals()}`}>
          Evaluations
        </a>
        {!readOnly && imports.button}
        <AccountMenu />
      </PageHeader>

      {imports.alert}

      {readOnly ? (
        <p className="muted" role="note">
          {readOnly}
        </p>
      ) : (
        <TemplateGallery
          busy={busy}
          onBlank={() => navigate(paths.newFlow())}
          onTemplate={(flow: Flow) => void run("Create", () => createFrom(flow)).then(open)}
        />
      )}

      <section aria-labelledby="saved-title">
        <h2 id="saved-title" className="section-title">
          Saved flows
        </h2>
        {list.state === "loading" && <p className="muted" aria-busy="true">Loading…</p>}
        {list.state === "failed" && (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">
              Could not load the flows: {list.message}{" "}
              <button type="button" className="link-btn" onClick={() => void refresh()}>
                Try again
              </button>
            </div>
          </div>
        )}
        {list.state === "ready" && list.flows.length === 0 && <p className="empty">No flows yet. Start one above, or import a JSON file.</p>}
        {list.state === "ready" && list.flows.length > 0 && (
          <FlowTable
            flows={list.flows}
            onRename={
              readOnly
                ? undefined
                : async (flow, name) => {
                    await run("Rename", () => renameFlow(flow.id, name));
                    await refresh();
                  }
            }
            onDuplicate={readOnly ? undefined : (flow) => void run("Duplicate", () => duplicateFlow(flow.id)).then(() => refresh())}
            onExport={(flow) => void run("Export", () => exportFlow(flow.id))}
            onDelete={readOnly ? undefined : (flow) => void onDelete(flow)}
          />
        )}
      </section>
    </main>
  );
}
