// Problems of the document, live as it is edited (the server's own rules). Clicking a problem
// selects its node or edge, brings it into view and opens the Inspector on it (even from the
// Run tab: a problem is fixed in the Inspector).
import type { Flow, Problem } from "@tandem/shared";
import { useValidation } from "../canvas/validation.js";
import { useDocument } from "../stores/document.js";
import { setPanel } from "../editor/runPanel.js";
import { requestFocus, toggleProblems, useUi } from "../stores/ui.js";
import { CheckIcon, ErrorIcon, WarningIcon } from "../ui/icons.js";

function where(flow: Flow, p: Problem): string {
  if (p.nodeId) return flow.nodes.find((n) => n.id === p.nodeId)?.data.name ?? p.nodeId;
  if (p.edgeId) {
    const e = flow.edges.find((x) => x.id === p.edgeId);
    const name = (id: string) => flow.nodes.find((n) => n.id === id)?.data.name ?? id;
    return e ? `${name(e.source)} → ${name(e.target)}` : p.edgeId;
  }
  return p.path || "flow";
}

export function ValidationPanel() {
  const { problems, errors, warnings } = useValidation((c) => c);
  const flow = useDocument((s) => s.flow);
  const open = useUi((s) => s.problemsOpen);
  return (
    <section className={open ? "problems is-open" : "problems"} aria-labelledby="problems-title">
      <header className="problems-head">
        <button type="button" className="problems-toggle" aria-expanded={open} aria-controls="problems-list" onClick={toggleProblems}>
          <span id="problems-title" className="panel-title">
            Problems
          </span>
          {errors > 0 && (
            <span className="count count-error">
              <ErrorIcon size={13} /> {errors} error{errors === 1 ? "" : "s"}
            </span>
          )}
          {warnings > 0 && (
            <span className="count count-warning">
              <WarningIcon size={13} /> {warnings} warning{warnings === 1 ? "" : "s"}
            </span>
          )}
          {problems.length === 0 && (
            <span className="count count-ok">
              <CheckIcon size={13} /> Ready to run
            </span>
          )}
        </button>
      </header>
      {open && (
        <ul id="problems-list" className="problems-list">
          {problems.map((p, i) => {
            const target = p.nodeId ? ({ kind: "node", id: p.nodeId } as const) : p.edgeId ? ({ kind: "edge", id: p.edgeId } as const) : null;
            const body = (
              <>
                {p.severity === "error" ? <ErrorIcon size={14} /> : <WarningIcon size={14} />}
                <span className="problem-where">{where(flow, p)}</span>
                <span className="problem-message">{p.message}</span>
              </>
            );
            return (
              <li key={`${p.path}-${i}`} className={`problem problem-${p.severity}`}>
                {target ? (
                  <button type="button" className="problem-btn" onClick={() => {
                      setPanel({ tab: "inspect" });
                      requestFocus(target.kind, target.id);
                    }}>
                    {body}
                  </button>
                ) : (
                  <div className="problem-btn">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
