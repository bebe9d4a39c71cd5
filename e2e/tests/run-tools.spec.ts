// Journeys: an agent that acts through a real MCP server (examples/mcp/demo-server.mjs, started
// by a second Tandem server from its tools configuration) and a person who approves each call.
// The demo server writes every refund it makes to a ledger file: the tests count side effects there.
import type { Flow } from "@tandem/shared";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFlow, expect, test as base } from "../support/fixtures.js";
import { messagesOf, nodeMark, oneAgent, openRun, runStatus, startRunApi, transcript } from "../support/runs.js";
import { REPO_ROOT, startServer } from "../support/server.js";
import { getRun, inspector } from "../support/sessions.js";

interface ToolServer {
  url: string;
  /** The refunds the demo server made, in order. */
  refunds(): { amount: number; order_id: string }[];
}

const test = base.extend<{}, { tools: ToolServer }>({
  tools: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), "tandem-tools-"));
      const ledger = join(dir, "ledger.jsonl");
      const config = join(dir, "tandem.tools.json");
      writeFileSync(
        config,
        JSON.stringify({
          mcpServers: { payments: { command: "node", args: [join(REPO_ROOT, "examples/mcp/demo-server.mjs"), "payments"], env: { LEDGER: ledger } } },
        }),
      );
      const server = await startServer(30_000, { TANDEM_TOOLS: config });
      await use({
        url: server.url,
        refunds: () =>
          existsSync(ledger)
            ? readFileSync(ledger, "utf8")
                .split("\n")
                .filter(Boolean)
                .map((line) => JSON.parse(line))
                .filter((entry) => entry.type === "refund")
            : [],
      });
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: "worker", timeout: 60_000 },
  ],
});
test.use({ baseURL: async ({ tools }, use) => use(tools.url) });

/** The agent's id in oneAgent's flow. */
const AGENT = "writer";

/** start → an agent whose scripted model asks for these refunds in one turn → end. Refunds over $100 need a person. */
function refunder(amounts: number[]): Flow {
  const flow = oneAgent("", { name: "Refunds" });
  const agent = flow.nodes.find((n) => n.id === AGENT)!;
  if (agent.type !== "agent") throw new Error("oneAgent's agent is missing");
  Object.assign(agent.data, {
    name: "refunder",
    systemMessage: "Refund what the customer asks for.",
    tools: [{ ref: "mcp:payments/refund", approval: { mode: "when", path: "amount", op: ">", value: 100 } }],
    script: [{ calls: amounts.map((amount, i) => ({ tool: "refund", arguments: { amount, order_id: `B-${i + 1}` } })), reply: "Done: {{result}}" }],
  });
  return flow;
}

const approvalCard = (page: import("@playwright/test").Page) => page.getByRole("region", { name: "Approve refund?" });

test("a refund of $250 is edited to $200 and approved: the ledger has one refund of 200, the transcript the diff", async ({ page, request, tools }) => {
  const before = tools.refunds().length;
  const flowId = await createFlow(request, refunder([250]));
  const runId = await startRunApi(request, flowId, "Please refund my $250 order");
  await openRun(page, flowId, runId);

  const card = approvalCard(page);
  await expect(card).toContainText("refunder asks to call refund");
  await expect(card).toContainText("Asks because amount > 100.");
  await expect(card.getByRole("definition").first()).toHaveText("250");
  await expect(nodeMark(page, AGENT)).toContainText("Waiting for approval · 1");
  await expect(transcript(page).locator(".tool-status")).toHaveText("needs approval");

  await card.getByRole("button", { name: "Edit & approve" }).click();
  const editor = card.getByRole("textbox", { name: "Arguments (JSON)" });
  const approve = card.getByRole("button", { name: "Approve with these arguments" });
  // Checked against the tool's schema before anything is sent: the problem names the field.
  await editor.fill('{ "amount": "200", "order_id": "B-1" }');
  await expect(card.getByRole("list", { name: "Problems with the arguments" })).toHaveText("amount: expected a number, got string");
  await expect(approve).toBeDisabled();
  await editor.fill('{ "amount": 200, "order_id": "B-1" }');
  await expect(card.getByRole("list", { name: "Problems with the arguments" })).toHaveCount(0);
  const preview = card.getByLabel("Changes to the arguments");
  await expect(preview.locator("del")).toHaveText("250,");
  await expect(preview.locator("ins")).toHaveText("200,");
  await approve.click();

  await expect(runStatus(page)).toHaveText("Completed");
  await expect(card).toHaveCount(0);
  expect(tools.refunds().slice(before)).toEqual([expect.objectContaining({ amount: 200, order_id: "B-1" })]);

  const call = transcript(page).getByRole("article", { name: "Tool call: refund" });
  await expect(call.locator(".tool-status")).toHaveText("done");
  await expect(call).toContainText("approved by Tess");
  await expect(call).toContainText("Tess changed the arguments");
  const diff = call.getByLabel("Changes to the arguments");
  await expect(diff.locator("del")).toHaveText("250,");
  await expect(diff.locator("ins")).toHaveText("200,");
  await expect(messagesOf(page, "refunder").last()).toContainText("Done:");
  await call.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("refund-edited.png") });

  // The replay's inspector shows the call at its result: the edit, the result, the idempotency key.
  const { events } = await getRun(request, runId);
  const result = events.find((e) => e.type === "tool.result")!;
  await page.goto(`/#/sessions/${runId}?at=${result.seq}`);
  const details = inspector(page).getByRole("region", { name: "Tool call" });
  await expect(details.locator(".tool-status")).toHaveText("done");
  await expect(details.getByLabel("Changes to the arguments").locator("ins")).toHaveText("200,");
  await expect(details.getByLabel("Result")).toContainText("Refunded $200.00 on order B-1");
  await expect(details).toContainText(`tandem-${runId}-`);
});

test("two calls of one turn wait together, each decided on its own, one from the tasks page: the rejected one never runs", async ({ page, request, tools }) => {
  const before = tools.refunds().length;
  const flowId = await createFlow(request, refunder([250, 300]));
  const runId = await startRunApi(request, flowId, "Refund both orders");
  await openRun(page, flowId, runId);
  await expect(approvalCard(page)).toHaveCount(2);
  await expect(nodeMark(page, AGENT)).toContainText("Waiting for approval · 2");

  // Listed as tasks with the tool and the arguments; decided there, on a live view of the run.
  await page.goto("/#/tasks");
  const tasks = page.getByRole("list", { name: "Waiting runs" }).getByRole("button").filter({ hasText: "Refund both orders" });
  await expect(tasks).toHaveCount(2);
  await expect(tasks.nth(0)).toContainText("approve refund");
  await expect(tasks.nth(0)).toContainText("amount: 250 · order_id: B-1");
  await expect(tasks.nth(1)).toContainText("amount: 300 · order_id: B-2");
  await tasks.nth(0).click();
  const first = approvalCard(page).filter({ hasText: "B-1" });
  await first.getByRole("button", { name: "Reject" }).click();
  await first.getByRole("textbox", { name: "Why not (the agent is told)" }).fill("Over the limit");
  await first.getByRole("button", { name: "Reject the call" }).click();
  await expect(approvalCard(page)).toHaveCount(1);
  await expect(tasks).toHaveCount(1);

  await page.getByRole("link", { name: "Open the run" }).click();
  await expect(nodeMark(page, AGENT)).toContainText("Waiting for approval · 1");
  await approvalCard(page).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(runStatus(page)).toHaveText("Completed");
  expect(tools.refunds().slice(before)).toEqual([expect.objectContaining({ amount: 300, order_id: "B-2" })]);

  const calls = transcript(page).getByRole("article", { name: "Tool call: refund" });
  await expect(calls.nth(0).locator(".tool-status")).toHaveText("rejected by Tess: Over the limit");
  await expect(calls.nth(1).locator(".tool-status")).toHaveText("done");
  await expect(calls.nth(1)).toContainText("approved by Tess");
});
