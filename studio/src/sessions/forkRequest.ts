// From what the fork dialog holds to the body of POST /api/runs/:id/fork: only what was changed
// is sent, so an untouched node keeps its settings and an untouched message stays as recorded.
import { idRecord, type ForkRequest, type RunEvent, type RunState } from "@tandem/shared";

export interface NodeSettings {
  systemMessage: string;
  model: string;
  /** As typed; empty means the model's default. */
  temperature: string;
}

export interface ForkForm {
  /** Answer the person's waiting request in the fork (otherwise it waits for a person). */
  answer: { outcome: string; text: string; edit: string | null } | null;
  /** A rewritten message: its seq and new content. */
  message: { seq: number; content: string } | null;
  /** By node id (a Map: a node id is data, whatever its spelling). */
  nodes: ReadonlyMap<string, NodeSettings>;
}

/** The agent nodes' settings as the run had them at `state`. */
export function nodeSettingsOf(state: RunState): Map<string, NodeSettings> {
  const out = new Map<string, NodeSettings>();
  for (const n of state.flow.nodes) {
    if (n.type !== "agent") continue;
    out.set(n.id, { systemMessage: n.data.systemMessage, model: n.data.model, temperature: n.data.temperature === undefined ? "" : String(n.data.temperature) });
  }
  return out;
}

/** Messages that can be rewritten: those recorded as `message` events (a person's reply is part of their answer). */
export function editableMessages(state: RunState, event: (seq: number) => RunEvent | undefined) {
  return state.messages.filter((m) => event(m.seq)?.type === "message");
}

/** Where the fork starts: after an event (`at`), or just before a node visit (`from`). */
export type ForkPoint = Required<Pick<ForkRequest, "at">> | Required<Pick<ForkRequest, "from">>;

export function forkRequest(point: ForkPoint, state: RunState, form: ForkForm): ForkRequest {
  const body: ForkRequest = { ...point };
  if (form.answer && state.pending) {
    const { outcome, text, edit } = form.answer;
    body.answer = {
      ...(outcome ? { outcome } : {}),
      ...(text.trim() ? { text } : {}),
      ...(edit !== null ? { edit } : {}),
    };
  }
  const original = state.messages.find((m) => m.seq === form.message?.seq);
  if (form.message && original && original.content !== form.message.content) body.edits = [{ seq: form.message.seq, content: form.message.content }];
  const before = nodeSettingsOf(state);
  const nodes: NonNullable<ForkRequest["nodes"]> = idRecord();
  for (const [id, now] of form.nodes) {
    const was = before.get(id);
    if (!was) continue;
    const change: NonNullable<ForkRequest["nodes"]>[string] = {};
    if (now.systemMessage !== was.systemMessage) change.systemMessage = now.systemMessage;
    if (now.model.trim() !== was.model) change.model = now.model.trim();
    if (now.temperature.trim() !== was.temperature && now.temperature.trim() !== "") change.temperature = Number(now.temperature);
    if (Object.keys(change).length) nodes[id] = change;
  }
  if (Object.keys(nodes).length) body.nodes = nodes;
  return body;
}
