// A made-up but valid run log of any length, for the unit tests and the replay bench: two agents
// drafting and critiquing in turn, a person asked every few rounds, then approval and the end.
import { FLOW_SCHEMA_VERSION, type Flow, type RunEvent, type RunEventBody } from "@tandem/shared";

export const syntheticFlow: Flow = {
  schemaVersion: FLOW_SCHEMA_VERSION,
  name: "Synthetic drafting loop",
  maxSteps: 100_000,
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 100 }, data: { name: "user" } },
    { id: "writer", type: "agent", position: { x: 220, y: 40 }, data: { name: "writer", model: "openai/gpt-4o-mini", systemMessage: "Write a draft.", temperature: 0.7 } },
    { id: "critic", type: "agent", position: { x: 480, y: 40 }, data: { name: "critic", model: "openai/gpt-4o-mini", systemMessage: "Criticise the draft." } },
    {
      id: "reviewer",
      type: "human",
      position: { x: 480, y: 240 },
      data: { name: "reviewer", instructions: "Approve the draft or ask for another round.", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: true, allowEdit: true },
    },
    { id: "end", type: "end", position: { x: 760, y: 240 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_user_writer", source: "user", target: "writer", data: {} },
    { id: "e_writer_critic", source: "writer", target: "critic", data: {} },
    { id: "e_critic_reviewer", source: "critic", target: "reviewer", data: { when: { kind: "contains", value: "ready" } } },
    { id: "e_critic_writer", source: "critic", target: "writer", data: { when: { kind: "otherwise" } } },
    { id: "e_reviewer_end", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e_reviewer_writer", source: "reviewer", target: "writer", data: { when: { kind: "otherwise" } } },
  ],
};

export interface SyntheticOptions {
  /** Writer and critic turns; or use `events` to reach a log length instead. */
  rounds?: number;
  /** Keep adding rounds until the log has at least this many events (then it finishes). */
  events?: number;
  /** Ask the person after every this many rounds. */
  humanEvery?: number;
  /** Streamed pieces per reply. */
  deltas?: number;
}

export function syntheticRun({ rounds = 3, events, humanEvery = 2, deltas = 2 }: SyntheticOptions = {}): RunEvent[] {
  const log: RunEvent[] = [];
  let at = Date.UTC(2025, 0, 6, 9, 0, 0);
  let messages = 0;
  let requests = 0;
  const push = (body: RunEventBody, ms = 40) => {
    at += ms;
    log.push({ ...body, seq: log.length + 1, at } as RunEvent);
  };
  const visits: Record<string, number> = {};
  const start = (nodeId: string) => push({ type: "node.started", nodeId, visit: (visits[nodeId] = (visits[nodeId] ?? 0) + 1), attempt: 1 });
  const agent = (nodeId: "writer" | "critic", content: string, to: string, reason: string) => {
    start(nodeId);
    const node = syntheticFlow.nodes.find((n) => n.id === nodeId)!;
    const callId = `call-${log.length + 1}`;
    const system = node.type === "agent" ? node.data.systemMessage : "";
    push({ type: "llm.request", nodeId, callId, model: "openai/gpt-4o-mini", params: nodeId === "writer" ? { temperature: 0.7 } : {}, system, messageCount: messages });
    const words = content.split(" ");
    const piece = Math.ceil(words.length / deltas);
    for (let i = 0; i < deltas; i++) push({ type: "message.delta", nodeId, text: words.slice(i * piece, (i + 1) * piece).join(" ") + (i < deltas - 1 ? " " : "") }, 120);
    push({ type: "llm.response", nodeId, callId, content, usage: { promptTokens: 40 + messages * 12, completionTokens: words.length }, latencyMs: 120 * deltas + 300, retries: 0 });
    push({ type: "message", nodeId, role: "assistant", name: nodeId, content });
    messages++;
    push({ type: "route.taken", from: nodeId, to, edgeId: `e_${nodeId}_${to}`, reason });
  };
  const ask = (outcome: "approve" | "revise", answer: { text?: string; edit?: string }) => {
    start("reviewer");
    const requestId = `request-${++requests}`;
    push({ type: "human.requested", nodeId: "reviewer", requestId, instructions: "Approve the draft or ask for another round.", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: true, allowEdit: true });
    push({ type: "human.responded", nodeId: "reviewer", requestId, by: "sam", outcome, ...answer }, 20_000);
    messages++; // the answer's text (or else its outcome) joins the transcript
    const to = outcome === "approve" ? "end" : "writer";
    push({ type: "route.taken", from: "reviewer", to, edgeId: `e_reviewer_${to}`, reason: outcome === "approve" ? 'outcome is "approve"' : "otherwise" });
  };

  const input = "Write a short note to the team about Friday's release.";
  push({ type: "run.started", runId: "synthetic", flow: syntheticFlow, input, options: {} }, 0);
  start("user");
  push({ type: "message", nodeId: "user", role: "user", name: "user", content: input });
  messages++;
  push({ type: "route.taken", from: "user", to: "writer", edgeId: "e_user_writer", reason: "always" });
  for (let round = 1; events !== undefined ? log.length < events - 16 : round <= rounds; round++) {
    agent("writer", `Draft ${round}: Friday's release ships the new replay view; the team meets at ten to go through the checklist.`, "critic", "always");
    const ready = round % humanEvery === 0;
    agent(
      "critic",
      ready ? `Round ${round}: the draft is ready for a person to review.` : `Round ${round}: say when, and who to call if the rollout goes wrong.`,
      ready ? "reviewer" : "writer",
      ready ? 'contains "ready"' : "otherwise",
    );
    if (ready) ask("revise", { text: `Round ${round}: shorter, please.` });
  }
  agent("writer", "Final draft: the release ships Friday at ten; rollback plan attached.", "critic", "always");
  agent("critic", "The final draft is ready.", "reviewer", 'contains "ready"');
  ask("approve", { edit: "Final draft: the release ships Friday at 10:00; the rollback plan is attached." });
  start("end");
  push({ type: "run.finished", status: "completed", output: "Final draft: the release ships Friday at 10:00; the rollback plan is attached." });
  return log;
}
