// Runs a live run in a terminal: prints its events and asks each human question, each tool call
// waiting for approval and a run at its budget on stdin, one at a time, those of the person at the
// terminal only.
// Ctrl-C cancels the run (exit 130); stdin closing while a person is needed, or a question that
// is someone else's, leaves the run waiting in the store, to be continued with `tandem resume`
// (or answered under Tasks when a server runs on this data).
import { createInterface } from "node:readline";
import { assignmentLabel, isAssigned, nodeById, requestOf, type PendingHuman, type RunEvent, type RunEventBody, type RunState } from "@tandem/shared";
import { answerEvents, decisionEvents, mayAnswer, type Who } from "../engine/people.js";
import type { Run } from "../engine/run.js";
import { answerFromLine } from "./answer-line.js";
import { budgetEvents } from "../engine/budget-decision.js";
import { approvalCard, askApproval, type LinePrompt } from "./approval-prompt.js";
import { pendingApproval, type PendingApproval } from "./approval-task.js";
import { askBudget, budgetCard } from "./budget-prompt.js";
import { createPrinter } from "./render.js";

export interface TerminalIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who answers: a name recorded in the event, or a signed-in person (asked only what is theirs). */
  who?: Who;
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
  let stdinClosed = false;
  let onStdinClosed = () => {};
  const closed = new Promise<void>((resolve) => (onStdinClosed = resolve));
  let cancelled = false;
  /** Set once the run is over or stdin is gone: a read cut short by closing stdin is not "no more input". */
  let stopping = false;

  const onSigint = async () => {
    cancelled = true;
    try {
      await run.control("cancel");
    } catch {
      // already finished
    }
  };
  process.on("SIGINT", onSigint);

  const who = io.who ?? "terminal";
  /** Stops asking and leaves the run waiting in the store, saying why. */
  const leave = (why: string) => {
    if (stopping || stdinClosed) return;
    stdinClosed = true;
    onStdinClosed();
    io.output.write(`\n${why}: run ${run.id} is waiting for a person. Continue it with: tandem resume ${run.id} (or, when a server runs on this data, under Tasks in the studio)\n`);
    run.settle();
  };
  /** The next line typed; null once the run is over, or when stdin closes (the run is then left waiting). */
  const readLine = async (): Promise<string | null> => {
    const next = await lines.next();
    if (!next.done) return next.value;
    leave("No more input");
    return null;
  };

  const askHuman = async (pending: PendingHuman) => {
    while (run.state.pending?.requestId === pending.requestId) {
      io.output.write("> ");
      const line = await readLine();
      if (line === null) return;
      // An empty line accepts a reading being confirmed; otherwise it is no answer.
      if (!line.trim() && !(pending.reading && pending.defaultOutcome)) continue;
      if (run.state.pending?.requestId !== pending.requestId) return; // answered elsewhere or timed out
      try {
        await run.take(...answerEvents(run.state, pending.requestId, answerFromLine(line, pending), who));
      } catch (e) {
        io.output.write(`${(e as Error).message}\n`);
      }
    }
  };

  /** Shows `card`, asks through `dialog` while `stillAsked` holds, and stores the decision it gives (a refusal is printed). */
  const decideOn = async <D>(card: string, stillAsked: () => boolean, dialog: (prompt: LinePrompt) => Promise<D | null>, events: (decision: D) => RunEventBody[]) => {
    io.output.write(card);
    const decision = await dialog({
      ask: async (question) => {
        io.output.write(`${question}> `);
        const line = await readLine();
        return line !== null && stillAsked() ? line : null;
      },
    });
    if (decision === null || !stillAsked()) return;
    try {
      await run.take(...events(decision));
    } catch (e) {
      io.output.write(`${(e as Error).message}\n`);
    }
  };

  const askApprovalOf = (task: PendingApproval) =>
    decideOn(
      approvalCard(task, nodeById(run.state.flow, task.nodeId)?.data.name ?? task.nodeId),
      () => pendingApproval(run.state, task.callId)?.requestId === task.requestId,
      (prompt) => askApproval(task, prompt),
      (decision) => decisionEvents(run.state, task.requestId, decision, who),
    );

  const askBudgetOf = async (requestId: string) => {
    const request = requestOf(run.state, requestId);
    if (!request?.budget) return;
    await decideOn(
      budgetCard(request.budget.spentUsd, request.budget.budgetUsd, nodeById(run.state.flow, request.nodeId)?.data.name ?? request.nodeId),
      () => run.state.budgetWait === requestId,
      (prompt) => askBudget(run.state.costUsd, prompt),
      (decision) => budgetEvents(run.state, requestId, decision, who),
    );
  };

  /** Asks whatever waits for a person, one question, approval or budget at a time, until nothing does. */
  let attending = false;
  const attend = async () => {
    attending = true;
    // Events come in batches: the rest of this one prints before the first question.
    await Promise.resolve();
    try {
      while (!stopping && !stdinClosed) {
        const s = run.state;
        const approvals = s.approvals.map((id) => pendingApproval(s, id)).filter((t) => t !== undefined);
        const pending = s.pending && mayAnswer(s, s.pending.requestId, who) ? s.pending : undefined;
        const approval = approvals.find((t) => mayAnswer(s, t.requestId, who));
        const budget = s.budgetWait && mayAnswer(s, s.budgetWait, who) ? s.budgetWait : undefined;
        if (pending) await askHuman(pending);
        else if (approval) await askApprovalOf(approval);
        else if (budget) await askBudgetOf(budget);
        else if (s.pending || approvals.length || s.budgetWait) {
          // Someone else's: shown (printed with its events), not asked.
          const assignees = requestOf(s, s.pending?.requestId ?? approvals[0]?.requestId ?? s.budgetWait!)?.assignees;
          return leave(`Waiting for ${isAssigned(assignees) ? assignmentLabel(assignees) : "someone who answers questions"}`);
        } else return;
      }
    } finally {
      attending = false;
    }
  };

  let asked: Promise<void> = Promise.resolve();
  const unsubscribe = run.subscribe((e) => {
    printer.print(e, run.state);
    if ((e.type === "human.requested" || e.type === "tool.approval.requested" || e.type === "budget.reached") && !attending) asked = attend();
  });
  asked = attend();

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
