// A trace collector that is down, failing or hanging never slows or fails a run, and never
// changes what the run records; the log says so once per outage (never with the collector's
// headers), and spans held back meanwhile arrive once it takes them again. The real server in
// this process, the scripted model, collectors on 127.0.0.1.
import { traceIdOf, type RunEvent } from "@tandem/shared";
import { afterEach, expect, test } from "vitest";
import { createLogger } from "../src/http/logging.js";
import { startServer } from "../src/http/serve.js";
import { loadTraceConfig } from "../src/tracing/config.js";
import type { ExporterOptions } from "../src/tracing/exporter.js";
import { tempDir } from "./helpers/cli.js";
import { freePort } from "./helpers/free-port.js";
import { otlpReceiver } from "./helpers/otlp-receiver.js";
import { client, eventually } from "./helpers/runs-api.js";
import { sampleFlow } from "./helpers/sample-flows.js";

const SECRET = "otlp-secret-8c41e07d93";
const OUTAGE = "the trace collector cannot be reached";
const BACK = "the trace collector takes spans again";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** A server exporting to `endpoint` (none: no tracing), and its log lines. */
async function serve(endpoint: string | undefined, exporter: ExporterOptions = {}) {
  const lines: string[] = [];
  const env = endpoint ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${SECRET}` } : {};
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: tempDir(),
    logger: createLogger({ write: (line) => void lines.push(line) }),
    tracing: { config: loadTraceConfig(env), exporter: { flushMs: 20, ...exporter } },
  });
  open.push(server);
  const api = client(server.url);
  /** Runs the flow to its end; returns what it recorded, without ids and times. */
  const run = async () => {
    const flow = sampleFlow("Outage");
    (flow.nodes[1]!.data as Record<string, unknown>).script = ["one reply"];
    const runId = await api.start(flow, "go");
    const { events } = await api.status(runId, "completed");
    return { runId, recorded: events.map(shape) };
  };
  return { lines, run, log: () => lines.join("") };
}

/** An event without what differs from run to run. */
function shape(e: RunEvent): unknown {
  const { at: _at, ...rest } = e as RunEvent & Record<string, unknown>;
  for (const k of ["runId", "callId", "latencyMs", "requestId"]) delete rest[k];
  return rest.type === "run.started" ? { type: rest.type, input: rest.input } : rest;
}

const count = (text: string, part: string) => text.split(part).length - 1;

test("a collector on a closed port: runs finish and record what they record without tracing; one log line says why", async () => {
  const { recorded: expected } = await (await serve(undefined)).run();
  const down = await serve(`http://127.0.0.1:${await freePort()}/v1/traces`);
  for (let i = 0; i < 3; i++) expect((await down.run()).recorded).toEqual(expected);
  await eventually(() => down.log().includes(OUTAGE), 10_000, "the outage line");
  expect(down.log()).toContain("ECONNREFUSED");
  expect(count(down.log(), OUTAGE)).toBe(1);
  expect(down.log()).not.toContain(SECRET);
});

test("a collector answering 503: one line for the outage, one when it is back, and the held spans arrive", async () => {
  const otlp = await otlpReceiver([503, 503, 503, 200]);
  open.push(otlp);
  const failing = await serve(otlp.url);
  const runs = [await failing.run(), await failing.run()];
  await eventually(() => failing.log().includes(BACK), 10_000, "the line saying the collector is back");
  expect(otlp.received.length).toBeGreaterThanOrEqual(4);
  expect(count(failing.log(), OUTAGE)).toBe(1);
  expect(count(failing.log(), BACK)).toBe(1);
  expect(failing.log()).not.toContain(SECRET);
  // Nothing was lost: every run's root span came once the collector took spans.
  await otlp.until((spans) => runs.every((r) => spans.some((s) => s.traceId === traceIdOf(r.runId) && !s.parentSpanId)));
  for (const r of otlp.received) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
});

test("a collector that never answers: runs go on finishing while its request hangs", async () => {
  const otlp = await otlpReceiver([null]);
  open.push(otlp);
  const hanging = await serve(otlp.url, { timeoutMs: 60_000 });
  await hanging.run();
  await otlp.got(1);
  // The request still hangs, and runs go on finishing.
  await hanging.run();
  expect(hanging.log()).not.toContain(OUTAGE);
  // Hung up before the server closes, which would otherwise wait for the request's timeout.
  await otlp.close();
});

test("a request the collector is slow to answer is given up on after the timeout, said once", async () => {
  const otlp = await otlpReceiver([null]);
  open.push(otlp);
  const slow = await serve(otlp.url, { timeoutMs: 200 });
  await slow.run();
  await eventually(() => otlp.received.length >= 2, 10_000, "a second try");
  expect(count(slow.log(), OUTAGE)).toBe(1);
  expect(slow.log()).toContain("no answer in 200 ms");
});
