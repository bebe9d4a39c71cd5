// Signed webhooks against a real collector (an HTTP server on a free port) and a real SQLite
// file: the signature verifies and a changed body or an old timestamp does not; a 500 is retried
// until it succeeds, every try in the delivery log; a 4xx is not retried; a collector that is
// down is tried up to the limit, each time recorded with why; a log that cannot record does not
// stop the delivery.
import { afterEach, describe, expect, test } from "vitest";
import { createLogger } from "../src/http/logging.js";
import { createDeliveryLog, type Delivery } from "../src/store/notify.js";
import { parseNotifyConfig } from "../src/notify/config.js";
import { signature, verifySignature, Webhooks, type WebhookPayload } from "../src/notify/webhooks.js";
import { sqliteBackend } from "./helpers/backends.js";
import { collector } from "./helpers/collector.js";
import { eventually } from "./helpers/runs-api.js";

const SECRET = "whsec-0123456789abcdef0123456789";

const payload: WebhookPayload = { type: "task.created", runId: "run-1", requestId: "req-1", nodeId: "reviewer", flowName: "Write and review", at: 1 };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function webhooks(url: string, tries = 6) {
  const config = parseNotifyConfig({ webhooks: [{ url, secretEnv: "HOOK_SECRET" }] }, { HOOK_SECRET: SECRET });
  const log = createDeliveryLog(await sqliteBackend.open());
  const hooks = new Webhooks(config, log, { baseDelayMs: 5, maxTries: tries });
  open.push(hooks);
  const settled = () => eventually(async () => (await log.list(10)).find((d) => d.status !== "pending"), 10_000, "the delivery settling");
  return { hooks, log, settled };
}

describe("the signature", () => {
  const body = JSON.stringify(payload);
  const now = Date.now();
  const header = signature(SECRET, body, Math.floor(now / 1000));

  test("verifies with the secret, the raw body and a recent timestamp", () => {
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, header, body, 300, now)).toBe(true);
  });

  test("fails for a changed body, another secret, an old timestamp or a malformed header", () => {
    expect(verifySignature(SECRET, header, body.replace("run-1", "run-2"), 300, now)).toBe(false);
    expect(verifySignature("another-secret", header, body, 300, now)).toBe(false);
    expect(verifySignature(SECRET, header, body, 300, now + 301_000)).toBe(false);
    expect(verifySignature(SECRET, header.replace(/t=\d+/, `t=${Math.floor(now / 1000) - 1}`), body, 300, now)).toBe(false);
    expect(verifySignature(SECRET, "v1=abc", body, 300, now)).toBe(false);
  });
});

describe("delivery", () => {
  test("a 500 is retried until the collector takes it; the log says delivered after 3 tries", async () => {
    const c = await collector([500, 503, 204]);
    open.push(c);
    const { hooks, settled } = await webhooks(c.url);
    hooks.send(payload);
    const d: Delivery = await settled();
    expect(d).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 204, type: "task.created", runId: "run-1", requestId: "req-1", url: c.url });
    expect(c.received).toHaveLength(3);
    for (const r of c.received) {
      expect(r.headers["x-tandem-delivery"]).toBe(d.id);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(verifySignature(SECRET, String(r.headers["x-tandem-signature"]), r.body, 300)).toBe(true);
      expect(JSON.parse(r.body)).toEqual(payload);
    }
  });

  test("a 4xx is not retried: failed after one try, with the status", async () => {
    const c = await collector([400, 204]);
    open.push(c);
    const { hooks, settled } = await webhooks(c.url);
    hooks.send(payload);
    expect(await settled()).toMatchObject({ status: "failed", attempts: 1, lastStatus: 400, lastError: "HTTP 400" });
    await hooks.close();
    expect(c.received).toHaveLength(1);
  });

  test("a collector that is down is tried up to the limit, each try recorded with the connection error", async () => {
    const c = await collector([204]);
    await c.close();
    const { hooks, settled } = await webhooks(c.url, 3);
    hooks.send(payload);
    expect(await settled()).toMatchObject({ status: "failed", attempts: 3, lastError: "ECONNREFUSED" });
  });

  test("a webhook gets only the kinds it names", async () => {
    const c = await collector([204]);
    open.push(c);
    const config = parseNotifyConfig({ webhooks: [{ url: c.url, secretEnv: "S", events: ["task.answered"] }] }, { S: SECRET });
    const log = createDeliveryLog(await sqliteBackend.open());
    const hooks = new Webhooks(config, log);
    hooks.send(payload);
    hooks.send({ ...payload, type: "task.answered" });
    await c.got(1);
    await hooks.close();
    expect((await log.list(10)).map((d) => d.type)).toEqual(["task.answered"]);
    expect(c.received.map((r) => JSON.parse(r.body).type)).toEqual(["task.answered"]);
  });

  test("a delivery the log cannot record is sent all the same, and the failure is told", async () => {
    const c = await collector([204]);
    open.push(c);
    const config = parseNotifyConfig({ webhooks: [{ url: c.url, secretEnv: "S" }] }, { S: SECRET });
    const sql = await sqliteBackend.open();
    const lines: string[] = [];
    const hooks = new Webhooks(config, createDeliveryLog(sql), { logger: createLogger({ write: (line) => void lines.push(line) }) });
    await sql.close();
    hooks.send(payload);
    const [got] = await c.got(1);
    expect(JSON.parse(got!.body)).toEqual(payload);
    await hooks.close();
    // Neither the delivery nor its try could be recorded.
    const told = lines.map((l) => JSON.parse(l) as { msg: string; delivery: string; level: number });
    expect(told).toEqual([
      expect.objectContaining({ level: 40, msg: "could not record the webhook delivery", delivery: got!.headers["x-tandem-delivery"] }),
      expect.objectContaining({ level: 40, msg: "could not record the webhook delivery", delivery: got!.headers["x-tandem-delivery"] }),
    ]);
  });
});
