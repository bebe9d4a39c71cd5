// Journeys: who a human node is for, set in its inspector on a server without accounts (names
// typed by hand): assignees, a quorum and an escalation chain are saved in the flow, shown on the
// canvas and in the inspector after a reload; fallback edges are drawn dashed with their label.
import type { Locator, Page } from "@playwright/test";
import type { Flow, HumanNode } from "@tandem/shared";
import { createFlow, expect, getFlow, mod, node, openEditor, test } from "../support/fixtures.js";
import { writerReview } from "../support/runs.js";

const reviewerData = (flow: Flow) => (flow.nodes.find((n) => n.id === "reviewer") as HumanNode).data;
const step = (page: Page, n: number): Locator => page.getByRole("listitem", { name: `Escalation step ${n}` });

async function typeAssignee(field: Locator, text: string) {
  await field.fill(text);
  await field.press("Enter");
}

test("assignees, a quorum and an escalation chain typed in a human node's inspector are saved and shown after a reload", async ({ page, request }, testInfo) => {
  const id = await createFlow(request, writerReview());
  await openEditor(page, id);
  await node(page, "reviewer").click();

  const assignees = page.getByRole("combobox", { name: "Assignees" });
  await typeAssignee(assignees, "9lives");
  await expect(page.getByText('"9lives" is not a role')).toBeVisible();
  await typeAssignee(assignees, "Legal");
  await typeAssignee(assignees, "@ana");
  await expect(page.getByRole("list", { name: "Assignees" }).getByRole("listitem")).toHaveText(["legal×", "@ana×"]);

  await page.getByRole("checkbox", { name: /Several people vote/ }).check();
  await expect(page.getByRole("spinbutton", { name: "Votes needed" })).toHaveValue("2");
  await page.getByRole("combobox", { name: "For the outcome" }).selectOption("approve");
  await page.getByRole("combobox", { name: "Default outcome" }).selectOption("revise");

  await page.getByRole("button", { name: "Add step" }).click();
  await step(page, 1).getByRole("combobox", { name: "Unit" }).selectOption("minutes");
  await step(page, 1).getByRole("spinbutton", { name: "After" }).fill("30");
  await page.getByRole("button", { name: "Add step" }).click();
  await step(page, 2).getByRole("combobox", { name: "Step 2" }).selectOption("reassign");
  await step(page, 2).getByRole("combobox", { name: "Unit" }).selectOption("hours");
  await step(page, 2).getByRole("spinbutton", { name: "After" }).fill("2");
  await typeAssignee(step(page, 2).getByRole("combobox", { name: "Step 2 goes to" }), "finance");
  await page.getByRole("button", { name: "Add step" }).click();
  await expect(step(page, 3).getByRole("combobox", { name: "Step 3" })).toHaveValue("default");
  await step(page, 3).getByRole("spinbutton", { name: "After" }).fill("4");
  await expect(step(page, 3)).toContainText("Takes “revise”.");

  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 2")).toBeVisible();
  const saved = reviewerData((await getFlow(request, id)).flow);
  expect(saved.assignees).toEqual({ users: ["ana"], roles: ["legal"] });
  expect(saved.quorum).toEqual({ count: 2, outcome: "approve" });
  expect(saved.escalation).toEqual([
    { action: "remind", afterSeconds: 1800 },
    { action: "reassign", afterSeconds: 7200, assignees: { users: [], roles: ["finance"] } },
    { action: "default", afterSeconds: 14400 },
  ]);

  await page.reload();
  await expect(node(page, "reviewer")).toContainText("legal, @ana");
  await expect(node(page, "reviewer")).toContainText("2 × approve");
  await expect(node(page, "reviewer")).toContainText("Escalates: remind 30 min → to finance 2 h → default 4 h");
  await node(page, "reviewer").screenshot({ path: testInfo.outputPath("human-node.png") });
  await node(page, "reviewer").click();
  await expect(page.getByRole("list", { name: "Assignees" }).getByRole("listitem")).toHaveText(["legal×", "@ana×"]);
  await expect(page.getByRole("checkbox", { name: /Several people vote/ })).toBeChecked();
  await expect(step(page, 2).getByRole("list", { name: "Step 2 goes to" })).toContainText("finance");
  await expect(step(page, 1).getByRole("spinbutton", { name: "After" })).toHaveValue("30");
  await expect(step(page, 1).getByRole("combobox", { name: "Unit" })).toHaveValue("minutes");
  await page.locator(".inspector").screenshot({ path: testInfo.outputPath("human-inspector.png") });

  // Removing a chip removes the person.
  await page.getByRole("button", { name: "Remove @ana" }).click();
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 3")).toBeVisible();
  expect(reviewerData((await getFlow(request, id)).flow).assignees).toEqual({ users: [], roles: ["legal"] });
});

test("on error and on stuck edges are drawn dashed in the danger colour with their label", async ({ page, request }, testInfo) => {
  const flow = writerReview();
  const fallback = (id: string, name: string, y: number): HumanNode => ({
    id,
    type: "human",
    position: { x: 520, y },
    data: { name, instructions: "Decide what to do.", outcomes: [], allowText: true, allowEdit: false },
  });
  flow.nodes.push(fallback("helpdesk", "helpdesk", 320), fallback("unstick", "unstick", -160));
  // First among the writer's edges: routing never tries them, and an edge after an "always" one reads as never taken.
  flow.edges.unshift(
    { id: "e_writer_fallback", source: "writer", target: "helpdesk", data: { when: { kind: "error" } } },
    { id: "e_writer_stuck", source: "writer", target: "unstick", data: { when: { kind: "stuck" } } },
  );
  const id = await createFlow(request, flow);
  await openEditor(page, id);
  for (const [edge, label] of [
    ["e_writer_fallback", "on error"],
    ["e_writer_stuck", "on stuck"],
  ] as const) {
    await expect(page.locator(`.react-flow__edge[data-id="${edge}"] .react-flow__edge-path`)).toHaveClass(/edge-fallback/);
    const tag = page.locator(`.edge-label[data-edge="${edge}"]`);
    await expect(tag).toContainText(label);
    await expect(tag).toHaveClass(/edge-fallback/);
    // Dashed, in the danger colour.
    const look = await page.locator(`.react-flow__edge[data-id="${edge}"] .react-flow__edge-path`).evaluate((e) => ({ dash: getComputedStyle(e).strokeDasharray, color: getComputedStyle(e).stroke }));
    expect(look.dash).not.toBe("none");
    expect(look.color).toBe("rgb(220, 38, 38)");
  }
  await page.locator(".canvas").screenshot({ path: testInfo.outputPath("fallback-edges.png") });
});
