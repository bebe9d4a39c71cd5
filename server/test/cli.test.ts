// The `tandem` CLI as a user runs it: a real child process, stdin and stdout pipes, SQLite in a temp dir.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TranscriptMessage } from "@tandem/shared";
import { OFFLINE_NOTICE } from "../src/providers/registry.js";
import { withStore } from "./helpers/stored.js";
import type { RunSummary } from "@tandem/shared";
import { demoReply } from "../src/providers/scripted.js";
import { cleanupCli, count, runCli, runIdFrom, spawnCli, tempDir, type CliResult } from "./helpers/cli.js";

const FLOW = "examples/hitl-review.flow.json";
const INPUT = "Write a summary of the history of the internet.";
const PROMPT = "\n> ";
const INSTRUCTIONS = "Read the draft. Approve it, or say what to change.";
const OUTCOMES = "Outcomes: 1) approve  2) revise — type a number or /name, or reply in your own words";

const user: TranscriptMessage = { seq: 3, nodeId: "user", role: "user", name: "user", content: INPUT };
/** What the offline writer says on its first and second turn. */
const DRAFT_1 = demoReply({ speaker: "writer", transcript: [user], visit: 1 });
const draft2 = (feedback: string) =>
  demoReply({
    speaker: "writer",
    transcript: [user, { seq: 5, nodeId: "writer", role: "assistant", name: "writer", content: DRAFT_1 }, { seq: 9, nodeId: "human_reviewer", role: "user", name: "human_reviewer", content: feedback }],
    visit: 2,
  });

afterAll(cleanupCli);

/** The runs stored in a data dir, read directly (cheaper than spawning `tandem runs`). */
async function storedRuns(dataDir: string): Promise<RunSummary[]> {
  return withStore(dataDir, async (store) => (await store.listRuns()).runs);
}

/** One line on stderr, nothing on stdout, exit 2. */
function expectUsageError(r: CliResult, message: string | RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/^tandem: /);
  if (typeof message === "string") expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
}

// Every test has its own data dir (the first group shares one run), so they all run side by side.
describe.concurrent("tandem CLI", () => {
  describe.concurrent("tandem run → runs → replay → export", () => {
    const data = tempDir();
    let approved: CliResult;
    let runId: string;
    let beforeAnswer: string;

    beforeAll(async () => {
      const cli = spawnCli(["run", FLOW, "--input", INPUT], { dataDir: data });
      // Answer only once the question is asked, as a person at a terminal would.
      beforeAnswer = await cli.waitForOutput(PROMPT);
      cli.writeLine("Looks good, approve.");
      // The judge's reading is shown; Enter accepts it.
      await cli.waitForOutput((out) => count(out, PROMPT) === 2);
      cli.writeLine("");
      const exit = await cli.waitForExit();
      approved = { ...exit, stdout: cli.stdout, stderr: cli.stderr };
      runId = runIdFrom(cli.stdout);
    });

    it("run: streams the writer's text, asks the reviewer, and on approval prints the completed output (exit 0)", () => {
      expect(approved.code, approved.stderr).toBe(0);
      // Before the question: the input, the writer's streamed draft, then the reviewer's instructions.
      expect(beforeAnswer).toContain(`user: ${INPUT}`);
      expect(beforeAnswer).toContain(`── writer ──\n${DRAFT_1}\n`);
      expect(beforeAnswer).toContain(`── human_reviewer (a person) ──\n${INSTRUCTIONS}\n${OUTCOMES}\n> `);
      expect(approved.stdout).toContain("human_reviewer (terminal): Looks good, approve.");
      expect(approved.stdout).toContain('  ↳ read as: approve (approves ("Looks good"))\nEnter to accept, or type an outcome: 1) approve  2) revise\n');
      expect(approved.stdout).toContain("human_reviewer (terminal): approve\n");
      expect(approved.stdout.endsWith(`✔ completed\n\n${DRAFT_1}\n`)).toBe(true);
      expect(count(approved.stdout, DRAFT_1)).toBe(2); // streamed once, then as the output
    });

    it("run: prints the offline notice once, on stderr, when no key is set", () => {
      expect(count(approved.stderr, OFFLINE_NOTICE)).toBe(1);
      expect(approved.stdout).not.toContain("OPENAI_API_KEY set");
    });

    it("runs: lists the run with its id, flow name, status and steps", async () => {
      const r = await runCli(["runs"], { dataDir: data });
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^RUN\s+FLOW\s+STATUS\s+STARTED \(UTC\)\s+STEPS\s+WAITING FOR$/);
      expect(lines).toHaveLength(2);
      expect(lines[1]!.split(/\s{2,}/)).toEqual([runId, "Writer and human reviewer", "completed", expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), "2"]);
    });

    it("replay: prints the transcript from the store alone", async () => {
      const r = await runCli(["replay", runId], { dataDir: data });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      const expected = [
        `▶ Writer and human reviewer · run ${runId}`,
        "",
        `user: ${INPUT}`,
        "",
        "── writer ──",
        DRAFT_1,
        "",
        "── human_reviewer (a person) ──",
        INSTRUCTIONS,
        OUTCOMES,
        "human_reviewer (terminal): Looks good, approve.",
        '  ↳ read as: approve (approves ("Looks good"))',
        "Enter to accept, or type an outcome: 1) approve  2) revise",
        expect.stringMatching(/^Goes on with "approve" at .+ unless corrected\.$/),
        "human_reviewer (terminal): approve",
        "",
        "✔ completed",
        "",
        DRAFT_1,
        "",
      ];
      expect(r.stdout.split("\n")).toEqual(expected);
      // The same transcript as the live run showed, less the prompts.
      expect(approved.stdout.replaceAll("> ", "")).toBe(r.stdout);
    });

    it("export: gives the run as one JSON document with its events", async () => {
      const r = await runCli(["export", runId], { dataDir: data });
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ format: "tandem.run", version: 1, run: { id: runId, flowName: "Writer and human reviewer", status: "completed", input: INPUT } });
      const events = doc.events as { seq: number; type: string }[];
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events[0]).toMatchObject({ type: "run.started", runId, input: INPUT, flow: { name: "Writer and human reviewer" } });
      expect(events.at(-1)).toMatchObject({ type: "run.finished", status: "completed", output: DRAFT_1 });
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["message.delta", "llm.request", "llm.response", "human.requested", "human.responded"]));

      const out = join(tempDir(), "run.json");
      const toFile = await runCli(["export", runId, "--out", out], { dataDir: data });
      expect(toFile.code).toBe(0);
      expect(toFile.stdout).toBe("");
      expect(toFile.stderr).toBe(`wrote ${out}\n`);
      const fromFile = JSON.parse(readFileSync(out, "utf8"));
      expect({ ...fromFile, exportedAt: 0 }).toEqual({ ...doc, exportedAt: 0 });
    });
  });

  describe.concurrent("tandem run, other paths", () => {
    it("a negated approval is read as revise: two writer turns, the second revising as asked", async ({ expect }) => {
      const data = tempDir();
      const cli = spawnCli(["run", FLOW, "--input", INPUT], { dataDir: data });
      await cli.waitForOutput(PROMPT);
      cli.writeLine("I don't approve this, make it shorter");
      await cli.waitForOutput((out) => count(out, PROMPT) === 2);
      expect(cli.stdout).toMatch(/↳ read as: revise \(.*negated approval \("don't approve"\)\)/);
      cli.writeLine(""); // accepts the reading
      await cli.waitForOutput((out) => count(out, PROMPT) === 3);
      cli.writeLine("/approve");
      const exit = await cli.waitForExit();
      expect(exit.code, cli.stderr).toBe(0);

      const second = draft2("I don't approve this, make it shorter");
      expect(second).toContain('revised as human_reviewer asked — "I don\'t approve this, make it shorter"');
      expect(count(cli.stdout, "── writer ──")).toBe(2);
      expect(cli.stdout).toContain(`── writer ──\n${DRAFT_1}\n`);
      expect(cli.stdout).toContain(`── writer ──\n${second}\n`);
      expect(cli.stdout.endsWith(`✔ completed\n\n${second}\n`)).toBe(true);
      expect(count(cli.stderr, OFFLINE_NOTICE)).toBe(1);
      expect(await storedRuns(data)).toMatchObject([{ id: runIdFrom(cli.stdout), status: "completed", steps: 4 }]);
    });

    it("a reading corrected before the run goes on takes the corrected route", async ({ expect }) => {
      const data = tempDir();
      const cli = spawnCli(["run", FLOW, "--input", INPUT], { dataDir: data });
      await cli.waitForOutput(PROMPT);
      cli.writeLine("Looks good, approve.");
      await cli.waitForOutput((out) => count(out, PROMPT) === 2);
      cli.writeLine("revise"); // not what the judge read
      await cli.waitForOutput((out) => count(out, PROMPT) === 3);
      cli.writeLine("1");
      const exit = await cli.waitForExit();
      expect(exit.code, cli.stderr).toBe(0);
      expect(count(cli.stdout, "── writer ──")).toBe(2);
      const doc = JSON.parse((await runCli(["export", runIdFrom(cli.stdout)], { dataDir: data })).stdout);
      const events = doc.events as { type: string; outcome?: string; by?: string }[];
      expect(events.filter((e) => e.type === "reply.read").map((e) => e.outcome)).toEqual(["approve"]);
      expect(events.filter((e) => e.type === "human.responded").map((e) => [e.outcome, e.by])).toEqual([
        [undefined, "terminal"],
        ["revise", "terminal"],
        ["approve", "terminal"],
      ]);
    });

    it("Ctrl-C while waiting for a person: exit 130 at once, and the stored run is cancelled", async ({ expect }) => {
      const data = tempDir();
      const cli = spawnCli(["run", FLOW, "--input", INPUT], { dataDir: data });
      await cli.waitForOutput(PROMPT);
      const runId = runIdFrom(cli.stdout);
      const sent = Date.now();
      cli.kill("SIGINT"); // stdin stays open, as in a terminal
      const exit = await cli.waitForExit(5000);
      expect(exit).toEqual({ code: 130, signal: null });
      expect(Date.now() - sent).toBeLessThan(3000); // without waiting for stdin to close
      expect(cli.stdout).toContain("✖ cancelled");
      expect(cli.stdout).not.toContain("No more input");

      const runs = await runCli(["runs"], { dataDir: data });
      expect(runs.stdout).toMatch(new RegExp(`^${runId}\\s+Writer and human reviewer\\s+cancelled\\s`, "m"));
    });

    it("stdin closing while a person is needed leaves the run waiting (exit 3) with a hint to resume", async ({ expect }) => {
      const data = tempDir();
      const r = await runCli(["run", FLOW, "--input", INPUT], { dataDir: data, stdin: "" });
      expect(r.code).toBe(3);
      const runId = runIdFrom(r.stdout);
      expect(r.stdout).toContain(`Continue it with: tandem resume ${runId}`);
      expect(await storedRuns(data)).toMatchObject([{ id: runId, status: "waiting", waitingNode: "human_reviewer", steps: 2 }]);
    });
  });

  describe.concurrent("bad input: one clear line on stderr, exit 2, nothing written", () => {
    /** A data dir that must stay untouched. */
    const untouched = () => join(tempDir(), "data");

    it("a missing flow file", async ({ expect }) => {
      const data = untouched();
      const r = await runCli(["run", "no/such/flow.json", "--input", "x"], { dataDir: data });
      expectUsageError(r, 'tandem: cannot read flow file "no/such/flow.json"');
      expect(existsSync(data)).toBe(false);
    });

    it("a flow file that is not JSON", async ({ expect }) => {
      const data = untouched();
      const file = join(tempDir(), "bad.json");
      writeFileSync(file, '{ "schemaVersion": 1, nodes: [');
      const r = await runCli(["run", file, "--input", "x"], { dataDir: data });
      expectUsageError(r, `tandem: ${file} is not valid JSON`);
      expect(existsSync(data)).toBe(false);
    });

    it("an unknown flag", async ({ expect }) => {
      const data = untouched();
      const r = await runCli(["run", FLOW, "--input", "x", "--fast"], { dataDir: data });
      expectUsageError(r, /^tandem: unknown flag '--fast'/);
      expect(existsSync(data)).toBe(false);
    });

    it("a serve setting that is not a number", async ({ expect }) => {
      const data = untouched();
      const r = await runCli(["serve", "--port", "0"], { dataDir: data, env: { TANDEM_SSE_MAX_QUEUED_BYTES: "8MB" } });
      expectUsageError(r, 'tandem: TANDEM_SSE_MAX_QUEUED_BYTES must be a whole number of bytes (at least 1), not "8MB"');
      expect(existsSync(data)).toBe(false);
    });

    it("a model timeout that is not a number", async ({ expect }) => {
      const data = untouched();
      const r = await runCli(["serve", "--port", "0"], { dataDir: data, env: { TANDEM_MODEL_FIRST_TOKEN_TIMEOUT_MS: "30s" } });
      expectUsageError(r, 'tandem: TANDEM_MODEL_FIRST_TOKEN_TIMEOUT_MS must be a whole number of milliseconds (at least 1), not "30s"');
      expect(existsSync(data)).toBe(false);
    });

    it("an unknown run id (replay, export, resume)", async ({ expect }) => {
      const data = tempDir();
      const results = await Promise.all(["replay", "export", "resume"].map((command) => runCli([command, "no-such-run"], { dataDir: data })));
      for (const r of results) expectUsageError(r, 'tandem: unknown run "no-such-run" (see: tandem runs)');
      expect(await storedRuns(data)).toEqual([]);
    });

    it("a model no provider serves: named with its path, and no database in the fresh data folder", async ({ expect }) => {
      const data = untouched();
      const file = join(tempDir(), "unknown-model.json");
      const flow = JSON.parse(readFileSync(FLOW, "utf8")) as { nodes: { type: string; data: { model?: string } }[] };
      const writer = flow.nodes.findIndex((n) => n.type === "agent");
      flow.nodes[writer]!.data.model = "nosuch/model";
      writeFileSync(file, JSON.stringify(flow));
      const r = await runCli(["run", file, "--input", "x"], { dataDir: data });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `tandem: invalid flow ${file}:`,
        `nodes[${writer}].data.model: model "nosuch/model": unknown provider "nosuch" (known: scripted, openai, anthropic, gemini, ollama)`,
      ]);
      expect(existsSync(join(data, "tandem.db"))).toBe(false);
      expect(existsSync(data)).toBe(false);
    });

    it("an invalid flow: the problems, each with its path", async ({ expect }) => {
      const data = untouched();
      const file = join(tempDir(), "invalid.json");
      writeFileSync(
        file,
        JSON.stringify({
          schemaVersion: 2,
          name: "Broken",
          nodes: [
            { id: "start", type: "start" },
            { id: "writer", type: "agent", data: { name: "writer", model: "gpt-4o-mini" } },
            { id: "end", type: "end" },
          ],
          edges: [
            { id: "e1", source: "start", target: "writer" },
            { id: "e2", source: "writer", target: "nowhere" },
          ],
        }),
      );
      const r = await runCli(["run", file, "--input", "x"], { dataDir: data });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines[0]).toBe(`tandem: invalid flow ${file}:`);
      expect(lines.slice(1)).toEqual(
        expect.arrayContaining([
          'nodes[1].data.model: expected "provider/model"',
          'edges[1].target: edge goes to a missing node "nowhere"',
        ]),
      );
      for (const line of lines.slice(1)) expect(line).toMatch(/^(nodes|edges)\[\d+\][\w.[\]]*: /);
      // Refused before anything else: no notice, no database.
      expect(r.stderr).not.toContain(OFFLINE_NOTICE);
      expect(existsSync(data)).toBe(false);
    });
  });
});
