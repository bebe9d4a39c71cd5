// An evaluation of 100 recorded sessions against a changed flow (another system message and
// question), hermetic: the sessions are made with the scripted model through the engine, then
// the dataset is evaluated twice. Prints the time of each, cases/s and whether the two reports
// are identical (target: identical, each under 10 s).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseFlow, type Flow } from "@tandem/shared";
import { casesOf } from "../server/src/http/routes/datasets.js";
import { openRuntime } from "../server/src/runtime.js";
import { evaluated, recordSessions } from "../server/test/helpers/recorded-sessions.js";
import { reviewFlow } from "../server/test/helpers/runs-api.js";

const SESSIONS = 100;
const TARGET_S = 10;
const flowOf = (doc: unknown) => (parseFlow(doc) as { ok: true; flow: Flow }).flow;

const dir = mkdtempSync(join(tmpdir(), "tandem-evals-bench-"));
const runtime = await openRuntime({ dataDir: dir, registry: { env: {} } });
try {
  const flowId = (await runtime.flows.create(flowOf(reviewFlow()))).id;
  const inputs = Array.from({ length: SESSIONS }, (_, i) => `Write note ${i + 1} about rivers.`);
  const runs = await recordSessions(runtime, flowId, inputs);
  const cases = await casesOf({ name: "bench", runs: runs.map((runId) => ({ runId, expected: { outcome: "approve", contains: "rivers" } })) }, runtime.events);
  const datasetId = (await runtime.datasets.create("bench", cases, "bench")).id;
  const changed = reviewFlow();
  (changed.nodes[1]!.data as { systemMessage: string }).systemMessage = "You write short field notes.";
  (changed.nodes[2]!.data as { instructions: string }).instructions = "Ready to publish?";
  const version = (await runtime.flows.save(flowId, flowOf(changed)))!.version;

  const once = async () => {
    const t0 = performance.now();
    const report = await evaluated(runtime, {
      datasetId,
      flowId,
      version,
      scorers: [{ kind: "outcome" }, { kind: "contains" }, { kind: "steps", max: 4 }, { kind: "judge", rubric: "A short, clear note." }],
    });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, report };
  };
  const first = await once();
  const second = await once();
  const identical = JSON.stringify(first.report.results) === JSON.stringify(second.report.results);
  const worst = Math.max(first.seconds, second.seconds);
  console.log(`\n## Evaluations (bench/evals.bench.ts: ${SESSIONS} recorded sessions, changed flow, hermetic; load average ${loadavg()[0]!.toFixed(1)})`);
  for (const [name, r] of [["first", first], ["second", second]] as const) {
    console.log(`${name}: ${r.seconds.toFixed(2)} s, ${(SESSIONS / r.seconds).toFixed(0)} cases/s, ${r.report.passed}/${r.report.cases} passed, ${r.report.tokens} tokens`);
  }
  console.log(`reports identical: ${identical ? "yes" : "NO"}; target < ${TARGET_S} s each: ${worst < TARGET_S ? "met" : "missed"}`);
  if (!identical || worst >= TARGET_S) process.exitCode = 1;
} finally {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
