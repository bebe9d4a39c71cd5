// A deployment's callback URL against real collectors (HTTP servers on free ports) and a real
// SQLite file: each run's result is posted signed, retried after a 500, sent when a person is
// asked too; a collector that never answers or a port nothing listens on is logged in the
// delivery log and never holds up the run.
import type { Delivery } from "../src/store/notify.js";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { CALLBACK_SECRET_ENV } from "../src/deploy/callback.js";
import { parseNotifyConfig } from "../src/notify/config.js";
import { verifySignature } from "../src/notify/webhooks.js";
import { cleanupCli } from "./helpers/cli.js";
import { collector, type Collector } from "./helpers/collector.js";
import { caller, publish, saveFlow } from "./helpers/deploy-app.js";
import { freePort } from "./helpers/free-port.js";
import { startPeopleApp, type PeopleApp } from "./helpers/people-app.js";
import { eventually, reviewFlow } from "./helpers/runs-api.js";

const SECRET = "cbsec-0123456789abcdef0123456789";
const TRIES = 3;

let app: PeopleApp;
let flowId: string;
const collectors: Collector[] = [];

beforeAll(async () => {
  app = await startPeopleApp([], undefined, {
    notify: { config: parseNotifyConfig({}, { [CALLBACK_SECRET_ENV]: SECRET }), webhooks: { baseDelayMs: 5, maxTries: TRIES } },
  });
  flowId = await saveFlow(app.as());
});
afterEach(async () => {
  for (const c of collectors.splice(0)) await c.close();
});
afterAll(async () => {
  await app?.close();
  await cleanupCli();
});

async function collecting(statuses: (number | null)[]) {
  const c = await collector(statuses);
  collectors.push(c);
  return c;
}

/** Publishes `flow` with this callback URL and runs it with ?wait=true. */
async function runWithCallback(name: string, callbackUrl: string, id = flowId) {
  const key = await publish(app.as(), name, id, 1, { callbackUrl });
  return caller(app, name, key).start("go", "?wait=true");
}

const deliveriesOf = async (runId: string): Promise<Delivery[]> => (await app.runtime.notify.deliveries.list(1000)).filter((d) => d.runId === runId);

test("a finished run's result is posted signed; a 500 is retried with the same body until taken, and logged delivered", async () => {
  const c = await collecting([500, 200]);
  const res = await runWithCallback("signed", c.url);
  expect(res.status).toBe(200);
  const [first, second] = await c.got(2);
  expect(second!.body).toBe(first!.body);
  expect(second!.headers["x-tandem-delivery"]).toBe(first!.headers["x-tandem-delivery"]);
  for (const r of [first!, second!]) expect(verifySignature(SECRET, String(r.headers["x-tandem-signature"]), r.body, 300)).toBe(true);
  expect(verifySignature("another-secret", String(first!.headers["x-tandem-signature"]), first!.body, 300)).toBe(false);
  expect(JSON.parse(first!.body)).toEqual({ event: "run.finished", deployment: "signed", runId: res.body.runId, status: "completed", output: "beta says bye", at: expect.any(Number) });
  const d = await eventually(async () => (await deliveriesOf(res.body.runId)).find((x) => x.status === "delivered"), 10_000, "the delivery");
  expect(d).toMatchObject({ url: c.url, type: "run.finished", attempts: 2, lastStatus: 200 });
});

test("a run that asks a person posts run.waiting with the request id", async () => {
  const c = await collecting([204]);
  const res = await runWithCallback("asks", c.url, await saveFlow(app.as(), reviewFlow()));
  expect(res.status).toBe(202);
  const [got] = await c.got(1);
  expect(JSON.parse(got!.body)).toMatchObject({ event: "run.waiting", deployment: "asks", runId: res.body.runId, status: "waiting", output: null, requestId: res.body.task.requestId });
});

test("a callback that never answers does not hold up the run: it has finished while the post is still open", async () => {
  const c = await collecting([null]);
  const res = await runWithCallback("hangs", c.url);
  expect(res.status).toBe(200);
  await c.got(1);
  // The collector has the post and has not answered: the run is over all the same, the try still pending.
  expect((await app.as().run(res.body.runId)).run).toMatchObject({ status: "completed", finishedAt: expect.any(Number) });
  expect(await deliveriesOf(res.body.runId)).toEqual([expect.objectContaining({ status: "pending", attempts: 0 })]);
});

test("a callback URL where nothing listens is tried up to the limit, each refusal logged, and the run completes", async () => {
  const url = `http://127.0.0.1:${await freePort()}/hook`;
  const res = await runWithCallback("refused", url);
  expect(res.status).toBe(200);
  expect(res.body.status).toBe("completed");
  const d = await eventually(async () => (await deliveriesOf(res.body.runId)).find((x) => x.status === "failed"), 10_000, "the delivery failing");
  expect(d).toMatchObject({ url, type: "run.finished", attempts: TRIES });
  expect(d.lastError).toMatch(/ECONNREFUSED/);
});

test("a deployment with no callback URL posts nothing and logs nothing", async () => {
  const key = await publish(app.as(), "quiet", flowId);
  const res = await caller(app, "quiet", key).start("go", "?wait=true");
  expect(res.status).toBe(200);
  expect(await deliveriesOf(res.body.runId)).toEqual([]);
});
