// Sessions over time, with the clock given, on each backend: a session lasts 14 days from its
// last use, is renewed (store and cookie) at most once an hour, and an expired one is gone.
import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import { digestOf } from "../src/auth/secrets.js";
import { readSession, SESSION_MS, startSession } from "../src/auth/sessions.js";
import { createAccountStore } from "../src/store/accounts-sql.js";
import { sqlBackends } from "./helpers/backends.js";

describe.each(sqlBackends)("sessions on $name", (backend) => {
  test("a session is renewed on use at most once an hour, and ends 14 days after its last use", async () => {
    const accounts = createAccountStore(await backend.open());
    await accounts.createUser({ id: "u1", username: "ana", name: "Ana", roles: ["admin"], createdAt: 0, passwordHash: "scrypt$x" });
    const start = 1_700_000_000_000;
    let now = start;
    const app = new Hono()
      .post("/start", async (c) => (await startSession(c, accounts, "u1", now), c.body(null, 204)))
      .get("/read", async (c) => c.json((await readSession(c, accounts, now)) ?? null));

    const started = await app.request("/start", { method: "POST" });
    const id = /tandem_session=([^;]+)/.exec(started.headers.get("set-cookie")!)![1]!;
    const read = () => app.request("/read", { headers: { cookie: `tandem_session=${id}` } });
    expect((await accounts.session(digestOf(id)))?.expiresAt).toBe(now + SESSION_MS);

    now += 59 * 60_000;
    const early = await read();
    expect(early.headers.get("set-cookie")).toBeNull();
    expect((await accounts.session(digestOf(id)))?.expiresAt).toBe(start + SESSION_MS);

    now += 2 * 60_000;
    const renewed = await read();
    expect(renewed.headers.get("set-cookie")).toMatch(/Max-Age=1209600/);
    expect((await accounts.session(digestOf(id)))?.expiresAt).toBe(now + SESSION_MS);

    now += SESSION_MS;
    expect(await (await read()).json()).toBeNull();
    expect(await accounts.session(digestOf(id))).toBeUndefined();
  });
});
