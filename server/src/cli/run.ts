import { readFileSync } from "node:fs";
import { describeProblems, type Problem } from "@tandem/shared";
import { checkFlowDocument, type CheckedFlow } from "../engine/checked-flow.js";
import { FlowInvalidError, RunDamagedError, RunHeldError } from "../engine/errors.js";
import { driveInTerminal } from "../terminal/drive.js";
import { terminalWho } from "../terminal/who.js";
import { createRegistry, type ProviderRegistry } from "../providers/registry.js";
import { DATABASE_FLAG, parse, UsageError } from "./args.js";
import { openRuntime } from "../runtime.js";
import { requireRun, takeRun } from "./store.js";

function readFlowFile(path: string | undefined): unknown {
  if (!path) throw new UsageError("expected a flow file: tandem run <flow.json> --input \"...\"");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read flow file "${path}"`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The agents whose model no provider serves (a provider that does not exist). */
function modelProblems(flow: CheckedFlow, registry: ProviderRegistry): Problem[] {
  return flow.nodes.flatMap((node, i): Problem[] => {
    if (node.type !== "agent") return [];
    try {
      registry.resolve(node.data.model);
      return [];
    } catch (e) {
      return [{ path: `nodes[${i}].data.model`, message: (e as Error).message, severity: "error", nodeId: node.id }];
    }
  });
}

/** tandem run <flow.json> --input "..." [--as <username>] */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { input: { type: "string", short: "i" }, as: { type: "string" }, ...DATABASE_FLAG }, 1);
  const doc = readFlowFile(positionals[0]);
  if (values.input === undefined) throw new UsageError('expected --input "..." (the first message of the run)');
  // A bad flow is refused before anything else happens: no store is opened, no notice printed.
  const invalid = (problems: Problem[]) => new UsageError(`invalid flow ${positionals[0]}:\n${describeProblems(problems)}`);
  let flow: CheckedFlow;
  try {
    flow = checkFlowDocument(doc);
  } catch (e) {
    if (e instanceof FlowInvalidError) throw invalid(e.problems);
    throw e;
  }
  // So is a model no provider serves: the run would only fail at its first agent, stored.
  const registry = createRegistry();
  const unserved = modelProblems(flow, registry);
  if (unserved.length) throw invalid(unserved);
  const input = values.input;
  const runtime = await openRuntime({ registry, database: values.database });
  try {
    // Checked before the run starts: on a data directory with accounts someone must answer.
    const who = await terminalWho(runtime.accounts, values.as);
    let run;
    try {
      run = await takeRun(runtime, (engine) => engine.start(flow, input));
    } catch (e) {
      // A tool this process cannot serve (a code tool, an MCP server not configured): nothing is stored.
      if (e instanceof FlowInvalidError) throw invalid(e.problems);
      throw e;
    }
    return (await driveInTerminal(run, { input: process.stdin, output: process.stdout, who }, await runtime.events.events(run.id))).exitCode;
  } finally {
    await runtime.close();
  }
}

/** tandem resume <runId> [--as <username>]: rebuilds an interrupted run from its events and goes on. */
export async function resumeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { as: { type: "string" }, ...DATABASE_FLAG }, 1);
  const runtime = await openRuntime({ database: values.database });
  try {
    const who = await terminalWho(runtime.accounts, values.as);
    const row = await requireRun(runtime.events, positionals[0]);
    if (row.finishedAt !== null) throw new UsageError(`run ${row.id} has already ${row.status}; nothing to resume`);
    const history = await runtime.events.events(row.id);
    // A tool this process cannot serve (a code tool runs only in the program that defines it)
    // would fail the run at its next call: it is left as it is.
    const started = history[0]?.type === "run.started" ? history[0] : undefined;
    const unserved = started ? runtime.engine.tools.missing(started.flow) : [];
    if (unserved.length) {
      throw new UsageError(`run ${row.id} cannot go on here:\n${describeProblems(unserved.map((m) => ({ path: m.path, message: m.message, severity: "error" as const })))}`);
    }
    let run;
    try {
      run = await takeRun(runtime, (engine) => engine.resume(row.id));
    } catch (e) {
      if (e instanceof RunHeldError || e instanceof RunDamagedError) throw new UsageError(e.message);
      throw e;
    }
    return (await driveInTerminal(run, { input: process.stdin, output: process.stdout, who }, history)).exitCode;
  } finally {
    await runtime.close();
  }
}
