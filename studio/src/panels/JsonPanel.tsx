// The document as JSON, to read and edit. An edit is applied only once it is valid JSON and a
// valid flow shape (graph problems are fine: they show in the problems panel like any edit).
import { useEffect, useMemo, useState } from "react";
import { readFlowText, flowToJson } from "../flow/exchange.js";
import { documentStore, edit, useDocument } from "../stores/document.js";
import { select } from "../stores/ui.js";

export function JsonPanel() {
  const flow = useDocument((s) => s.flow);
  const current = useMemo(() => flowToJson(flow), [flow]);
  const [draft, setDraft] = useState(current);
  const [dirty, setDirty] = useState(false);

  // Undo, redo or a canvas edit changed the document: show it, unless the person is mid-edit.
  useEffect(() => {
    if (!dirty) setDraft(current);
  }, [current, dirty]);

  const result = useMemo(() => (dirty ? readFlowText(draft) : null), [draft, dirty]);

  const apply = () => {
    if (!result?.ok) return;
    // Keep the server's record id, which the exported JSON leaves out.
    const id = documentStore.getState().flow.id;
    edit(() => (id ? { ...result.flow, id } : result.flow));
    select();
    setDirty(false);
  };

  return (
    <section className="json-panel" aria-label="Flow JSON">
      <div className="json-toolbar">
        <span className="muted small">{dirty ? (result?.ok ? "Valid flow: apply to update the canvas." : "Not applied: fix the problems below.") : "The document as saved and exported."}</span>
        <div className="btn-row">
          <button type="button" className="btn btn-sm" disabled={!dirty} onClick={() => { setDraft(current); setDirty(false); }}>
            Discard edits
          </button>
          <button type="button" className="btn btn-sm btn-primary" disabled={!result?.ok} onClick={apply}>
            Apply JSON
          </button>
        </div>
      </div>
      {result && !result.ok && (
        <div className="json-errors" role="alert">
          <p>{result.message}</p>
          {result.problems.length > 0 && (
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>
                  <code>{p.path || "(document)"}</code> {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <textarea
        className="json-text mono"
        aria-label="Flow JSON text"
        spellCheck={false}
        data-native-undo
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          setDirty(true);
        }}
      />
    </section>
  );
}
