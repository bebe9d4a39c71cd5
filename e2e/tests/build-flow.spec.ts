// Journey: draw the seed flow (start → writer → reviewer; approve → end, otherwise → writer)
// on an empty canvas with the mouse, save it, and find the same graph after a reload.
import { canvasGraph, connect, dropNode, expect, getFlow, mod, node, test } from "../support/fixtures.js";

test("build the seed flow by drag and drop, save, reload", async ({ page, request }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "New blank flow" }).click();
  await expect(page).toHaveURL(/#\/flows\/new$/);
  await expect(page.locator(".react-flow__node")).toHaveCount(0);
  await expect(page.getByText("the flow has no start node")).toBeVisible();

  await dropNode(page, "Start", 120, 200);
  await dropNode(page, "Agent", 380, 200);
  await dropNode(page, "Human", 680, 200);
  await dropNode(page, "End", 700, 480);
  await expect(page.locator(".react-flow__node")).toHaveCount(4);

  // A dropped node is selected: name it in the inspector.
  await node(page, "agent_1").click();
  await page.getByLabel("Name").fill("writer");
  await page.getByLabel("System message").fill("Write a short draft; revise it when the reviewer asks.");
  await node(page, "human_1").click();
  await page.getByLabel("Name").fill("reviewer");
  await expect(page.getByLabel("Outcome 1", { exact: true })).toHaveValue("approve");
  await expect(node(page, "human_1")).toContainText("Person in the loop");

  await connect(page, "user", "agent_1");
  await connect(page, "agent_1", "human_1");
  await connect(page, "human_1", "end");
  // The new edge is selected, so its condition is set straight away.
  await page.getByLabel("Condition").selectOption("outcome");
  await expect(page.getByLabel("Outcome", { exact: true })).toHaveValue("approve");
  await connect(page, "human_1", "agent_1");
  await page.getByLabel("Condition").selectOption("otherwise");
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);
  await expect(page.locator(".edge-label")).toHaveText(["1 · approve", "2 · otherwise"]);
  await expect(page.getByText("Ready to run")).toBeVisible();

  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText("Saved version 1")).toBeVisible();
  await expect(page.getByText("Unsaved changes")).toBeHidden();
  // Stored only now, on its first save: the address takes its id.
  await expect(page).toHaveURL(/#\/flows\/(?!new$)[^/]+$/);
  const flowId = decodeURIComponent(page.url().split("/").pop()!);

  const saved = await getFlow(request, flowId);
  expect(saved.valid).toBe(true);
  expect(saved.flow.edges.map((e) => [e.source, e.target, e.data.when ?? null])).toEqual([
    ["user", "agent_1", null],
    ["agent_1", "human_1", null],
    ["human_1", "end", { kind: "outcome", value: "approve" }],
    ["human_1", "agent_1", { kind: "otherwise" }],
  ]);
  expect(saved.flow.nodes.map((n) => [n.type, n.data.name])).toEqual([
    ["start", "user"],
    ["agent", "writer"],
    ["human", "reviewer"],
    ["end", "end"],
  ]);

  const before = await canvasGraph(page);
  await page.reload();
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);
  expect(await canvasGraph(page)).toEqual(before);
  expect((await getFlow(request, flowId)).flow).toEqual(saved.flow);
});

test("click-to-add from the palette and connecting leave a valid flow", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "New blank flow" }).click();
  await page.getByRole("button", { name: "Add Start node" }).click();
  await page.getByRole("button", { name: "Add End node" }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  // Click-added nodes step aside from each other, so both handles are reachable.
  await page.getByRole("button", { name: "Fit view" }).click();
  await connect(page, "user", "end");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await expect(page.getByText("Ready to run")).toBeVisible();
});

test("a blank flow opened and left unchanged stores nothing; Back to flows is a real link", async ({ page }) => {
  const stored: string[] = [];
  page.on("request", (r) => {
    if (r.method() !== "GET" && new URL(r.url()).pathname.startsWith("/api/flows")) stored.push(`${r.method()} ${r.url()}`);
  });
  await page.goto("/");
  await page.getByRole("button", { name: "New blank flow" }).click();
  await expect(page).toHaveURL(/#\/flows\/new$/);
  await expect(page.getByText("New · not saved yet")).toBeVisible();

  // A link: a middle click opens the flows in a new tab, and this one stays.
  const back = page.getByRole("banner", { name: "Editor" }).getByRole("link", { name: "Back to flows" });
  await expect(back).toHaveAttribute("href", "#/flows");
  const [tab] = await Promise.all([page.context().waitForEvent("page"), back.click({ button: "middle" })]);
  await expect(tab).toHaveURL(/#\/flows$/);
  await tab.close();
  await expect(page).toHaveURL(/#\/flows\/new$/);

  // Nothing changed: leaving asks nothing and stores nothing.
  await back.click();
  await expect(page).toHaveURL(/#\/flows$/);
  await expect(page.getByRole("heading", { name: "Start a new flow" })).toBeVisible();
  expect(stored).toEqual([]);
});
