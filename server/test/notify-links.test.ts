// Answer links against a real server process: a link answers its one request once, as its
// person (actor "Ana", via "link"), from the API or from its page's form; reused, tampered, expired and
// other-request links are refused with clear errors and pages; on a server guarded by a token,
// the link opens no other route. A webhook collector that is down neither slows nor fails the
// run. No link token, key or webhook secret shows in a log line.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { linkSecret, signLink } from "../src/notify/links.js";
import { client, eventually, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { tempDir } from "./helpers/cli.js";
import { freePort } from "./helpers/free-port.js";

const HOOK_SECRET = "whsec-links-test-0123456789abcdef";
const TOKEN = "server-token-0123456789abcdef0123";

let server: ServerProcess;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  const dir = tempDir();
  const file = join(dir, "tandem.notify.json");
  writeFileSync(file, JSON.stringify({ webhooks: [{ url: `http://127.0.0.1:${await freePort()}/hook`, secretEnv: "HOOK_SECRET" }] }));
  server = await startServerProcess({ env: { TANDEM_NOTIFY: file, HOOK_SECRET } });
  api = client(server.url);
});
afterAll(() => server?.stop());

const waiting = async (id: string) => (await api.until(id, (s) => s.status === "waiting")).state;

async function linkFor(id: string, requestId: string, name = "Ana") {
  const res = await api.post(`/api/runs/${id}/requests/${requestId}/links`, { name });
  expect(res.status).toBe(201);
  const token = new URL(res.body.url).pathname.replace("/answer/", "");
  return { url: res.body.url as string, token, expiresAt: res.body.expiresAt as number };
}

const answerLink = (token: string, body: unknown) => api.post(`/api/links/${token}/answer`, body);
const page = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, html: await res.text(), csp: res.headers.get("content-security-policy") };
};

describe("an answer link", () => {
  test("opens a page with the task, answers once as its person, and is then refused as used", async () => {
    const id = await api.start(reviewFlow({ script: ["The river bends twice."] }), "a haiku");
    const { pending } = await waiting(id);
    const link = await linkFor(id, pending.requestId);
    expect(link.url.startsWith(`${server.url}/answer/`)).toBe(true);
    expect(link.expiresAt).toBeGreaterThan(Date.now());

    const opened = await page(link.url);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain("Approve or ask for a revision.");
    expect(opened.html).toContain("The river bends twice.");
    expect(opened.html).toContain('name="outcome" value="approve"');
    expect(opened.html).toContain('<textarea name="text"');
    expect(opened.html).not.toMatch(/<script|<link|style=|https?:\/\//);
    expect(opened.csp).toContain("script-src 'self'");

    const res = await answerLink(link.token, { outcome: "approve" });
    expect(res.status).toBe(200);
    expect(res.body.event).toMatchObject({ type: "human.responded", requestId: pending.requestId, outcome: "approve", by: "Ana", actor: { name: "Ana", via: "link" } });
    const { events } = await api.until(id, (s) => s.status === "completed");
    expect(events.filter((e) => e.type === "human.responded")).toEqual([res.body.event]);

    const again = await answerLink(link.token, { outcome: "revise" });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "link_used", message: "this answer link was used already: it answers once" });
    const reopened = await page(link.url);
    expect(reopened.status).toBe(409);
    expect(reopened.html).toContain("this request was already answered by Ana");
  });

  test("the page's form answers too, and says how the answer was recorded", async () => {
    const id = await api.start(reviewFlow({ script: ["draft"] }), "form");
    const { pending } = await waiting(id);
    const link = await linkFor(id, pending.requestId, "Bo");
    const res = await fetch(link.url, { method: "POST", body: new URLSearchParams({ outcome: "approve", text: "fine by me" }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("recorded as Bo, via this link");
    const { events } = await api.until(id, (s) => s.status === "completed");
    expect(events.find((e) => e.type === "human.responded")).toMatchObject({ outcome: "approve", text: "fine by me", by: "Bo", actor: { name: "Bo", via: "link" } });
  });

  test("a tampered link is refused and answers nothing", async () => {
    const id = await api.start(reviewFlow({ script: ["draft"] }), "tamper");
    const { pending } = await waiting(id);
    const { token } = await linkFor(id, pending.requestId);
    const [part, sig] = token.split(".");
    const payload = JSON.parse(Buffer.from(part!, "base64url").toString());
    const renamed = Buffer.from(JSON.stringify({ ...payload, person: { name: "Mallory" } })).toString("base64url");
    for (const bad of [`${renamed}.${sig}`, `${part}.${sig!.slice(0, -2)}xx`, part!, `${token}.x`]) {
      const res = await answerLink(bad, { outcome: "approve" });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("link_invalid");
      const p = await page(`${server.url}/answer/${bad}`);
      expect(p.status).toBe(403);
      expect(p.html).toContain("this answer link is not valid");
    }
    expect((await api.run(id)).state.status).toBe("waiting");
  });

  test("an expired link is refused with when it expired", async () => {
    const id = await api.start(reviewFlow({ script: ["draft"] }), "expired");
    const { pending } = await waiting(id);
    // Signed with the server's own key, read from its data directory, an hour in the past.
    const secretFile = join(server.dataDir, "link-secret");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const exp = Date.now() - 3600_000;
    const token = signLink(linkSecret(server.dataDir), { runId: id, requestId: pending.requestId, person: { name: "Ana" }, exp });
    const res = await answerLink(token, { outcome: "approve" });
    expect(res.status).toBe(410);
    expect(res.body.error).toEqual({ code: "link_expired", message: `this answer link expired on ${new Date(exp).toUTCString()}` });
    expect((await page(`${server.url}/answer/${token}`)).status).toBe(410);
    expect((await api.run(id)).state.status).toBe("waiting");
  });

  test("a link answers only its own request: once the run asks again, the old link is refused", async () => {
    const id = await api.start(reviewFlow({ script: ["one", "two"] }), "other request");
    const first = (await waiting(id)).pending;
    const link = await linkFor(id, first.requestId);
    expect((await api.answer(id, first.requestId, { outcome: "revise", by: "ann" })).status).toBe(200);
    const second = (await api.until(id, (s) => s.status === "waiting" && s.pending.requestId !== first.requestId)).state.pending;
    const res = await answerLink(link.token, { outcome: "approve" });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: "already_answered", message: "this request was already answered by ann" });
    expect((await api.run(id)).state.pending.requestId).toBe(second.requestId);
  });

  test("a bad answer is refused naming the field, and leaves the link usable", async () => {
    const id = await api.start(reviewFlow({ script: ["draft"] }), "bad answer");
    const { pending } = await waiting(id);
    const { token } = await linkFor(id, pending.requestId);
    const bad = await answerLink(token, { outcome: "maybe" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("outcome");
    expect((await answerLink(token, { outcome: "approve" })).status).toBe(200);
  });

  test("making a link needs a waiting request, and a username or a name", async () => {
    const id = await api.start(reviewFlow({ script: ["draft"] }), "make");
    const { pending } = await waiting(id);
    expect((await api.post(`/api/runs/${id}/requests/nope/links`, { name: "Ana" })).status).toBe(404);
    expect((await api.post(`/api/runs/nope/requests/${pending.requestId}/links`, { name: "Ana" })).status).toBe(404);
    const neither = await api.post(`/api/runs/${id}/requests/${pending.requestId}/links`, {});
    expect(neither.status).toBe(422);
    expect(neither.body.error.message).toContain("give username or name");
    const noAccounts = await api.post(`/api/runs/${id}/requests/${pending.requestId}/links`, { username: "ana" });
    expect(noAccounts.status).toBe(422);
    expect(noAccounts.body.error).toMatchObject({ code: "unknown_user", path: "username" });
  });

  test("a webhook collector that is down neither slows nor fails the run; the tries are in the delivery log", async () => {
    const id = await api.start(reviewFlow({ script: ["draft"] }), "collector down");
    const { pending } = await waiting(id);
    expect((await api.answer(id, pending.requestId, { outcome: "approve" })).status).toBe(200);
    await api.until(id, (s) => s.status === "completed");
    const { deliveries } = (await api.get("/api/webhooks/deliveries")).body;
    const mine = deliveries.filter((d: { runId: string }) => d.runId === id);
    expect(mine.map((d: { type: string }) => d.type).sort()).toEqual(["task.answered", "task.created"]);
    // The run finished while its notifications still wait for their retries.
    expect(mine.some((d: { status: string }) => d.status === "pending")).toBe(true);
    for (const d of mine) expect(d.lastError ?? "ECONNREFUSED").toBe("ECONNREFUSED");
  });

  test("no link token, link key or webhook secret appears in a log line or a response", async () => {
    const id = await api.start(reviewFlow({ script: ["draft"] }), "secrets");
    const { pending } = await waiting(id);
    const { token } = await linkFor(id, pending.requestId);
    await page(`${server.url}/answer/${token}`);
    await answerLink(token, { outcome: "approve" });
    await api.until(id, (s) => s.status === "completed");
    const logs = server.logs();
    expect(logs).toContain("/answer/[link]");
    expect(logs).toContain("/api/links/[link]/answer");
    const key = readFileSync(join(server.dataDir, "link-secret"));
    const responses = [(await api.get("/api/webhooks/deliveries")).text, JSON.stringify(await api.run(id)), (await api.get(`/api/runs/${id}/export`)).text];
    for (const text of [logs, ...responses]) {
      expect(text).not.toContain(token.split(".")[1]);
      expect(text).not.toContain(HOOK_SECRET);
      expect(text).not.toContain(key.toString("base64url"));
      expect(text).not.toContain(key.toString("hex"));
    }
  });
});

describe("on a server guarded by a token", () => {
  let guarded: ServerProcess;
  beforeAll(async () => {
    guarded = await startServerProcess({ env: { TANDEM_TOKEN: TOKEN } });
  });
  afterAll(() => guarded?.stop());

  test("the link answers without the token, and opens no other route", async () => {
    const g = client(guarded.url);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const started = await g.call("POST", "/api/runs", { flow: reviewFlow({ script: ["draft"] }), input: "guarded" }, { headers: auth });
    const id = started.body.runId as string;
    const { pending } = await eventually(async () => {
      const r = await g.call("GET", `/api/runs/${id}`, undefined, { headers: auth });
      return r.body.state.status === "waiting" && r.body.state;
    });
    const made = await g.call("POST", `/api/runs/${id}/requests/${pending.requestId}/links`, { name: "Ana" }, { headers: auth });
    expect(made.status).toBe(201);
    const token = new URL(made.body.url).pathname.replace("/answer/", "");

    // Every other operation of the API, called with the link as a bearer token, is refused.
    const doc = (await g.call("GET", "/api/openapi.json", undefined, { headers: auth })).body;
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if (path === "/api/links/{token}/answer") continue;
      for (const method of Object.keys(ops)) {
        const concrete = path.replace("{id}", id).replace("{requestId}", pending.requestId).replace(/\{[^}]+\}/g, "x");
        const res = await g.call(method.toUpperCase(), concrete, ["post", "put", "patch"].includes(method) ? {} : undefined, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, `${method} ${path}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);

    const answered = await g.post(`/api/links/${token}/answer`, { outcome: "approve" });
    expect(answered.status).toBe(200);
    expect(answered.body.event.actor).toMatchObject({ name: "Ana", via: "link" });
  });
});
