// "Re-run from here": a new run that keeps this one's events up to the cursor and goes on live,
// optionally with the person's answer given, a message rewritten, or agents' settings changed.
import type { RunState } from "@tandem/shared";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { runsApi } from "../api/runs.js";
import { useModels } from "../api/useModels.js";
import { navigate, paths } from "../router.js";
import { DialogActions } from "../ui/DialogActions.js";
import { toast } from "../ui/toast.js";
import { describeEvent } from "./describeEvent.js";
import { editableMessages, forkRequest, nodeSettingsOf, type ForkForm, type NodeSettings } from "./forkRequest.js";
import type { Replay } from "./replay.js";

interface Props {
  replay: Replay;
  runId: string;
  onClose: () => void;
}

export function ForkDialog({ replay, runId, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  // The dialog forks from where the cursor was when it opened; playback stops meanwhile.
  const [at] = useState(() => replay.cursor);
  const state = useMemo(() => replay.snapshots.stateAt(at), [replay, at]);
  const [form, setForm] = useState<ForkForm>(() => ({ answer: null, message: null, nodes: nodeSettingsOf(state) }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = (id: string) => state.flow.nodes.find((n) => n.id === id)?.data.name ?? id;
  const event = replay.event(at)!;

  useEffect(() => {
    replay.pause();
    ref.current?.showModal();
  }, [replay]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { runId: child } = await runsApi.fork(runId, forkRequest(at, state, form));
      toast("success", `Forked at event ${at}`);
      navigate(paths.run(child));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog fork-dialog" aria-labelledby="fork-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="fork-title">Re-run from event {at}</h2>
        <p className="muted small">
          The new run keeps events 1–{at} ({describeEvent(event, name)}) without calling any model again, then goes on live.
        </p>
        {state.pending && <AnswerFields state={state} form={form} setForm={setForm} />}
        <MessageFields state={state} replay={replay} form={form} setForm={setForm} />
        <NodeFields state={state} form={form} setForm={setForm} />
        {error && (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">{error}</div>
          </div>
        )}
        <DialogActions onCancel={() => ref.current?.close()} busy={busy} label="Re-run from here" busyLabel="Starting…" />
      </form>
    </dialog>
  );
}

interface FieldsProps {
  state: RunState;
  form: ForkForm;
  setForm: (update: (form: ForkForm) => ForkForm) => void;
}

function AnswerFields({ state, form, setForm }: FieldsProps) {
  const pending = state.pending!;
  const reviewed = state.messages.at(-1);
  const answer = form.answer;
  const set = (patch: Partial<NonNullable<ForkForm["answer"]>>) =>
    setForm((f) => ({ ...f, answer: { outcome: "", text: "", edit: null, ...f.answer, ...patch } }));
  return (
    <fieldset className="fork-section">
      <legend>The person's answer</legend>
      <p className="small muted">{pending.instructions}</p>
      <div className="outcome-row" role="radiogroup" aria-label="Answer">
        <label className="radio">
          <input type="radio" name="fork-answer" checked={!answer} onChange={() => setForm((f) => ({ ...f, answer: null }))} />
          Ask a person again
        </label>
        {pending.outcomes.map(({ name }) => (
          <label key={name} className="radio">
            <input type="radio" name="fork-answer" checked={answer?.outcome === name} onChange={() => set({ outcome: name })} />
            {name}
          </label>
        ))}
      </div>
      {answer && pending.allowText && (
        <label className="field">
          <span>Reply (optional)</span>
          <textarea className="input" rows={2} value={answer.text} onChange={(e) => set({ text: e.target.value })} />
        </label>
      )}
      {answer && pending.allowEdit && reviewed && (
        <label className="field">
          <span>
            <input type="checkbox" checked={answer.edit !== null} onChange={(e) => set({ edit: e.target.checked ? reviewed.content : null })} /> Edit{" "}
            {reviewed.name}'s message
          </span>
          {answer.edit !== null && <textarea className="input" rows={4} value={answer.edit} onChange={(e) => set({ edit: e.target.value })} aria-label="Edited message" />}
        </label>
      )}
    </fieldset>
  );
}

function MessageFields({ state, replay, form, setForm }: FieldsProps & { replay: Replay }) {
  const messages = useMemo(() => editableMessages(state, (seq) => replay.event(seq)).reverse(), [state, replay]);
  if (!messages.length) return null;
  const chosen = form.message;
  const pick = (seq: number) => {
    const m = messages.find((x) => x.seq === seq);
    setForm((f) => ({ ...f, message: m ? { seq: m.seq, content: m.content } : null }));
  };
  return (
    <fieldset className="fork-section">
      <legend>Rewrite a message</legend>
      <select className="input" aria-label="Message to rewrite" value={chosen?.seq ?? ""} onChange={(e) => pick(Number(e.target.value))}>
        <option value="">No message changed</option>
        {messages.map((m) => (
          <option key={m.seq} value={m.seq}>
            #{m.seq} {m.name}: {m.content.slice(0, 60)}
          </option>
        ))}
      </select>
      {chosen && (
        <textarea
          className="input"
          rows={4}
          aria-label="New content"
          value={chosen.content}
          onChange={(e) => setForm((f) => ({ ...f, message: { seq: chosen.seq, content: e.target.value } }))}
        />
      )}
    </fieldset>
  );
}

function NodeFields({ state, form, setForm }: FieldsProps) {
  const models = useModels();
  const agents = state.flow.nodes.filter((n) => n.type === "agent");
  if (!agents.length) return null;
  const set = (id: string, patch: Partial<NodeSettings>) => setForm((f) => ({ ...f, nodes: new Map(f.nodes).set(id, { ...f.nodes.get(id)!, ...patch }) }));
  return (
    <fieldset className="fork-section">
      <legend>Agent settings</legend>
      <datalist id="fork-models">
        {models?.models.map((m) => <option key={m.id} value={m.id} label={m.label} />)}
      </datalist>
      {agents.map((n) => {
        const s = form.nodes.get(n.id)!;
        return (
          <details key={n.id} className="fork-node">
            <summary>{n.data.name}</summary>
            <label className="field">
              <span>System message</span>
              <textarea className="input" rows={3} value={s.systemMessage} onChange={(e) => set(n.id, { systemMessage: e.target.value })} />
            </label>
            <div className="field-row">
              <label className="field">
                <span>Model</span>
                <input className="input mono" list="fork-models" value={s.model} onChange={(e) => set(n.id, { model: e.target.value })} />
              </label>
              <label className="field field-narrow">
                <span>Temperature</span>
                <input className="input" type="number" min={0} max={2} step={0.1} value={s.temperature} onChange={(e) => set(n.id, { temperature: e.target.value })} />
              </label>
            </div>
          </details>
        );
      })}
    </fieldset>
  );
}
