// Commands that read stored runs: runs, replay, export.
import { writeFileSync } from "node:fs";
import { applyEvent, fold } from "@tandem/shared";
import { exportRun } from "../store/export.js";
import { createPrinter } from "../terminal/render.js";
import { DATABASE_FLAG, parse, UsageError } from "./args.js";
import { openRuntime } from "../runtime.js";
import { requireRun } from "./store.js";

function when(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

/** tandem runs [--limit N] */
export async function runsCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { limit: { type: "string" }, ...DATABASE_FLAG });
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit: expected a positive whole number, got "${values.limit}"`);
  const runtime = await openRuntime({ database: values.database });
  const store = runtime.events;
  try {
    const { runs, total } = await store.listRuns({ limit });
    if (runs.length === 0) {
      console.log("No runs yet. Start one with: tandem run <flow.json> --input \"...\"");
      return 0;
    }
    const rows = runs.map((r) => [r.id, r.flowName, r.damaged ? "damaged" : r.status, when(r.startedAt), String(r.steps), r.waitingNode ?? ""]);
    const head = ["RUN", "FLOW", "STATUS", "STARTED (UTC)", "STEPS", "WAITING FOR"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [head, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
    if (total > runs.length) console.log(`(${runs.length} of ${total}; --limit N for more)`);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** tandem replay <runId>: the transcript, from the stored events alone. */
export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, DATABASE_FLAG, 1);
  const runtime = await openRuntime({ database: values.database });
  const store = runtime.events;
  try {
    const row = await requireRun(store, positionals[0]);
    const events = await store.events(row.id);
    const state = fold([]);
    const printer = createPrinter(process.stdout);
    for (const e of events) printer.print(e, applyEvent(state, e));
    if (!state.finishStatus) console.log(`\n(run is ${state.status}${state.pending ? `, waiting for ${state.pending.nodeId}` : ""})`);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** tandem export <runId> [--out file]: the run as one JSON document. */
export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: "string", short: "o" }, ...DATABASE_FLAG }, 1);
  const runtime = await openRuntime({ database: values.database });
  const store = runtime.events;
  try {
    const row = await requireRun(store, positionals[0]);
    const json = JSON.stringify(await exportRun(store, row.id), null, 2);
    if (values.out) {
      writeFileSync(values.out, `${json}\n`);
      console.error(`wrote ${values.out}`);
    } else process.stdout.write(`${json}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}
