// A run at its budget in the terminal: the budget dialog (raise to an amount above what was spent,
// or stop), and `tandem run` asking it on stdin, the run going on when raised and ending cancelled when stopped.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askBudget, budgetCard } from "../src/terminal/budget-prompt.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { cleanupCli, runCli, tempDir } from "./helpers/cli.js";
import { chainFlow } from "./helpers/runs-api.js";
import { typed } from "./helpers/typed.js";

describe("the budget dialog", () => {
  it("shows what was spent of which budget, and who waits", () => {
    expect(budgetCard(0.5, 0.25, "beta")).toBe("\n── budget reached: this run has spent $0.50 of its $0.25 budget; beta waits to call its model ──\n");
  });

  it("s stops; r raises to an amount above what was spent, asking again for one that is not", async () => {
    expect(await askBudget(0.5, typed("s"))).toEqual({ decision: "stop" });
    const person = typed("r", "0.4", "r", "$2");
    expect(await askBudget(0.5, person)).toEqual({ decision: "raise", budgetUsd: 2 });
    expect(person.asked[2]).toBe('Expected an amount of dollars above $0.50, not "0.4". [r]aise the budget, [s]top the run\n');
    expect(await askBudget(0.5, typed("x", "stop"))).toEqual({ decision: "stop" });
    expect(await askBudget(0.5, typed("r"))).toBeNull();
  });
});

describe("tandem run with a budget", () => {
  let fake: FakeOpenAI;
  let file: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    file = join(tempDir(), "flow.json");
    // Less than any gpt-4o call costs: beta stops before its call.
    writeFileSync(file, JSON.stringify({ ...chainFlow("openai/gpt-4o"), budgetUsd: 0.000001 }));
  });
  afterAll(async () => {
    await fake.close();
    await cleanupCli();
  });
  const env = () => ({ OPENAI_API_KEY: "sk-test-terminal", OPENAI_BASE_URL: fake.url });

  it("asks on stdin; raised, beta calls its model and the run completes", async () => {
    const input = "Raise it in the terminal.";
    const r = await runCli(["run", file, "--input", input], { dataDir: tempDir(), env: env(), stdin: "r\n5\n" });
    expect(r.stdout).toContain("── budget reached: this run has spent $");
    expect(r.stdout).toContain("of its $0.0000010 budget; beta waits to call its model ──");
    expect(r.code).toBe(0);
    expect(fake.calls.filter((c) => JSON.stringify(c.body.messages).includes(input))).toHaveLength(2);
  });

  it("stopped, the run ends cancelled saying who stopped it, and beta never calls", async () => {
    const input = "Stop it in the terminal.";
    const r = await runCli(["run", file, "--input", input], { dataDir: tempDir(), env: env(), stdin: "s\n" });
    expect(r.stdout).toContain("budget reached");
    expect(r.stdout).toMatch(/✖ cancelled: stopped at its budget by terminal: spent \$0\.\d+ of \$0\.0000010\n/);
    expect(r.code).not.toBe(0);
    expect(fake.calls.filter((c) => JSON.stringify(c.body.messages).includes(input))).toHaveLength(1);
  });
});
