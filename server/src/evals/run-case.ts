// One case of an evaluation: the chosen flow version run through the engine in a runtime of its
// own, in memory, with ids from a counter and a clock that does not move, so that the same
// case gives the same result every time. Model replies come from the case's recording (or
// the live models), tools' results always from the recording, and people's answers from the
// recording where the same question is asked, else from the simulated person.
import type { CaseResult, EvaluationRequest, Flow, HumanAnswer, RunEvent, RunState } from "@tandem/shared";
import { checkFlowDocument } from "../engine/checked-flow.js";
import type { Judge } from "../engine/deps.js";
import { liveJudge } from "../engine/judge.js";
import { createRegistry, type ProviderRegistry } from "../providers/registry.js";
import { hermeticRuntime, recordedRegistry } from "../replay/hermetic.js";
import { recordedJudge } from "../replay/recorded-judge.js";
import { recordedTools } from "../replay/recorded-tools.js";
import type { StoredCase } from "../store/datasets.js";
import { recordedPeople } from "./recorded-people.js";
import { DEFAULT_INSTRUCTIONS, simulatedAnswer } from "./simulated-person.js";
import { OFFLINE_MODEL } from "./structured-call.js";

/** The time every evaluated run sees (2026-01-01): no result depends on when it ran. */
const FIXED_CLOCK = 1_767_225_600_000;

export type CaseRun = Omit<CaseResult, "caseId" | "input" | "scores">;

// A reply whose reading was not recorded (a changed step) is read offline: still hermetic.
const offlineRegistry = createRegistry({ env: {} });
const offlineJudge: Judge = (ask, ctx) => liveJudge(ask, { ...ctx, registry: offlineRegistry });

/** Every agent on the chosen model. */
function onModel(flow: Flow, model: string): Flow {
  return { ...flow, nodes: flow.nodes.map((n) => (n.type === "agent" ? { ...n, data: { ...n.data, model } } : n)) };
}

/** What the run ended on: the last outcome a person, a timeout or the judge chose. */
function outcomeOf(events: readonly RunEvent[]): string | null {
  let outcome: string | null = null;
  for (const e of events) {
    if ((e.type === "human.responded" || e.type === "reply.read") && e.outcome) outcome = e.outcome;
    else if (e.type === "human.timed_out") outcome = e.outcome;
  }
  return outcome;
}

/** The last thing an agent said. */
function outputOf(state: RunState): string {
  return state.messages.findLast((m) => m.role === "assistant" && m.content.trim() !== "")?.content ?? "";
}

export async function runCase(flow: Flow, c: StoredCase, request: Pick<EvaluationRequest, "flowId" | "version" | "models" | "people">, registry: ProviderRegistry): Promise<CaseRun> {
  const { models, people } = request;
  if (models.kind === "recorded" && !c.recording) {
    return { status: "failed", output: "", outcome: null, steps: 0, tokens: 0, costUsd: 0, simulatedAnswers: 0, error: `${c.id} has no recording to answer model calls from: evaluate it with live models` };
  }
  const recording = c.recording ?? [];
  let n = 0;
  const runtime = await hermeticRuntime(models.kind === "recorded" ? recordedRegistry(recording) : registry, {
    newId: () => `id-${++n}`,
    now: () => FIXED_CLOCK,
    judge: models.kind === "recorded" ? recordedJudge(recording, offlineJudge) : undefined,
    tools: recordedTools(recording),
  });
  const recorded = recordedPeople(recording);
  const simulated = people.kind === "simulated" ? people : { instructions: DEFAULT_INSTRUCTIONS, model: undefined };
  let simulatedAnswers = 0;
  let error: string | undefined;
  try {
    const toRun = models.kind === "live" && models.model ? onModel(flow, models.model) : flow;
    const run = await runtime.engine.start(checkFlowDocument(toRun), c.input, { flowId: request.flowId, flowVersion: request.version });
    const stop = (why: string) => {
      error ??= why;
      if (!run.state.finishStatus) run.control("cancel");
    };
    const visits = new Map<string, number>();
    const answer = async (e: Extract<RunEvent, { type: "human.requested" }>, visit: number) => {
      const given = recorded.answer(e.nodeId, visit);
      if (given && (await tryAnswer(e.requestId, given, "recording"))) return;
      const reply = await simulatedAnswer(registry, simulated.model ?? OFFLINE_MODEL, simulated.instructions, e, run.state.messages);
      simulatedAnswers++;
      await run.answer(e.requestId, reply, "simulated person");
    };
    // A recorded answer the changed step no longer takes (an outcome it lost) goes to the simulated person.
    const tryAnswer = async (requestId: string, given: HumanAnswer, by: string) => {
      try {
        await run.answer(requestId, given, by);
        return true;
      } catch {
        return false;
      }
    };
    const decide = async (e: Extract<RunEvent, { type: "tool.approval.requested" }>) => {
      const decision = recorded.decision(e.nodeId, visits.get(e.nodeId) ?? 1);
      if (decision) await run.decide(e.requestId, decision, "recording");
      else stop(`the recording has no decision on the tool call of "${e.nodeId}"`);
    };
    run.subscribe((e) => {
      if (e.type === "node.started") visits.set(e.nodeId, e.visit);
      else if (e.type === "human.requested") {
        answer(e, visits.get(e.nodeId) ?? 1).catch((err: Error) => stop(`the simulated person could not answer "${e.instructions.slice(0, 60)}": ${err.message}`));
      } else if (e.type === "tool.approval.requested") {
        decide(e).catch((err: Error) => stop(`the recorded decision on the tool call of "${e.nodeId}" was refused: ${err.message}`));
      }
    });
    const state = await run.done;
    const stuck = state.error?.code === "no_progress";
    return {
      status: stuck ? "stuck" : (state.finishStatus ?? "failed"),
      output: outputOf(state),
      outcome: outcomeOf(await runtime.events.events(run.id)),
      steps: state.steps,
      tokens: state.usage.promptTokens + state.usage.completionTokens,
      costUsd: state.costUsd,
      simulatedAnswers,
      ...((error ?? state.error?.message) ? { error: error ?? state.error!.message } : {}),
    };
  } finally {
    await runtime.close();
  }
}
