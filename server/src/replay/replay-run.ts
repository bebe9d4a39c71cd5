// Hermetic replay: runs a recorded run's flow again through the engine, with the replay
// provider for model calls, the recorded readings of replies and the recorded answers for
// people, and no network. The result
// can be compared with the recording (see comparable): a faithful engine gives the same events.
import type { RunEvent } from "@tandem/shared";
import { checkFlowDocument } from "../engine/checked-flow.js";
import { hermeticRuntime, recordedRegistry } from "./hermetic.js";
import { recordedJudge } from "./recorded-judge.js";
import { recordedTools } from "./recorded-tools.js";

/** The ids the recording handed out, in the order the engine asks for them. */
function recordedIds(events: readonly RunEvent[]): string[] {
  const ids: string[] = [];
  for (const e of events) {
    if (e.type === "run.started") ids.push(e.runId);
    else if (e.type === "llm.request") ids.push(e.callId);
    else if (e.type === "llm.response") ids.push(...(e.toolCalls ?? []).map((c) => c.id));
    else if (e.type === "human.requested" || e.type === "tool.approval.requested") ids.push(e.requestId);
  }
  return ids;
}

export async function replayRun(recording: readonly RunEvent[]): Promise<RunEvent[]> {
  const started = recording[0];
  if (started?.type !== "run.started") throw new Error("a recording starts with run.started");
  const ids = recordedIds(recording);
  // A request that timed out in the recording: the replay's clock jumps to its deadline, so it times out at once.
  let skew = 0;
  const now = () => Date.now() + skew;
  const { engine, events, close } = await hermeticRuntime(recordedRegistry(recording), {
    newId: () => ids.shift() ?? "unrecorded-id",
    now,
    judge: recordedJudge(recording),
    tools: recordedTools(recording),
  });
  const answers = new Map<string, Extract<RunEvent, { type: "human.responded" }>>();
  const timedOut = new Set<string>();
  const decisions = new Map<string, Extract<RunEvent, { type: "tool.approved" | "tool.rejected" }>>();
  for (const e of recording) {
    if (e.type === "tool.approved" || e.type === "tool.rejected") decisions.set(e.requestId, e);
    if (e.type === "human.responded") answers.set(e.requestId, e);
    if (e.type === "human.timed_out") timedOut.add(e.requestId);
  }
  try {
    const run = await engine.start(checkFlowDocument(started.flow), started.input, { options: started.options, flowId: started.flowId, flowVersion: started.flowVersion });
    // What the run cannot take as recorded ends it: the replay then differs from the recording.
    const cancel = () => {
      if (!run.state.finishStatus) run.control("cancel");
    };
    run.subscribe((e) => {
      if (e.type === "tool.approval.requested") return decideAsRecorded(e.requestId);
      if (e.type !== "human.requested") return;
      if (timedOut.has(e.requestId) && e.deadline !== undefined) {
        skew += Math.max(0, e.deadline - now());
        return;
      }
      const a = answers.get(e.requestId);
      if (a) void run.answer(e.requestId, { outcome: a.outcome, text: a.text, edit: a.edit }, a.by, a.key).catch(cancel);
      else cancel();
    });
    function decideAsRecorded(requestId: string) {
      const d = decisions.get(requestId);
      if (!d) return cancel();
      const decision = d.type === "tool.approved" ? { decision: "approve" as const, arguments: d.arguments } : { decision: "reject" as const, reason: d.reason, result: d.result };
      void run.decide(requestId, decision, d.by, d.key).catch(cancel);
    }
    await run.done;
    return await events.events(run.id);
  } finally {
    await close();
  }
}

/**
 * The part of an event log that must be identical between a recording and its replay:
 * everything but wall-clock times, with streamed text joined per node turn (how text is
 * split into stored deltas depends on timing, not on what the run did).
 */
export function comparable(events: readonly RunEvent[]): unknown[] {
  const out: Record<string, unknown>[] = [];
  for (const e of events) {
    const { seq: _seq, at: _at, ...rest } = e;
    if (rest.type === "llm.response") delete (rest as { latencyMs?: number }).latencyMs;
    if (rest.type === "human.requested") delete (rest as { deadline?: number }).deadline;
    const prev = out[out.length - 1];
    if (rest.type === "message.delta" && prev?.type === "message.delta" && prev.nodeId === rest.nodeId) {
      prev.text = `${prev.text as string}${rest.text}`;
      continue;
    }
    out.push({ ...rest });
  }
  return out;
}
