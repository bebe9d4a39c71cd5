// Journeys: giving an agent tools in the inspector. A tool is picked from what the server offers
// (the demo MCP servers of the repository's tandem.tools.json), its approval set to "when amount >
// 100", and the saved flow holds the tool use; a tool whose server is missing warns but stays
// editable; an HTTP tool defined in the flow settings is offered to agents and follows a rename.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { templates, type AgentNode, type Flow } from "@tandem/shared";
import { canvas, createFlow, expect, getFlow, mod, node, openEditor, test, uniqueName } from "../support/fixtures.js";

const writerReview = (): Flow => ({ ...structuredClone(templates.find((t) => t.id === "writer-review")!.flow), name: uniqueName("Tools") });
const agentData = (flow: Flow, id: string) => (flow.nodes.find((n) => n.id === id) as AgentNode).data;
const toolsSection = (page: Page) => page.getByRole("group", { name: "Tools" });

/** The inspector as it is now has no serious or critical axe violation. */
async function expectInspectorAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include(".inspector").analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, "serious or critical axe violations in the inspector").toEqual([]);
}

async function save(page: Page, version: number) {
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText(`Saved version ${version}`)).toBeVisible();
}

test("a tool picked for an agent, approved when amount > 100, is saved in the flow and shown after a reload", async ({ page, request }) => {
  const id = await createFlow(request, writerReview());
  await openEditor(page, id);
  await node(page, "writer").click();
  await toolsSection(page).getByRole("button", { name: "Add a tool" }).click();

  // The picker lists the payments server, up, with each tool's arguments readable.
  const payments = page.getByRole("group", { name: "Add a tool" }).getByRole("region", { name: "MCP server payments" });
  await expect(payments.locator(".tool-status-up")).toHaveText("up");
  const refundArgs = payments.getByLabel("Arguments of refund").getByRole("term");
  await expect(refundArgs.filter({ hasText: "order_id" })).toContainText("string");
  await expect(refundArgs.filter({ hasText: "amount" })).toContainText("number");
  await payments.getByRole("button", { name: "Add mcp:payments/refund" }).click();
  await expect(payments.getByRole("button", { name: "Add mcp:payments/refund" })).toBeDisabled();
  await page.getByRole("button", { name: "Done" }).click();

  // A new tool asks a person every time; the argument is picked from the tool's schema.
  const tool = toolsSection(page).getByRole("listitem", { name: "Tool mcp:payments/refund" });
  await expect(tool.getByLabel("Approval")).toHaveValue("always");
  await tool.getByLabel("Approval").selectOption("when");
  await expect(tool.getByLabel("Argument").locator("option")).toContainText(["order_id", "amount"]);
  await tool.getByLabel("Argument").selectOption("amount");
  await tool.getByLabel("Operator").selectOption(">");
  await tool.getByLabel("Value").fill("100");
  await expect(node(page, "writer")).toContainText("1 tool, 1 needs approval");
  await save(page, 2);

  const saved = await getFlow(request, id);
  expect(agentData(saved.flow, "writer").tools).toEqual([{ ref: "mcp:payments/refund", approval: { mode: "when", path: "amount", op: ">", value: 100 } }]);

  await page.reload();
  await node(page, "writer").click();
  const shown = toolsSection(page).getByRole("listitem", { name: "Tool mcp:payments/refund" });
  await expect(shown.getByLabel("Approval")).toHaveValue("when");
  await expect(shown.getByLabel("Argument")).toHaveValue("amount");
  await expect(shown.getByLabel("Operator")).toHaveValue(">");
  await expect(shown.getByLabel("Value")).toHaveValue("100");
});

test("a tool whose MCP server is not configured shows a warning and can still be edited, its approval condition typed by hand", async ({ page, request }) => {
  const flow = writerReview();
  agentData(flow, "writer").tools = [{ ref: "mcp:crm/find_customer", approval: { mode: "always" } }];
  const id = await createFlow(request, flow);
  await openEditor(page, id);
  await node(page, "writer").click();
  const tool = toolsSection(page).getByRole("listitem", { name: "Tool mcp:crm/find_customer" });
  await expect(tool.getByRole("note")).toHaveText('The tools configuration of this server has no MCP server "crm".');
  // Without the tool's schema the argument is typed; compared with > its value is a number.
  await tool.getByLabel("Approval").selectOption("when");
  await tool.getByLabel("Argument").fill("amount");
  await tool.getByLabel("Operator").selectOption(">");
  await tool.getByLabel("Value").fill("100");
  await tool.getByLabel("Timeout (s)").fill("5");
  await toolsSection(page).getByRole("button", { name: "Add a tool" }).click();
  await expect(page.getByRole("region", { name: "HTTP tools of this flow" })).toContainText("None yet");
  await expectInspectorAccessible(page);
  await save(page, 2);
  expect(agentData((await getFlow(request, id)).flow, "writer").tools).toEqual([
    { ref: "mcp:crm/find_customer", approval: { mode: "when", path: "amount", op: ">", value: 100 }, timeoutSeconds: 5 },
  ]);
});

test("an HTTP tool defined in the flow settings is offered to agents, and a rename follows it", async ({ page, request }) => {
  const id = await createFlow(request, writerReview());
  await openEditor(page, id);
  await canvas(page).click({ position: { x: 20, y: 20 } });
  const http = page.getByRole("group", { name: "HTTP tools" });
  await http.getByRole("button", { name: "Add HTTP tool" }).click();
  const item = http.getByRole("listitem", { name: "HTTP tool http_tool" });
  await item.getByLabel("Tool name").fill("orders");
  const orders = http.getByRole("listitem", { name: "HTTP tool orders" });
  await orders.getByLabel("URL template").fill("https://api.example.com/orders/{{order_id}}");
  // The flow's validation says on the field that the placeholder is no parameter (yet).
  await expect(orders.getByText("{{order_id}} is not one of the tool's parameters")).toBeVisible();
  await orders.getByLabel("Headers").fill("Accept application/json");
  const headerError = orders.getByText('line 1: expected "Name: value"');
  await expect(headerError).toBeVisible();
  await orders.getByLabel("Headers").fill("Accept: application/json");
  await expect(headerError).toHaveCount(0);
  await expectInspectorAccessible(page);

  await node(page, "writer").click();
  await toolsSection(page).getByRole("button", { name: "Add a tool" }).click();
  await page.getByRole("region", { name: "HTTP tools of this flow" }).getByRole("button", { name: "Add http:orders" }).click();
  await expect(toolsSection(page).getByRole("listitem", { name: "Tool http:orders" })).toBeVisible();

  await canvas(page).click({ position: { x: 20, y: 20 } });
  await orders.getByLabel("Tool name").fill("order_lookup");
  await node(page, "writer").click();
  await expect(toolsSection(page).getByRole("listitem", { name: "Tool http:order_lookup" })).toBeVisible();
  await save(page, 2);

  const saved = (await getFlow(request, id)).flow;
  expect(saved.httpTools?.map((t) => [t.name, t.method, t.url, t.headers])).toEqual([["order_lookup", "GET", "https://api.example.com/orders/{{order_id}}", { Accept: "application/json" }]]);
  expect(agentData(saved, "writer").tools).toEqual([{ ref: "http:order_lookup", approval: { mode: "always" } }]);
});
