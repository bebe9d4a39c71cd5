// Journey: publish version 1 of a flow from the editor, make a key on its page, and call its
// endpoint as a program would (fetch with the Bearer key). Saving version 2 changes nothing for
// callers until version 2 is promoted on the page; a revoked key is refused. Schedules: a bad cron
// is refused with the server's reason under the field; a good one shows its next times, pauses and resumes.
// A reviewer, who may not see deployments, is told why, and cannot publish.
import type { Flow, Me, RunRecord } from "@tandem/shared";
import type { APIRequestContext, Page } from "@playwright/test";
import { ADMIN, setupAdmin, signIn, test as accountsTest } from "../support/accounts.js";
import { createFlow, expect, getFlow, openEditor, test } from "../support/fixtures.js";
import { oneAgent } from "../support/runs.js";

// Next times are shown in the reader's zone: fix it, so the expected times are known.
test.use({ timezoneId: "UTC" });

/** A deployment name no other test (or repeat) on the shared server uses. */
const uniqueDeployment = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

/** Calls the endpoint as a program would and waits for the run's end; answers the status and the run's version. */
async function call(baseURL: string, request: APIRequestContext, name: string, key: string, input: string) {
  const response = await fetch(`${baseURL}/api/deployments/${name}/runs?wait=true`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input }),
  });
  if (response.status !== 200) return { status: response.status, version: null, output: null };
  const { runId } = (await response.json()) as { runId: string };
  const record = (await (await request.get(`/api/runs/${runId}`)).json()) as RunRecord;
  return { status: response.status, version: record.run.flowVersion, output: record.state.output };
}

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });

test("publish version 1, call it with a key; it runs version 1 until version 2 is promoted; a revoked key gets 401", async ({ page, request, baseURL }) => {
  const flowId = await createFlow(request, oneAgent("Reply from version one"));
  const name = uniqueDeployment("reply");

  // Publish from the editor's toolbar.
  await openEditor(page, flowId);
  await page.getByRole("button", { name: "Publish" }).click();
  const dialog = page.getByRole("dialog", { name: /^Publish "/ });
  await expect(dialog.getByLabel("Version")).toHaveValue("1");
  await expect(dialog.getByRole("note")).toContainText("The deployment runs version 1 as saved.");
  await dialog.getByLabel("Name").fill(name);
  await shot(page, "publish-dialog");
  await dialog.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page).toHaveURL(new RegExp(`#/deployments/${name}$`));
  await expect(page.getByTestId("pinned-version")).toHaveText("Runs version 1");

  // A key, shown once.
  await page.getByLabel("New key's name").fill("billing service");
  await page.getByRole("button", { name: "Make key" }).click();
  const made = page.getByRole("region", { name: 'Key "billing service" is ready' });
  await expect(made).toContainText("you will not see it again");
  const key = await made.getByLabel("The new key").inputValue();
  expect(key).toMatch(/^tdk_/);
  const keys = page.getByRole("table", { name: "Keys" });
  await expect(keys.getByRole("row")).toHaveCount(2);
  await expect(keys).toContainText(`${key.slice(0, 8)}`);
  await shot(page, "deployment-key");

  const first = await call(baseURL!, request, name, key, "first call");
  expect(first).toMatchObject({ status: 200, version: 1, output: "Reply from version one" });

  // Version 2 saved: callers still get version 1.
  const saved = await getFlow(request, flowId);
  const changed: Flow = structuredClone(saved.flow);
  const writer = changed.nodes.find((n) => n.id === "writer")!;
  if (writer.type === "agent") writer.data.script = ["Reply from version two"];
  const put = await request.put(`/api/flows/${flowId}`, { data: { flow: changed, baseVersion: saved.version } });
  expect(put.status()).toBe(200);
  expect(await call(baseURL!, request, name, key, "second call")).toMatchObject({ status: 200, version: 1, output: "Reply from version one" });

  // Promote version 2 on the page.
  await page.reload();
  const promote = page.getByRole("form", { name: "Promote a version" });
  await expect(promote.getByLabel("Promote another version")).toHaveValue("2");
  await expect(promote.locator(".deploy-changes")).toHaveText("Against version 1: 1 node changed");
  await promote.getByRole("button", { name: "Promote version 2" }).click();
  await expect(page.getByTestId("pinned-version")).toHaveText("Runs version 2");
  await expect(page.getByRole("list", { name: "Promotions" }).getByRole("listitem")).toHaveCount(2);
  expect(await call(baseURL!, request, name, key, "third call")).toMatchObject({ status: 200, version: 2, output: "Reply from version two" });

  // Its runs and figures, and the list of deployments.
  await page.reload();
  const figures = page.getByLabel("Figures");
  await expect(figures).toContainText("Runs3");
  await expect(figures).toContainText("Error rate0%");
  await expect(figures).toContainText("v1: 2 · v2: 1");
  await expect(page.getByRole("region", { name: "Runs of this deployment" }).locator("tbody tr")).toHaveCount(3);
  await shot(page, "deployment-page");

  // Revoked: the next call is refused.
  await page.getByRole("button", { name: "Revoke billing service" }).click();
  await page.getByRole("dialog", { name: 'Revoke key "billing service"?' }).getByRole("button", { name: "Revoke key" }).click();
  await expect(keys.getByRole("row", { name: /billing service/ })).toContainText("Revoked");
  expect((await call(baseURL!, request, name, key, "fourth call")).status).toBe(401);

  await page.goto("/#/deployments");
  const row = page.locator(`tr[data-deployment="${name}"]`);
  await expect(row).toContainText("v2");
  await expect(row.locator("td").nth(3)).toHaveText("3");
  await shot(page, "deployments-list");
});

test("settings: a bad callback URL is refused under its field; the hosted page, once on, shows its link and embed snippet", async ({ page, request }) => {
  const flowId = await createFlow(request, oneAgent("Hosted reply"));
  const name = uniqueDeployment("hosted");
  expect((await request.post("/api/deployments", { data: { name, flowId, version: 1 } })).status()).toBe(201);

  await page.goto(`/#/deployments/${name}`);
  const settings = page.getByRole("form", { name: "Settings" });
  await expect(page.getByRole("region", { name: "Use it" })).toContainText("The hosted page is off");
  await settings.getByLabel("Callback URL").fill("ftp://example.com/hook");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByLabel("Callback URL")).toHaveAttribute("aria-invalid", "true");
  await expect(settings.locator("#settings-callback-error")).toContainText("http:// or https://");
  await shot(page, "settings-bad-callback");

  await settings.getByLabel("Callback URL").fill("https://example.com/hook");
  await settings.getByLabel("Allowed origins").fill("https://shop.example\nhttps://shop.example, https://blog.example");
  await settings.getByLabel(/Hosted page on/).check();
  await settings.getByRole("button", { name: "Save settings" }).click();
  const link = page.getByRole("region", { name: "Use it" }).getByRole("link", { name: /\/d\// });
  await expect(link).toBeVisible();
  const pagePath = new URL((await link.textContent())!).pathname;
  await expect(page.getByLabel(/Embed it in another site/)).toHaveValue(new RegExp(`src="[^"]+${pagePath}\\?embed=1"`));
  const stored = (await (await request.get(`/api/deployments/${name}`)).json()) as { callbackUrl: string; allowedOrigins: string[]; pageEnabled: boolean };
  expect(stored).toMatchObject({ callbackUrl: "https://example.com/hook", allowedOrigins: ["https://shop.example", "https://blog.example"], pageEnabled: true });
  await expect(settings.getByLabel("Allowed origins")).toHaveValue("https://shop.example\nhttps://blog.example");
  await shot(page, "settings-hosted-page");
});

test("a schedule: a bad cron is refused under the field; a good one shows its next times, pauses and resumes", async ({ page, request }) => {
  const flowId = await createFlow(request, oneAgent("Scheduled reply"));
  const name = uniqueDeployment("nightly");
  const created = await request.post("/api/deployments", { data: { name, flowId, version: 1 } });
  expect(created.status()).toBe(201);

  await page.goto(`/#/deployments/${name}`);
  const form = page.getByRole("form", { name: "New schedule" });
  await expect(page.getByRole("region", { name: "Schedules", exact: true })).toContainText("No schedules");
  await form.getByLabel("Cron").fill("every tuesday");
  await form.getByLabel("Time zone").fill("UTC");
  await form.getByRole("button", { name: "Add schedule" }).click();
  await expect(form.getByLabel("Cron")).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator("#schedule-cron-error")).toContainText(/cron/i);
  await shot(page, "schedule-bad-cron");

  await form.getByLabel("Cron").fill("30 9 * * *");
  await form.getByLabel("Input").fill("the nightly report");
  await form.getByRole("button", { name: "Add schedule" }).click();
  const next = page.getByRole("list", { name: "Next runs of 30 9 * * *" });
  await expect(next.getByRole("listitem")).toHaveCount(3);
  for (const item of await next.getByRole("listitem").allTextContents()) expect(item).toMatch(/, 09:30$/);
  await expect(form.getByLabel("Cron")).toHaveValue("");
  await shot(page, "schedule-added");

  const row = page.locator("tr[data-schedule-id]");
  await row.getByRole("button", { name: "Pause" }).click();
  await expect(row).toContainText("Paused");
  await expect(row).toContainText("None while paused");
  await shot(page, "schedule-paused");
  await row.getByRole("button", { name: "Resume" }).click();
  await expect(next.getByRole("listitem")).toHaveCount(3);
  await expect(row).not.toContainText("Paused");
});

accountsTest("a reviewer is told why deployments are not theirs to see, and cannot publish", async ({ page, request, server }) => {
  accountsTest.slow(); // a server of its own and two sign-ins with scrypt
  await setupAdmin(server.url);
  const signedIn = await request.post("/api/auth/sign-in", { data: { username: ADMIN.username, password: ADMIN.password } });
  const admin = { "x-csrf-token": ((await signedIn.json()) as Me).csrfToken! };
  const LEE = { username: "lee", name: "Lee Park", password: "legal eagle 2026" };
  expect((await request.post("/api/roles", { data: { name: "legal" }, headers: admin })).status()).toBe(201);
  expect((await request.post("/api/users", { data: { ...LEE, roles: ["legal"] }, headers: admin })).status()).toBe(201);
  const saved = await request.post("/api/flows", { data: { flow: oneAgent("Hi") }, headers: admin });
  const flowId = ((await saved.json()) as { id: string }).id;
  await request.post("/api/auth/sign-out", { headers: admin });

  await page.goto("/#/deployments");
  await signIn(page, LEE.username, LEE.password);
  await expect(page.getByRole("note")).toHaveText("You cannot see deployments: it needs the deployments.read permission, and you have legal.");
  await openEditor(page, flowId);
  const publish = page.getByRole("button", { name: "Publish" });
  await expect(publish).toBeDisabled();
  await expect(publish).toHaveAttribute("title", /You cannot publish and manage deployments/);
});
