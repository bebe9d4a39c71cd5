// Journey: a server with no accounts is single-user and says so; the first admin is made in the
// browser and lands signed in; signing out, a wrong password and coming back to the page asked for.
import { accountButton, accountPanel, ADMIN, expect, setupAdmin, signIn, test } from "../support/accounts.js";

// A server of its own per test, and every password hashed with scrypt: slow on a busy machine.
test.slow();

test("first-run setup makes the admin, who signs out, mistypes the password, and signs in back to the page asked for", async ({ page }) => {
  await page.goto("/#/flows");
  await expect(page.getByRole("heading", { name: "Flows", exact: true })).toBeVisible();
  await accountButton(page).click();
  await expect(accountPanel(page)).toContainText(
    "Single-user: no sign-in (this server is on loopback and has no accounts). Create the first admin to turn on accounts.",
  );
  await accountPanel(page).getByRole("link", { name: "Create the first admin" }).click();

  // The form's rules, each named by its field; focus goes to the first one wrong.
  await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
  await page.getByLabel("Username").fill("Ana Lima");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByLabel("Username")).toBeFocused();
  await expect(page.getByText("Username: lower-case letters")).toBeVisible();
  await expect(page.getByText("Name: say how this person is shown")).toBeVisible();
  await expect(page.getByText("Password: at least 10 characters.")).toBeVisible();

  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Name", { exact: true }).fill(ADMIN.name);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Password again").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();

  // Signed in on the flows page: the header names the admin and the role.
  await expect(page).toHaveURL(/#\/flows$/);
  await expect(accountButton(page)).toHaveAccessibleName("Account: Ana Lima (admin)");
  await expect(accountButton(page)).toContainText("Ana Lima");
  const me = await page.evaluate(() => fetch("/api/auth/me").then((r) => r.json()));
  expect(me).toMatchObject({ mode: "accounts", setupNeeded: false, user: { username: "ana", roles: ["admin"] } });

  await accountButton(page).click();
  await accountPanel(page).getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Tandem" })).toBeVisible();
  expect(await page.evaluate(() => fetch("/api/flows").then((r) => r.status))).toBe(401);

  // Any page asked for while signed out shows sign-in, and is there once signed in.
  await page.goto("/#/sessions");
  await expect(page.getByRole("heading", { name: "Sign in to Tandem" })).toBeVisible();
  await signIn(page, ADMIN.username, "not the password");
  const alert = page.getByRole("alert");
  await expect(alert).toHaveText("Wrong username or password.");
  await expect(alert).toBeFocused();
  await expect(page.getByLabel("Password")).toHaveValue("");

  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await expect(page).toHaveURL(/#\/sessions$/);
  await expect(accountButton(page)).toHaveAccessibleName("Account: Ana Lima (admin)");
});

test("too many wrong passwords: sign-in says to wait, and for how long", async ({ page, server }) => {
  await setupAdmin(server.url);
  await page.goto("/#/flows");
  const alert = page.getByRole("alert");
  // The server limits failures per username and address; whatever its limit, it is reached.
  for (let attempt = 1; attempt <= 20; attempt++) {
    await signIn(page, ADMIN.username, `wrong ${attempt}`);
    // The password is cleared once the answer is in.
    await expect(page.getByLabel("Password")).toHaveValue("");
    if ((await alert.textContent())?.startsWith("Too many")) break;
    await expect(alert).toHaveText("Wrong username or password.");
  }
  await expect(alert).toHaveText(/^Too many attempts\. Try again in \d+ (minutes?|seconds?)\.$/);
  // Even the right password waits now.
  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(alert).toHaveText(/^Too many attempts/);
});
