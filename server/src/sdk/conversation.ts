// Conversation.send: runs the orchestrator's flow in this process, storing and claiming the run
// like any other (a server on the same data leaves it alone), with people answering in the
// terminal (or in code: `onHuman`, `onApproval`). The agents' code tools run in this process.
import type { RunState, TranscriptMessage } from "@tandem/shared";
import { OFFLINE_NOTICE, type ProviderRegistry } from "../providers/registry.js";
import { openRuntime } from "../runtime.js";
import { driveInTerminal } from "../terminal/drive.js";
import { answerInCode, type CodeAnswers } from "./answer-in-code.js";
import type { Orchestrator } from "./orchestrator.js";

export interface ConversationOptions extends CodeAnswers {
  orchestrator: Orchestrator;
  /** The database runs are stored in: a Postgres URL or a data directory; defaults to $TANDEM_DATABASE_URL, else `dataDir`. */
  database?: string;
  /** The data directory when no database is named; defaults to $TANDEM_DATA, else ./.tandem */
  dataDir?: string;
  registry?: ProviderRegistry;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface ConversationResult {
  runId: string;
  /** "waiting" when a person is needed and nobody answers here (see CodeAnswers). */
  status: RunState["status"];
  output?: string;
  messages: TranscriptMessage[];
}

export class Conversation {
  constructor(private readonly options: ConversationOptions) {}

  async send(message: string): Promise<ConversationResult> {
    const o = this.options;
    const tools = o.orchestrator.codeTools();
    // The agents' code tools beside the configured ones (MCP servers, HTTP tools).
    const { engine, events, registry, close } = await openRuntime({ database: o.database, dataDir: o.dataDir, registry: o.registry, codeTools: tools });
    const output = o.output ?? process.stdout;
    try {
      if (registry.offline) output.write(`${OFFLINE_NOTICE}\n`);
      const run = await engine.start(o.orchestrator.toFlow(), message);
      const state =
        o.onHuman || o.onApproval
          ? await answerInCode(run, o)
          : (await driveInTerminal(run, { input: o.input ?? process.stdin, output }, await events.events(run.id))).state;
      return { runId: state.runId, status: state.status, output: state.output, messages: state.messages };
    } finally {
      await close();
    }
  }
}
