// "Re-run from here": a new run that keeps this one's events up to the cursor and goes on live,
// optionally with the person's answer given, a message rewritten, or agents' settings changed.
import type { RunState } from "@tandem/shared";
import { useEffect, useMemo, useState } from "react";
import { describeEvent } from "./describeEvent.js";
import { ForkFrame } from "./ForkFrame.js";
import { editableMessages, forkRequest, nodeSettingsOf, type ForkForm } from "./forkRequest.js";
import { NodeFields } from "./NodeFields.js";
import type { Replay } from "./replay.js";

interface Props {
  replay: Replay;
  runId: string;
  onClose: () => void;
}

export function ForkDialog({ replay, runId, onClose }: Props) {
  // The dialog forks from where the cursor was when it opened; playback stops meanwhile.
  const [at] = useState(() => replay.cursor);
  const state = useMemo(() => replay.snapshots.stateAt(at), [replay, at]);
  const [form, setForm] = useState<ForkForm>(() => ({ answer: null, message: null, nodes: nodeSettingsOf(state) }));
  const name = (id: string) => state.flow.nodes.find((n) => n.id === id)?.data.name ?? id;
  const event = replay.event(at)!;

  useEffect(() => {
    replay.pause();
  }, [replay]);

  return (
    <ForkFrame runId={runId} title={`Re-run from event ${at}`} body={() => forkRequest({ at }, state, form)} started={`Forked at event ${at}`} onClose={onClose}>
      <p className="muted small">
        The new run keeps events 1–{at} ({describeEvent(event, name)}) without calling any model again, then goes on live.
      </p>
      {state.pending && <AnswerFields state={state} form={form} setForm={setForm} />}
      <MessageFields state={state} replay={replay} form={form} setForm={setForm} />
      <NodeFields state={state} form={form} setForm={setForm} />
    </ForkFrame>
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
