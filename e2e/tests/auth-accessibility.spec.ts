// Journey: the account pages with a screen reader or a keyboard alone: axe-core finds no serious
// or critical violation on the open account menu, setup, sign-in, tokens and people, and Tab
// reaches every visible control there, each with a focus ring.
import { expectAccessible } from "../support/a11y.js";
import { accountButton, accountPanel, ADMIN, expect, setupAdmin, signIn, test } from "../support/accounts.js";

// axe, Tab tours, a server of its own and scrypt: slow on a busy machine.
test.slow();

test("the account menu, setup, sign-in, tokens and people", async ({ page, server }) => {
  await page.goto("/#/flows");
  // The menu opens and closes by keyboard, focus going back to its button.
  await accountButton(page).focus();
  await page.keyboard.press("Enter");
  await expect(accountPanel(page)).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(accountPanel(page)).toHaveCount(0);
  await expect(accountButton(page)).toBeFocused();

  await page.goto("/#/setup");
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByLabel("Username")).toBeFocused();
  await expectAccessible(page);

  // Accounts turned on elsewhere: the studio learns of it when it loads again.
  await setupAdmin(server.url);
  await page.goto("/#/account");
  await page.reload();
  await signIn(page, ADMIN.username, "wrong password!");
  await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
  // The message has focus, out of the Tab order: the tour starts from the page instead.
  await expect(page.getByRole("alert")).toBeFocused();
  await page.evaluate(() => (document.activeElement as HTMLElement).blur());
  await expectAccessible(page);

  await signIn(page, ADMIN.username, ADMIN.password);
  await page.getByLabel("New token's name").fill("laptop");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("The new token")).toBeVisible();
  await expectAccessible(page);

  await page.goto("/#/people");
  await page.getByRole("button", { name: "Edit roles of ana" }).click();
  await expect(page.getByRole("checkbox", { name: "admin" }).first()).toBeChecked();
  await expectAccessible(page);
});
