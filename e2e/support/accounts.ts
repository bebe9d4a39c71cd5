// Journeys with accounts: a server of their own (the shared one stays open, single-user, for
// every other journey), the first admin made over HTTP, and signing in through the page.
import { test as base, expect, type Page } from "@playwright/test";
import { ownServer, type RunningServer } from "./server.js";

export const ADMIN = { username: "ana", name: "Ana Lima", password: "correct horse battery" };

/** Each test gets a fresh server, with no account yet, as its baseURL. */
export const test = base.extend<{ server: RunningServer }>(ownServer);
export { expect };

/** Makes the first admin over HTTP (as `tandem users add` or another browser would). */
export async function setupAdmin(url: string): Promise<void> {
  const response = await fetch(`${url}/api/auth/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

export async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The account button in the page's header: "Account: Ana Lima (admin)" once signed in. */
export const accountButton = (page: Page) => page.getByRole("button", { name: /^Account: / });
export const accountPanel = (page: Page) => page.getByRole("region", { name: "Account" });
