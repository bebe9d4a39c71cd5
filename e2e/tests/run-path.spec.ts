// Journey: the path a finished run took, on its canvas and in its replay: every edge taken is
// highlighted and counted (not only the last), a short edge stays visible beside its count, and
// node badges count visits.
import type { Page } from "@playwright/test";
import { createFlow, expect, test } from "../support/fixtures.js";
import { nodeMark, openRun, writerReview } from "../support/runs.js";
import { openReplay, runToEnd, timeline } from "../support/sessions.js";

const label = (page: Page, edgeId: string) => page.locator(`.edge-label[data-edge="${edgeId}"]`);
const path = (page: Page, edgeId: string) => page.locator(`.react-flow__edge[data-id="${edgeId}"] .react-flow__edge-path`);

async function expectPath(page: Page, counts: Record<string, number>) {
  for (const [id, n] of Object.entries(counts)) {
    await expect(label(page, id).locator(".edge-count")).toHaveText(`${n}×`);
    await expect(path(page, id)).toHaveClass(/run-edge-taken/);
  }
}

test("every edge a run took is marked with its count, after the run and in its replay", async ({ page, request }) => {
  const flow = writerReview();
  // The reviewer close beside the writer: the edge between them is short.
  flow.nodes.find((n) => n.id === "reviewer")!.position.x = 500;
  const flowId = await createFlow(request, flow);
  const record = await runToEnd(request, flowId, "A tagline", [{ outcome: "revise", text: "Shorter." }, { outcome: "approve" }]);
  const taken = { e_user_writer: 1, e_writer_reviewer: 2, e_reviewer_writer: 1, e_reviewer_end: 1 };

  await openRun(page, flowId, record.run.id);
  await expectPath(page, taken);
  await expect(label(page, "e_reviewer_writer")).toHaveAttribute("title", "Condition: otherwise · tried 2 of 2 · Taken once");
  await expect(label(page, "e_writer_reviewer")).toHaveAttribute("title", "Condition: always · Taken 2 times");
  await expect(nodeMark(page, "writer")).toContainText("2 visits");
  await expect(nodeMark(page, "reviewer")).toContainText("2 visits");
  await expect(nodeMark(page, "end")).toContainText("1 visit");
  await expect(nodeMark(page, "writer")).not.toContainText("×");

  // The short edge's count sits beside its line, not on it, and on no node.
  await expect(label(page, "e_writer_reviewer")).toHaveAttribute("data-on-line", "false");
  const line = (await path(page, "e_writer_reviewer").boundingBox())!;
  const count = (await label(page, "e_writer_reviewer").boundingBox())!;
  const mid = { x: line.x + line.width / 2, y: line.y + line.height / 2 };
  expect(mid.y < count.y || mid.y > count.y + count.height).toBe(true);
  for (const id of ["writer", "reviewer"]) {
    const box = (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    const apart = count.x + count.width <= box.x || box.x + box.width <= count.x || count.y + count.height <= box.y || box.y + box.height <= count.y;
    expect(apart, `the count overlaps ${id}`).toBe(true);
  }
  await page.screenshot({ path: test.info().outputPath("run-path.png") });

  // The replay opens at the end: the same path. At the first question only the way there is marked.
  await openReplay(page, record.run.id);
  await expectPath(page, taken);
  await timeline(page).focus();
  await page.keyboard.press("Home");
  await page.getByRole("button", { name: "Next human request" }).click();
  await expectPath(page, { e_user_writer: 1, e_writer_reviewer: 1 });
  await expect(label(page, "e_reviewer_end").locator(".edge-count")).toHaveCount(0);
  await expect(path(page, "e_reviewer_end")).not.toHaveClass(/run-edge-taken/);
  await expect(nodeMark(page, "writer")).toContainText("1 visit");
  await page.screenshot({ path: test.info().outputPath("replay-path.png") });
});
