// Crash recovery through the CLI: `tandem run` is killed (SIGKILL) while it waits for a person;
// `tandem resume` rebuilds the run from its stored events and goes on without calling the model again.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import { OFFLINE_NOTICE } from "../src/providers/registry.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { cleanupCli, count, runCli, runIdFrom, spawnCli, tempDir } from "./helpers/cli.js";
import { eventually } from "./helpers/runs-api.js";

const FLOW = "examples/hitl-review.flow.json";
const INPUT = "Write a summary of the history of the internet.";
const DRAFT = "The internet grew from ARPANET in 1969 into a web of networks that now spans the world.";
const PROMPT = "\n> ";
const QUESTION =
  "\n── human_reviewer (a person) ──\nRead the draft. Approve it, or say what to change.\n" +
  "Outcomes: 1) approve  2) revise — type a number or /name, or reply in your own words\n";

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI({
    // Any call beyond the one queued reply is a mistake, and says so.
    respond: () => ({ text: "UNEXPECTED SECOND CALL" }),
  });
});
afterEach(async () => {
  await fake.close();
});
afterAll(cleanupCli);

async function storedEvents(dataDir: string, runId: string): Promise<RunEvent[]> {
  const store = createSqlEventStore((await openSql(dataDir)).sql);
  try {
    return await store.events(runId);
  } finally {
    await store.close();
  }
}
const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe("tandem resume after the process was killed", () => {
  it("asks the same question again, completes on approval, and never repeats the model call", async () => {
    const data = tempDir();
    const env = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url };
    fake.enqueue({ text: DRAFT });

    // 1. The run reaches the reviewer; then the process dies without any chance to clean up.
    const first = spawnCli(["run", FLOW, "--input", INPUT], { dataDir: data, env });
    await first.waitForOutput(PROMPT);
    const runId = runIdFrom(first.stdout);
    expect(first.stdout).toContain(`── writer ──\n${DRAFT}\n${QUESTION}> `);
    expect(first.stderr).not.toContain(OFFLINE_NOTICE);
    first.kill("SIGKILL");
    expect(await first.waitForExit()).toEqual({ code: null, signal: "SIGKILL" });
    expect(fake.calls).toHaveLength(1);

    // 2. The store still has it, waiting for the reviewer.
    const runs = await runCli(["runs"], { dataDir: data, env });
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(new RegExp(`^${runId}\\s+Writer and human reviewer\\s+waiting\\s+\\S+ \\S+\\s+2\\s+human_reviewer$`, "m"));
    const before = await storedEvents(data, runId);
    const asked = ofType(before, "human.requested");
    expect(asked).toHaveLength(1);

    // 3. resume prints the transcript so far and asks the same question.
    const second = spawnCli(["resume", runId], { dataDir: data, env });
    const shown = await second.waitForOutput(PROMPT);
    expect(shown).toContain(`▶ Writer and human reviewer · run ${runId}`);
    expect(shown).toContain(`user: ${INPUT}`);
    expect(shown).toContain(`── writer ──\n${DRAFT}\n${QUESTION}> `);
    expect(count(shown, QUESTION)).toBe(1);
    second.writeLine("approve");
    const exit = await second.waitForExit();
    expect(exit.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("human_reviewer (terminal): approve");
    expect(second.stdout.endsWith(`✔ completed\n\n${DRAFT}\n`)).toBe(true);

    // 4. One model call in all; the answer went to the request asked before the kill.
    expect(fake.calls).toHaveLength(1);
    const after = await storedEvents(data, runId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(ofType(after, "llm.request")).toHaveLength(1);
    expect(ofType(after, "human.requested")).toHaveLength(1);
    expect(ofType(after, "human.responded")).toMatchObject([{ requestId: asked[0]!.requestId, by: "terminal", outcome: "approve" }]);
    expect(after.at(-1)).toMatchObject({ type: "run.finished", status: "completed", output: DRAFT });

    // 5. A finished run cannot be resumed.
    const again = await runCli(["resume", runId], { dataDir: data, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`tandem: run ${runId} has already completed; nothing to resume\n`);
  });

  it("a run killed while the model was streaming runs that node again as a new attempt, keeping one final message", async () => {
    const data = tempDir();
    const env = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url };
    // The first call streams a few words and stalls; the retried call after resume answers in full.
    fake.enqueue({ text: DRAFT, hangAfterTokens: 4 }, { text: DRAFT });

    const first = spawnCli(["run", FLOW, "--input", INPUT], { dataDir: data, env });
    await first.waitForOutput("The internet grew from");
    const runId = runIdFrom(first.stdout);
    const streamed = async () => ofType(await storedEvents(data, runId), "message.delta").map((d) => d.text).join("");
    await eventually(async () => (await streamed()) === "The internet grew from", 5000, "the partial text in the store");
    first.kill("SIGKILL");
    await first.waitForExit();
    await fake.calls[0]!.ended;
    expect(fake.calls[0]!.aborted).toBe(true);

    const partial = await storedEvents(data, runId);
    expect(ofType(partial, "message.delta").map((d) => d.text).join("")).toBe("The internet grew from");
    expect(ofType(partial, "message").filter((m) => m.nodeId === "writer")).toEqual([]);
    const runs = await runCli(["runs"], { dataDir: data, env });
    expect(runs.stdout).toMatch(new RegExp(`^${runId}\\s+Writer and human reviewer\\s+running\\s`, "m"));

    const second = spawnCli(["resume", runId], { dataDir: data, env });
    await second.waitForOutput(PROMPT);
    expect(second.stdout).toContain(`── writer (attempt 2) ──\n${DRAFT}\n${QUESTION}> `);
    second.writeLine("/approve");
    expect((await second.waitForExit()).code, second.stderr).toBe(0);
    expect(second.stdout.endsWith(`✔ completed\n\n${DRAFT}\n`)).toBe(true);

    expect(fake.calls).toHaveLength(2);
    const after = await storedEvents(data, runId);
    expect(ofType(after, "node.started").filter((e) => e.nodeId === "writer").map((e) => [e.visit, e.attempt])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(ofType(after, "message").filter((m) => m.nodeId === "writer").map((m) => m.content)).toEqual([DRAFT]);
    expect(after.at(-1)).toMatchObject({ type: "run.finished", status: "completed", output: DRAFT });
  });
});
