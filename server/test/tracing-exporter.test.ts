// The span exporter against a real collector on 127.0.0.1: OTLP's JSON encoding of every kind
// of value, a full batch leaving without waiting for the timer, and a bounded queue that drops
// the oldest spans (and counts them) while the collector fails.
import { afterEach, expect, test } from "vitest";
import { SpanExporter, type ExporterOptions } from "../src/tracing/exporter.js";
import type { Span } from "../src/tracing/span.js";
import { otlpReceiver, type OtlpReceiver } from "./helpers/otlp-receiver.js";
import { eventually } from "./helpers/runs-api.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const span = (n: number, extra: Partial<Span> = {}): Span => ({
  traceId: "0b7c3e2a91d44f6b8a1e5c2d9f0e7a31",
  spanId: n.toString(16).padStart(16, "0"),
  name: `span ${n}`,
  kind: "internal",
  startMs: 1_700_000_000_000 + n,
  endMs: 1_700_000_000_010 + n,
  attributes: {},
  events: [],
  links: [],
  ...extra,
});

async function exporter(otlp: OtlpReceiver, options: ExporterOptions) {
  // No timer flush during a test: each sends when the test says.
  const e = new SpanExporter({ endpoint: otlp.url, headers: { "x-key": "k" }, serviceName: "svc", content: false }, { serviceName: "svc", serviceVersion: "1.2.3" }, undefined, { flushMs: 3_600_000, ...options });
  open.push(e, otlp);
  return e;
}

test("spans are encoded as OTLP JSON: hex ids, nanosecond strings, typed values, status and links", async () => {
  const otlp = await otlpReceiver([200]);
  const e = await exporter(otlp, {});
  e.push([
    span(1, {
      parentSpanId: "00000000000000aa",
      kind: "client",
      attributes: { s: "text", i: 42, d: 0.5, whole: { double: 2 }, b: true, list: ["stop"] },
      status: { ok: false, message: "broke" },
      events: [{ name: "retry", atMs: 1_700_000_000_005, attributes: { attempt: 1 } }],
      links: [{ traceId: "ff".repeat(16), spanId: "ee".repeat(8), attributes: { why: "fork" } }],
    }),
  ]);
  e.flush();
  const [received] = await otlp.got(1);
  const doc = JSON.parse(received!.body);
  const rs = doc.resourceSpans[0];
  expect(rs.resource.attributes).toEqual([
    { key: "service.name", value: { stringValue: "svc" } },
    { key: "service.version", value: { stringValue: "1.2.3" } },
  ]);
  expect(rs.scopeSpans[0].scope.name).toBe("tandem");
  expect(rs.scopeSpans[0].spans[0]).toEqual({
    traceId: "0b7c3e2a91d44f6b8a1e5c2d9f0e7a31",
    spanId: "0000000000000001",
    parentSpanId: "00000000000000aa",
    name: "span 1",
    kind: 3,
    startTimeUnixNano: "1700000000001000000",
    endTimeUnixNano: "1700000000011000000",
    attributes: [
      { key: "s", value: { stringValue: "text" } },
      { key: "i", value: { intValue: "42" } },
      { key: "d", value: { doubleValue: 0.5 } },
      { key: "whole", value: { doubleValue: 2 } },
      { key: "b", value: { boolValue: true } },
      { key: "list", value: { arrayValue: { values: [{ stringValue: "stop" }] } } },
    ],
    events: [{ timeUnixNano: "1700000000005000000", name: "retry", attributes: [{ key: "attempt", value: { intValue: "1" } }] }],
    links: [{ traceId: "ff".repeat(16), spanId: "ee".repeat(8), attributes: [{ key: "why", value: { stringValue: "fork" } }] }],
    status: { code: 2, message: "broke" },
  });
  expect(received!.headers["x-key"]).toBe("k");
});

test("a full batch leaves at once, without waiting for the timer", async () => {
  const otlp = await otlpReceiver([200]);
  const e = await exporter(otlp, { batchSize: 5 });
  e.push([1, 2, 3, 4].map((n) => span(n)));
  e.push([span(5)]);
  await otlp.got(1);
  expect(otlp.spans().map((s) => s.name)).toEqual(["span 1", "span 2", "span 3", "span 4", "span 5"]);
});

test("while the collector fails, the queue keeps the newest spans and counts the dropped; the failed batch is sent again", async () => {
  const otlp = await otlpReceiver([503, 200]);
  const e = await exporter(otlp, { maxQueue: 4 });
  e.push([1, 2, 3, 4, 5, 6].map((n) => span(n)));
  expect(e.dropped).toBe(2);
  e.flush();
  await otlp.got(1);
  // The 503's batch waits again; two more spans push the oldest two of it out.
  e.push([span(7), span(8)]);
  // Sent again at the next flush (the timer's, here asked for until the collector has it).
  await eventually(() => {
    e.flush();
    return otlp.received.length === 2;
  }, 10_000, "the batch sent again");
  expect(e.dropped).toBe(4);
  expect(otlp.received).toHaveLength(2);
  expect(otlp.spans().slice(4).map((s) => s.name)).toEqual(["span 5", "span 6", "span 7", "span 8"]);
});
