// `tandem eval` as a user runs it (the real CLI in a child process, on a data directory of
// recorded sessions): the table and summary, the comparison of two versions, and its exit
// codes: 0 when every scorer meets the threshold, 1 when one does not, 2 on a bad flag.
import { parseFlow, type Flow } from "@tandem/shared";
import { afterAll, beforeAll, expect, test } from "vitest";
import { casesOf } from "../src/http/routes/datasets.js";
import { openRuntime } from "../src/runtime.js";
import { cleanupCli, runCli, tempDir } from "./helpers/cli.js";
import { recordSessions } from "./helpers/recorded-sessions.js";
import { reviewFlow } from "./helpers/runs-api.js";

const dataDir = tempDir();
let flowId: string;

const flowOf = (doc: unknown) => (parseFlow(doc) as { ok: true; flow: Flow }).flow;

beforeAll(async () => {
  const runtime = await openRuntime({ dataDir, registry: { env: {} } });
  try {
    flowId = (await runtime.flows.create(flowOf(reviewFlow()))).id;
    const runs = await recordSessions(runtime, flowId, ["Write about rivers.", "Write about mountains."]);
    await runtime.datasets.create("sessions", await casesOf({ name: "sessions", runs: runs.map((runId) => ({ runId, expected: { contains: "rivers" } })) }, runtime.events), "Ana");
    // Version 2: a step more to pass, so two steps more per session.
    const v2 = reviewFlow();
    (v2.nodes[2]!.data as { outcomes: unknown[] }).outcomes = [{ name: "approve", description: "" }, { name: "revise", description: "" }, { name: "escalate", description: "" }];
    await runtime.flows.save(flowId, flowOf(v2));
  } finally {
    await runtime.close();
  }
});
afterAll(cleanupCli);

const tandemEval = (...args: string[]) => runCli(["eval", ...args], { dataDir, timeoutMs: 60_000 });

test("prints the per-case table and the per-scorer summary; exits 0 when the threshold is met", async () => {
  const { code, stdout } = await tandemEval("sessions", "--flow", `${flowId}@1`, "--scorer", "outcome", "--scorer", "steps:4", "--threshold", "1");
  expect(code).toBe(0);
  expect(stdout).toContain('dataset "sessions" · flow "Write and review" version 1 · 2 cases');
  expect(stdout).toMatch(/case-1\s+completed\s+approve\s+4\s+\d+\s+0\s+outcome – steps ✓/);
  expect(stdout).toMatch(/steps\s+2\/2 \(100%\)/);
  expect(stdout).toContain("threshold 1: met");
}, 60_000);

test("exits 1 when a scorer passes fewer cases than the threshold", async () => {
  const { code, stdout } = await tandemEval("sessions", "--flow", `${flowId}@1`, "--scorer", "contains", "--threshold", "0.9");
  expect(code).toBe(1);
  expect(stdout).toMatch(/contains\s+1\/2 \(50%\)/);
  expect(stdout).toContain("threshold 0.9: missed");
}, 60_000);

test("with two versions, compares them case by case; --json gives the same as data", async () => {
  const { code, stdout } = await tandemEval("sessions", "--flow", `${flowId}@1`, "--flow", `${flowId}@2`, "--scorer", "outcome", "--json");
  expect(code).toBe(0);
  const out = JSON.parse(stdout);
  expect(out.evaluations.map((e: any) => e.version)).toEqual([1, 2]);
  expect(out.comparison.cases.map((c: any) => c.caseId)).toEqual(["case-1", "case-2"]);
  const text = await tandemEval("sessions", "--flow", `${flowId}@1`, "--flow", `${flowId}@2`, "--scorer", "outcome");
  expect(text.stdout).toMatch(/version 1 → version 2: \d of 2 cases changed outcome or pass/);
}, 60_000);

test("exits 2 on bad input, naming the flag", async () => {
  // One of each kind of mistake: a flag's form, what it names, the dataset, a value's range.
  const cases: [string[], RegExp][] = [
    [["sessions", "--flow", "nope"], /--flow: expected <flowId>@<version>/],
    [["sessions", "--flow", `${flowId}@9`], /--flow: flow .* has no version 9/],
    [["nobody", "--flow", `${flowId}@1`], /<dataset>: no dataset/],
    [["sessions", "--flow", `${flowId}@1`, "--threshold", "high"], /--threshold: expected a share/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await tandemEval(...args);
    expect([code, stderr], args.join(" ")).toEqual([2, expect.stringMatching(message)]);
  }
}, 90_000);
