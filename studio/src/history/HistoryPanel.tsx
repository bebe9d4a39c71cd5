// The editor's History tab: every saved version, newest first, with who saved it, when (kept
// current) and its message. Tick two to see what changed between them (drawn over the
// canvas: VersionDiff), or restore one.
import type { FlowVersionInfo } from "@tandem/shared";
import { useEffect, useState } from "react";
import { api } from "../api/client.js";
import { useWhyNot } from "../auth/permissions.js";
import { useDocument } from "../stores/document.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { restoreVersion } from "./restore.js";
import { closeComparison, compare, useHistoryState } from "./store.js";

type Load = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; versions: FlowVersionInfo[] };

export function HistoryPanel() {
  const flowId = useDocument((s) => s.flowId);
  // Read again after each save or restore: the saved version changes.
  const saved = useDocument((s) => s.version);
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [picked, setPicked] = useState<number[]>([]);
  const comparing = useHistoryState((s) => s.comparing);
  const cannotWrite = useWhyNot("flows.write");

  useEffect(() => {
    if (!flowId) return;
    let live = true;
    api.flowVersions(flowId).then(
      (versions) => live && setLoad({ state: "ready", versions }),
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [flowId, saved]);

  // Leaving the tab leaves the comparison too.
  useEffect(() => closeComparison, []);

  // Two at most: a third tick lets go of the first.
  const toggle = (version: number) =>
    setPicked((p) => (p.includes(version) ? p.filter((v) => v !== version) : [...p, version].slice(-2)));

  if (load.state === "loading") return <p className="muted history-status">Loading the history…</p>;
  if (load.state === "failed") return <p className="field-error history-status" role="alert">The history could not be read: {load.message}</p>;
  const [a, b] = picked;
  const latest = load.versions[0]?.version;
  return (
    <section className="history" aria-label="History">
      <div className="history-head">
        <p className="muted small">Tick two versions to see what changed between them.</p>
        <button type="button" className="btn btn-sm btn-primary" disabled={b === undefined} onClick={() => a !== undefined && b !== undefined && compare(a, b)}>
          Show changes
        </button>
      </div>
      <ol className="version-list">
        {load.versions.map((v) => {
          const shown = comparing && (comparing.older === v.version || comparing.newer === v.version);
          return (
            <li key={v.version} className={`version${shown ? " is-compared" : ""}`} aria-label={`Version ${v.version}`}>
              <label className="version-pick">
                <input type="checkbox" checked={picked.includes(v.version)} onChange={() => toggle(v.version)} aria-label={`Compare version ${v.version}`} />
                <span className="version-number">v{v.version}</span>
              </label>
              <div className="version-body">
                <div className="version-message">{v.message ?? <span className="muted">No message</span>}</div>
                <div className="muted small">
                  {v.savedBy ? v.savedBy.name : "Unknown"} · <TimeAgo at={v.savedAt} />
                  {v.version === latest && <span className="badge">latest</span>}
                  {!v.valid && <span className="badge badge-warning">draft</span>}
                </div>
              </div>
              {v.version !== latest && (
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  disabled={!!cannotWrite}
                  title={cannotWrite ?? `Save version ${v.version}'s flow again as the newest version`}
                  onClick={() => void restoreVersion(v.version)}
                  aria-label={`Restore version ${v.version}`}
                >
                  Restore
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
