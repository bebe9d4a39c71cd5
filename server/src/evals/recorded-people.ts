// What people answered in a recording, by the question they were asked: the same human step
// on the same visit (whatever its prompt says now), in the order asked. Tool-call decisions
// likewise, by the step and visit of the call.
import type { HumanAnswer, RunEvent, ToolDecision } from "@tandem/shared";

export interface RecordedPeople {
  answer(nodeId: string, visit: number): HumanAnswer | undefined;
  decision(nodeId: string, visit: number): ToolDecision | undefined;
}

export function recordedPeople(recording: readonly RunEvent[]): RecordedPeople {
  const visits = new Map<string, number>();
  const asked = new Map<string, string>();
  const answers = new Map<string, HumanAnswer[]>();
  const decisions = new Map<string, ToolDecision[]>();
  const add = <T>(map: Map<string, T[]>, key: string | undefined, value: T) => {
    if (key !== undefined) map.set(key, [...(map.get(key) ?? []), value]);
  };
  for (const e of recording) {
    if (e.type === "node.started") visits.set(e.nodeId, e.visit);
    else if (e.type === "human.requested" || e.type === "tool.approval.requested") asked.set(e.requestId, `${e.nodeId}#${visits.get(e.nodeId) ?? 1}`);
    else if (e.type === "human.responded") add(answers, asked.get(e.requestId), { outcome: e.outcome, text: e.text, edit: e.edit, fallback: e.fallback });
    else if (e.type === "human.timed_out") add(answers, asked.get(e.requestId), { outcome: e.outcome });
    else if (e.type === "tool.approved") add(decisions, asked.get(e.requestId), { decision: "approve", arguments: e.arguments });
    else if (e.type === "tool.rejected") add(decisions, asked.get(e.requestId), { decision: "reject", reason: e.reason, result: e.result });
  }
  return {
    answer: (nodeId, visit) => answers.get(`${nodeId}#${visit}`)?.shift(),
    decision: (nodeId, visit) => decisions.get(`${nodeId}#${visit}`)?.shift(),
  };
}
