// Journey: the admin manages people and roles in the studio, and makes and revokes a personal
// API token that really opens the API; a reviewer sees neither People nor its controls.
import { accountButton, accountPanel, ADMIN, expect, setupAdmin, signIn, test } from "../support/accounts.js";

// A server of its own per test, and every password hashed with scrypt: slow on a busy machine.
test.slow();

const LEE = { username: "lee", name: "Lee Park", password: "legal eagle 2026" };

test("the admin makes a legal role, adds lee with it, and lee cannot manage people", async ({ page, server, browser }) => {
  await setupAdmin(server.url);
  await page.goto("/#/flows");
  await signIn(page, ADMIN.username, ADMIN.password);
  await accountButton(page).click();
  await accountPanel(page).getByRole("link", { name: "People and roles" }).click();
  await expect(page.getByRole("heading", { name: "People and roles" })).toBeVisible();

  // A reviewer role: its name's rule is shown, and a name that breaks it is refused by name.
  const roleName = page.getByLabel("Role name");
  await expect(page.getByText("The rule: lower-case letters, digits, - and _, starting with a letter (at most 40).")).toBeVisible();
  await roleName.fill("Legal");
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(roleName).toBeFocused();
  await expect(roleName).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Role name: lower-case letters")).toBeVisible();
  await roleName.fill("legal");
  await page.getByRole("button", { name: "Create role" }).click();
  const legalRow = page.locator('tr[data-role="legal"]');
  await expect(legalRow).toContainText("0");

  // Adding a person: problems named by field, then lee with the role legal.
  const form = page.getByRole("form", { name: "Add a person" });
  await form.getByLabel("Username").fill("lee");
  await form.getByLabel("Email (optional)").fill("lee-at-example");
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(form.getByText("Email: expected an address")).toBeVisible();
  await expect(form.getByText("Password: at least 10 characters.")).toBeVisible();
  await form.getByLabel("Name", { exact: true }).fill(LEE.name);
  await form.getByLabel("Email (optional)").fill("lee@example.com");
  await form.getByLabel("First password").fill(LEE.password);
  await form.getByRole("checkbox", { name: "legal" }).check();
  await form.getByRole("button", { name: "Add person" }).click();

  const leeRow = page.locator('tr[data-username="lee"]');
  await expect(leeRow).toContainText("Lee Park");
  await expect(leeRow).toContainText("lee@example.com");
  await expect(leeRow.getByRole("cell").nth(3)).toHaveText("legal");
  await expect(leeRow).toContainText("Never");
  await expect(legalRow.getByRole("cell").nth(2)).toHaveText("1");
  const users = await page.evaluate(() => fetch("/api/users").then((r) => r.json()));
  expect(users.users.find((u: { username: string }) => u.username === "lee")).toMatchObject({ name: "Lee Park", roles: ["legal"] });

  // Roles edited in place: lee is an operator too.
  await leeRow.getByRole("button", { name: "Edit roles of lee" }).click();
  await leeRow.getByRole("checkbox", { name: "operator" }).check();
  await leeRow.getByRole("button", { name: "Save roles" }).click();
  await expect(leeRow.getByRole("cell").nth(3)).toHaveText("legal, operator");

  // Lee signs in elsewhere: a reviewer, with no People in the menu and none at its address.
  const other = await browser.newContext({ baseURL: server.url });
  const leePage = await other.newPage();
  await leePage.goto("/#/flows");
  await signIn(leePage, LEE.username, LEE.password);
  await expect(accountButton(leePage)).toHaveAccessibleName("Account: Lee Park (legal, operator)");
  await accountButton(leePage).click();
  await expect(accountPanel(leePage).getByRole("link", { name: "API tokens" })).toBeVisible();
  await expect(accountPanel(leePage).getByRole("link", { name: "People and roles" })).toHaveCount(0);
  await leePage.goto("/#/people");
  await expect(leePage.getByRole("alert")).toHaveText(
    "You cannot manage people and roles: it needs the users.manage permission, and you have legal, operator.",
  );
  await other.close();

  // Disabled, lee can no longer sign in.
  await leeRow.getByRole("button", { name: "Disable lee" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(leeRow).toContainText("Disabled");
  const refused = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: LEE.username, password: LEE.password }),
  });
  expect(refused.status).toBe(401);
});

test("a personal token is shown once, opens the API, and is refused once revoked", async ({ page, server }) => {
  await setupAdmin(server.url);
  await page.goto("/#/account");
  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  await page.getByRole("button", { name: "Make token" }).click();
  await expect(page.getByLabel("New token's name")).toBeFocused();
  await expect(page.getByText("Name: say what the token is for")).toBeVisible();
  await page.getByLabel("New token's name").fill("build server");
  await page.getByRole("button", { name: "Make token" }).click();

  const made = page.getByRole("region", { name: 'Token "build server" is ready' });
  await expect(made).toContainText("Copy it now: you will not see it again.");
  const token = await made.getByLabel("The new token").inputValue();
  expect(token).toMatch(/^tdm_/);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await made.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText("Copied the token")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  // Listed by its first characters only, never whole.
  const row = page.locator("tr[data-secret-id]").filter({ hasText: "build server" });
  await expect(row).toContainText(`${token.slice(0, 8)}…`);
  await expect(row).toContainText("Never");
  expect(await page.locator("table").textContent()).not.toContain(token);

  // The token is a real one: the API knows whose it is.
  const bearer = { authorization: `Bearer ${token}` };
  const me = await fetch(`${server.url}/api/auth/me`, { headers: bearer }).then((r) => r.json());
  expect(me.user).toMatchObject({ username: ADMIN.username });
  expect((await fetch(`${server.url}/api/flows`, { headers: bearer })).status).toBe(200);
  // After a reload: used just now, and no longer shown whole anywhere.
  await page.reload();
  await expect(row).not.toContainText("Never");
  await expect(page.getByLabel("The new token")).toHaveCount(0);

  await row.getByRole("button", { name: "Revoke build server" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText('Revoke "build server"?');
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByText("No tokens yet.")).toBeVisible();
  expect((await fetch(`${server.url}/api/flows`, { headers: bearer })).status).toBe(401);
});
