// Runs a live run in a terminal: prints its events and asks each human question on stdin.
// Ctrl-C cancels the run (exit 130); stdin closing while a person is needed leaves the run
// waiting in the store, to be continued with `tandem resume`.
import { createInterface } from "node:readline";
import type { RunEvent, RunState } from "@tandem/shared";
import type { Run } from "../engine/run.js";
import { answerFromLine } from "./answer-line.js";
import { createPrinter } from "./render.js";

export interface TerminalIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who answers, as recorded in the event. */
  who?: string;
}

export interface TerminalOutcome {
  state: RunState;
  exitCode: number;
}

export async function driveInTerminal(run: Run, io: TerminalIO, replayed: readonly RunEvent[] = []): Promise<TerminalOutcome> {
  const printer = createPrinter(io.output);
  for (const e of replayed) printer.print(e, run.state);
  const rl = createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  let asking: string | null = null;
  let stdinClosed = false;
  let onStdinClosed = () => {};
  const closed = new Promise<void>((resolve) => (onStdinClosed = resolve));
  let cancelled = false;
  /** Set once the run is over or stdin is gone: a read cut short by closing stdin is not "no more input". */
  let stopping = false;

  const onSigint = () => {
    cancelled = true;
    try {
      run.control("cancel");
    } catch {
      // already finished
    }
  };
  process.on("SIGINT", onSigint);

  const ask = async () => {
    const pending = run.state.pending;
    if (!pending || asking === pending.requestId) return;
    asking = pending.requestId;
    while (run.state.pending?.requestId === pending.requestId) {
      io.output.write("> ");
      const next = await lines.next();
      if (next.done) {
        if (stopping) return;
        stdinClosed = true;
        onStdinClosed();
        io.output.write(`\nNo more input: run ${run.id} is waiting for a person. Continue it with: tandem resume ${run.id} (or, when a server runs on this data, under Tasks in the studio)\n`);
        run.settle();
        return;
      }
      // An empty line accepts a reading being confirmed; otherwise it is no answer.
      if (!next.value.trim() && !(pending.reading && pending.defaultOutcome)) continue;
      if (run.state.pending?.requestId !== pending.requestId) return; // answered elsewhere or timed out
      try {
        run.answer(pending.requestId, answerFromLine(next.value, pending), io.who ?? "terminal");
      } catch (e) {
        io.output.write(`${(e as Error).message}\n`);
      }
    }
  };

  let asked: Promise<void> = Promise.resolve();
  const unsubscribe = run.subscribe((e) => {
    printer.print(e, run.state);
    if (e.type === "human.requested") asked = ask();
  });
  if (run.state.pending) asked = ask();

  await Promise.race([run.done, closed]);
  // The run may end (Ctrl-C, a timeout, an answer from elsewhere) while a question waits for a
  // line: closing readline ends that read, so the command does not hang until stdin closes.
  stopping = true;
  rl.close();
  await asked.catch(() => {});
  unsubscribe();
  process.off("SIGINT", onSigint);
  const state = run.state;
  if (cancelled || state.status === "cancelled") return { state, exitCode: 130 };
  if (state.status === "failed") return { state, exitCode: 1 };
  if (stdinClosed && !state.finishStatus) return { state, exitCode: 3 };
  return { state, exitCode: 0 };
}
