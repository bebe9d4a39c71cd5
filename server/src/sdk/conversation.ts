// Conversation.send: runs the orchestrator's flow in this process, storing the run like any
// other, with people answering in the terminal (or through `onHuman`).
import type { HumanAnswer, PendingHuman, RunState, TranscriptMessage } from "@tandem/shared";
import { Engine } from "../engine/engine.js";
import { createRegistry, OFFLINE_NOTICE, type ProviderRegistry } from "../providers/registry.js";
import { dataDir, openDb } from "../store/db.js";
import { createSqliteEventStore } from "../store/sqlite-events.js";
import type { EventStore } from "../store/types.js";
import { driveInTerminal } from "../terminal/drive.js";
import type { Orchestrator } from "./orchestrator.js";

export interface ConversationOptions {
  orchestrator: Orchestrator;
  /** Where runs are stored; defaults to SQLite in $TANDEM_DATA or ./.tandem */
  store?: EventStore;
  registry?: ProviderRegistry;
  /** Answers human requests in code instead of the terminal. */
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
    const store = o.store ?? createSqliteEventStore(openDb(dataDir()));
    const registry = o.registry ?? createRegistry();
    const output = o.output ?? process.stdout;
    try {
      if (registry.offline) output.write(`${OFFLINE_NOTICE}\n`);
      const engine = new Engine({ store, registry });
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
            .then((a) => run.answer(e.requestId, a, "code"))
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
        state = (await driveInTerminal(run, { input: o.input ?? process.stdin, output }, store.events(run.id))).state;
      }
      return { runId: state.runId, status: state.status, output: state.output, messages: state.messages };
    } finally {
      if (!o.store) store.close();
    }
  }
}
