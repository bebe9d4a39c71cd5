// Conversation.send: runs the orchestrator's flow in this process, storing and claiming the run
// like any other (a server on the same data leaves it alone), with people answering in the
// terminal (or through `onHuman`).
import type { HumanAnswer, PendingHuman, RunState, TranscriptMessage } from "@tandem/shared";
import { OFFLINE_NOTICE, type ProviderRegistry } from "../providers/registry.js";
import { openRuntime } from "../runtime.js";
import { driveInTerminal } from "../terminal/drive.js";
import type { Orchestrator } from "./orchestrator.js";

export interface ConversationOptions {
  orchestrator: Orchestrator;
  /** The data directory runs are stored in; defaults to $TANDEM_DATA, else ./.tandem */
  dataDir?: string;
  registry?: ProviderRegistry;
  /**
   * Answers human requests in code instead of the terminal. A request with `reading` asks to
   * confirm how free text was read: answer with an outcome to correct it; any answer without one
   * accepts the reading.
   */
  onHuman?: (request: PendingHuman, state: RunState) => Promise<HumanAnswer> | HumanAnswer;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface ConversationResult {
  runId: string;
  status: RunState["status"];
  output?: string;
  messages: TranscriptMessage[];
}

export class Conversation {
  constructor(private readonly options: ConversationOptions) {}

  async send(message: string): Promise<ConversationResult> {
    const o = this.options;
    const { engine, events, registry, close } = openRuntime({ dataDir: o.dataDir, registry: o.registry });
    const output = o.output ?? process.stdout;
    try {
      if (registry.offline) output.write(`${OFFLINE_NOTICE}\n`);
      const run = engine.start(o.orchestrator.toFlow(), message);
      let state: RunState;
      if (o.onHuman) {
        const onHuman = o.onHuman;
        // An onHuman that throws, or gives an answer the step cannot take, would otherwise leave
        // the run waiting forever: the run is cancelled and send() rejects with that error.
        let failure: { error: unknown } | undefined;
        run.subscribe((e) => {
          if (e.type !== "human.requested") return;
          const pending = run.state.pending!;
          Promise.resolve()
            .then(() => onHuman(pending, run.state))
            .then((a) => run.answer(e.requestId, acceptReading(pending, a), "code"))
            .catch((error: unknown) => {
              failure ??= { error };
              try {
                run.control("cancel");
              } catch {
                // already finished
              }
            });
        });
        state = await run.done;
        if (failure) throw failure.error;
      } else {
        state = (await driveInTerminal(run, { input: o.input ?? process.stdin, output }, events.events(run.id))).state;
      }
      return { runId: state.runId, status: state.status, output: state.output, messages: state.messages };
    } finally {
      await close();
    }
  }
}

/** An answer with no outcome to a reading being confirmed accepts what was read. */
function acceptReading(pending: PendingHuman, answer: HumanAnswer): HumanAnswer {
  if (!pending.reading || answer.outcome !== undefined || !pending.defaultOutcome) return answer;
  return { outcome: pending.defaultOutcome };
}
