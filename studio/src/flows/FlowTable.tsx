// The saved flows, with what can be done to each.
import type { FlowSummary } from "@tandem/shared";
import { useState, type FormEvent } from "react";
import { paths } from "../router.js";
import { CopyIcon, DownloadIcon, PencilIcon, TrashIcon } from "../ui/icons.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";
import { TimeAgo } from "../ui/TimeAgo.js";

interface Props {
  flows: FlowSummary[];
  /** Rename, duplicate and delete are offered only to those who may change flows. */
  onRename?: (flow: FlowSummary, name: string) => Promise<void>;
  onDuplicate?: (flow: FlowSummary) => void;
  onExport: (flow: FlowSummary) => void;
  onDelete?: (flow: FlowSummary) => void;
}

export function FlowTable({ flows, onRename, onDuplicate, onExport, onDelete }: Props) {
  const [renaming, setRenaming] = useState<string | null>(null);
  return (
    <table className="flow-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Last run</th>
          <th scope="col">Updated</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {flows.map((flow) => (
          <tr key={flow.id}>
            <td className="flow-name-cell">
              {renaming === flow.id && onRename ? (
                <RenameForm
                  name={flow.name}
                  onCancel={() => setRenaming(null)}
                  onSubmit={async (name) => {
                    await onRename(flow, name);
                    setRenaming(null);
                  }}
                />
              ) : (
                <>
                  <a href={`#${paths.editor(flow.id)}`} className="flow-link">
                    {flow.name}
                  </a>
                  <span className="muted small"> v{flow.version}</span>
                </>
              )}
            </td>
            <td>{flow.valid ? <span className="badge badge-ok">Valid</span> : <span className="badge badge-warning">Draft · invalid</span>}</td>
            <td>
              {flow.lastRun ? (
                <span className={`run-status run-${flow.lastRun.status}`}>
                  {RUN_STATUS_LABEL[flow.lastRun.status]}{" "}
                  <span className="muted small">
                    <TimeAgo at={flow.lastRun.startedAt} />
                  </span>
                </span>
              ) : (
                <span className="muted">Never run</span>
              )}
            </td>
            <td className="muted">
              <TimeAgo at={flow.updatedAt} standalone />
            </td>
            <td className="row-actions">
              {onRename && (
                <button type="button" className="icon-btn" aria-label={`Rename ${flow.name}`} title="Rename" onClick={() => setRenaming(flow.id)}>
                  <PencilIcon />
                </button>
              )}
              {onDuplicate && (
                <button type="button" className="icon-btn" aria-label={`Duplicate ${flow.name}`} title="Duplicate" onClick={() => onDuplicate(flow)}>
                  <CopyIcon />
                </button>
              )}
              <button type="button" className="icon-btn" aria-label={`Export ${flow.name}`} title="Export JSON" onClick={() => onExport(flow)}>
                <DownloadIcon />
              </button>
              {onDelete && (
                <button type="button" className="icon-btn icon-btn-danger" aria-label={`Delete ${flow.name}`} title="Delete" onClick={() => onDelete(flow)}>
                  <TrashIcon />
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RenameForm({ name, onSubmit, onCancel }: { name: string; onSubmit: (name: string) => Promise<void>; onCancel: () => void }) {
  const [value, setValue] = useState(name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = value.trim();
    if (!next || next === name) return onCancel();
    void onSubmit(next);
  };
  return (
    <form className="rename-form" onSubmit={submit}>
      <input
        className="input"
        value={value}
        aria-label="New name"
        autoFocus
        onFocus={(e) => e.target.select()}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
      />
      <button type="submit" className="btn btn-sm btn-primary">
        Rename
      </button>
      <button type="button" className="btn btn-sm" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
