import { ForkError } from "../engine/errors.js";
import { driveInTerminal } from "../terminal/drive.js";
import { answerFromLine } from "../terminal/answer-line.js";
import { fold, type HumanAnswer } from "@tandem/shared";
import { parse, UsageError } from "./args.js";
import { openRuntime } from "../runtime.js";
import { requireRun, takeRun } from "./store.js";

/** tandem fork <runId> --at <seq> [--answer "..."]: a new run from that point, going on live. */
export async function forkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { at: { type: "string" }, answer: { type: "string" } }, 1);
  const runtime = openRuntime();
  const store = runtime.events;
  try {
    const parent = requireRun(store, positionals[0]);
    const at = Number(values.at);
    if (values.at === undefined || !Number.isInteger(at) || at < 1) throw new UsageError(`--at: expected an event number (1 to ${parent.lastSeq})`);
    let answer: HumanAnswer | undefined;
    if (values.answer !== undefined) {
      const pending = fold(store.events(parent.id).slice(0, at)).pending;
      if (!pending) throw new UsageError(`--answer: nobody is asked at event ${at}; pick the seq of a human request`);
      answer = answerFromLine(values.answer, pending);
    }
    let run;
    try {
      run = takeRun(runtime, (engine) => engine.fork(parent.id, { at, answer }));
    } catch (e) {
      if (e instanceof ForkError) throw new UsageError(`--${e.path.split(".")[0]}: ${e.message.replace(/^\w+: /, "")}`);
      throw e;
    }
    console.log(`forked run ${parent.id} at event ${at} as ${run.id}`);
    return (await driveInTerminal(run, { input: process.stdin, output: process.stdout }, store.events(run.id))).exitCode;
  } finally {
    await runtime.close();
  }
}
