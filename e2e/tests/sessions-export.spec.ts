// Journey: a run exported to a file and imported again on the Sessions page replays the same
// (same events, same transcript) as a read-only run; files that are not run exports are refused
// with a message that says why.
import { createFlow, expect, test, uniqueName } from "../support/fixtures.js";
import { transcript, writerReview } from "../support/runs.js";
import { openReplay, runToEnd, timeline } from "../support/sessions.js";

test("export a run, import the file: the same replay, read-only", async ({ page, request }) => {
  const flowId = await createFlow(request, writerReview());
  const record = await runToEnd(request, flowId, uniqueName("Export me"), [
    { outcome: "revise", text: "Shorter, please." },
    { outcome: "approve", edit: "Tandem: agents draft, people decide, every step is kept." },
  ]);
  await openReplay(page, record.run.id);
  const original = await transcript(page).innerText();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  expect(download.suggestedFilename()).toBe(`run-${record.run.id}.json`);
  const file = await download.path();

  await page.goto("/#/sessions");
  await page.getByTestId("import-run-file").setInputFiles(file);
  await expect(page).toHaveURL(/#\/sessions\/[^/?]+$/);
  const imported = decodeURIComponent(page.url().split("/sessions/")[1]!);
  expect(imported).not.toBe(record.run.id);
  await expect(page.getByText("Imported · read-only")).toBeVisible();
  await expect(timeline(page)).toHaveAttribute("aria-valuemax", String(record.events.length));
  await expect(timeline(page)).toHaveAttribute("aria-valuenow", String(record.events.length));
  expect(await transcript(page).innerText()).toBe(original);

  // The same at the person's first turn, too.
  await page.getByRole("button", { name: "Previous human request" }).click();
  await page.getByRole("button", { name: "Previous human request" }).click();
  const atImport = await transcript(page).innerText();
  await openReplay(page, record.run.id);
  await page.getByRole("button", { name: "Previous human request" }).click();
  await page.getByRole("button", { name: "Previous human request" }).click();
  expect(await transcript(page).innerText()).toBe(atImport);

  // Read-only: answering or controlling it is refused; forking it is how to go on.
  const events = (await (await request.get(`/api/runs/${imported}`)).json()) as { run: { imported: boolean } };
  expect(events.run.imported).toBe(true);
  const control = await request.post(`/api/runs/${imported}/control`, { data: { action: "cancel" } });
  expect(control.status()).toBe(409);
});

test("files that are not run exports are refused with a reason", async ({ page }) => {
  await page.goto("/#/sessions");
  const input = page.getByTestId("import-run-file");
  const alert = page.getByRole("alert");

  await input.setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("this is not JSON") });
  await expect(alert).toContainText("Could not import notes.json.");
  await expect(alert).toContainText("It is not JSON");

  await input.setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ schemaVersion: 2, nodes: [] })) });
  await expect(alert).toContainText("Could not import flow.json.");
  await expect(alert).toContainText('It is not a Tandem run export: format: not a Tandem run export (expected format "tandem.run")');

  const broken = { format: "tandem.run", version: 1, exportedAt: "", run: {}, events: [{ type: "run.started", seq: 2, at: 1 }] };
  await input.setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(alert).toContainText("events[0].seq: expected seq 1");
  await expect(alert).toContainText("Nothing was imported.");
  await expect(page).toHaveURL(/#\/sessions$/);
});
