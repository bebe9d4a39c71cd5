import { ForkError } from "../engine/errors.js";
import { cutOf } from "../engine/fork.js";
import { driveInTerminal } from "../terminal/drive.js";
import { answerFromLine } from "../terminal/answer-line.js";
import { fold, type HumanAnswer, type NodeVisit } from "@tandem/shared";
import { DATABASE_FLAG, parse, UsageError } from "./args.js";
import { openRuntime } from "../runtime.js";
import { requireRun, takeRun } from "./store.js";

/** tandem fork <runId> (--at <seq> | --from <node>#<visit>) [--answer "..."]: a new run from that point, going on live. */
export async function forkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { at: { type: "string" }, from: { type: "string" }, answer: { type: "string" }, ...DATABASE_FLAG }, 1);
  const runtime = await openRuntime({ database: values.database });
  const store = runtime.events;
  try {
    const parent = await requireRun(store, positionals[0]);
    if ((values.at === undefined) === (values.from === undefined)) throw new UsageError(`give either --at <event> or --from <node>#<visit>`);
    const point = values.from !== undefined ? { from: nodeVisit(values.from) } : { at: eventNumber(values.at!, parent.lastSeq) };
    let run;
    try {
      let answer: HumanAnswer | undefined;
      if (values.answer !== undefined) {
        const history = await store.events(parent.id);
        const cut = cutOf(history, point);
        const pending = fold(history.slice(0, cut)).pending;
        if (!pending) throw new UsageError(`--answer: nobody is asked at event ${cut}; pick the seq of a human request`);
        answer = answerFromLine(values.answer, pending);
      }
      run = await takeRun(runtime, (engine) => engine.fork(parent.id, { ...point, answer }));
    } catch (e) {
      if (e instanceof ForkError) throw new UsageError(`--${e.path.split(".")[0]}: ${e.message.replace(/^[\w.]+: /, "")}`);
      throw e;
    }
    console.log(`forked run ${parent.id} at event ${run.state.parent?.seq} as ${run.id}`);
    return (await driveInTerminal(run, { input: process.stdin, output: process.stdout }, await store.events(run.id))).exitCode;
  } finally {
    await runtime.close();
  }
}

function eventNumber(text: string, last: number): number {
  const at = Number(text);
  if (!Number.isInteger(at) || at < 1) throw new UsageError(`--at: expected an event number (1 to ${last})`);
  return at;
}

/** "writer#2": the writer's second visit. */
function nodeVisit(text: string): NodeVisit {
  const m = /^(.+)#(\d+)$/.exec(text);
  if (!m || Number(m[2]) < 1) throw new UsageError(`--from: expected <node>#<visit>, such as writer#1, got "${text}"`);
  return { nodeId: m[1]!, visit: Number(m[2]) };
}
