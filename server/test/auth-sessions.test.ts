// Sessions over time, with the clock given: a session lasts 14 days from its last use, is
// renewed (store and cookie) at most once an hour, and an expired one is gone.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, expect, test } from "vitest";
import { digestOf } from "../src/auth/secrets.js";
import { readSession, SESSION_MS, startSession } from "../src/auth/sessions.js";
import { createSqliteAccountStore } from "../src/store/accounts-sqlite.js";
import { openDb } from "../src/store/db.js";

const db = openDb(mkdtempSync(join(tmpdir(), "tandem-sessions-")));
afterAll(() => db.close());
const accounts = createSqliteAccountStore(db);
accounts.createUser({ id: "u1", username: "ana", name: "Ana", roles: ["admin"], createdAt: 0, passwordHash: "scrypt$x" });

let now = 1_000_000;
const app = new Hono()
  .post("/start", (c) => (startSession(c, accounts, "u1", now), c.body(null, 204)))
  .get("/read", (c) => c.json(readSession(c, accounts, now) ?? null));

test("a session is renewed on use at most once an hour, and ends 14 days after its last use", async () => {
  const started = await app.request("/start", { method: "POST" });
  const id = /tandem_session=([^;]+)/.exec(started.headers.get("set-cookie")!)![1]!;
  const read = () => app.request("/read", { headers: { cookie: `tandem_session=${id}` } });
  expect(accounts.session(digestOf(id))?.expiresAt).toBe(now + SESSION_MS);

  now += 59 * 60_000;
  const early = await read();
  expect(early.headers.get("set-cookie")).toBeNull();
  expect(accounts.session(digestOf(id))?.expiresAt).toBe(1_000_000 + SESSION_MS);

  now += 2 * 60_000;
  const renewed = await read();
  expect(renewed.headers.get("set-cookie")).toMatch(/Max-Age=1209600/);
  expect(accounts.session(digestOf(id))?.expiresAt).toBe(now + SESSION_MS);

  now += SESSION_MS;
  expect(await (await read()).json()).toBeNull();
  expect(accounts.session(digestOf(id))).toBeUndefined();
});
