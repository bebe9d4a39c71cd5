// OTLP/HTTP's JSON encoding of spans (the protobuf JSON mapping, with ids in hex and 64-bit
// numbers as strings), one request body per batch.
import type { AttributeValue, Attributes, Span } from "./span.js";

export interface Resource {
  serviceName: string;
  serviceVersion: string;
}

const KIND = { internal: 1, client: 3 } as const;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

export function otlpBody(spans: readonly Span[], resource: Resource): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: attributes({ "service.name": resource.serviceName, "service.version": resource.serviceVersion }) },
        scopeSpans: [{ scope: { name: "tandem", version: resource.serviceVersion }, spans: spans.map(span) }],
      },
    ],
  });
}

function span(s: Span) {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
    name: s.name,
    kind: KIND[s.kind],
    startTimeUnixNano: nanos(s.startMs),
    endTimeUnixNano: nanos(Math.max(s.endMs, s.startMs)),
    attributes: attributes(s.attributes),
    events: s.events.map((e) => ({ timeUnixNano: nanos(e.atMs), name: e.name, attributes: attributes(e.attributes) })),
    links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: attributes(l.attributes) })),
    status: s.status ? (s.status.ok ? { code: STATUS_OK } : { code: STATUS_ERROR, message: s.status.message }) : {},
  };
}

const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();

function attributes(a: Attributes) {
  return Object.entries(a).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function anyValue(v: AttributeValue): object {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map((s) => ({ stringValue: s })) } };
  if (typeof v === "object") return { doubleValue: v.double };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}
