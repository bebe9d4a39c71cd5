// An OTLP/HTTP trace collector for tests: a real HTTP server on 127.0.0.1 (the webhook
// collector) whose requests are decoded from OTLP's JSON into spans with plain attributes.
//
//   const otlp = await otlpReceiver([200]);   // or [503, 200]: answers in turn, the last repeats
//   env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = otlp.url
//   const spans = await otlp.until((s) => s.some((x) => x.name === "run Review"));
import { collector, type Collector } from "./collector.js";
import { eventually } from "./runs-api.js";

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  start: bigint;
  end: bigint;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
  events: { name: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  /** The request's resource attributes and scope name. */
  resource: Record<string, unknown>;
  scope: string;
}

export interface OtlpReceiver extends Collector {
  /** Every span received so far, in order. */
  spans(): ReceivedSpan[];
  /** Polls the received spans until `done` holds (10 s at most), and returns them. */
  until(done: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
}

export async function otlpReceiver(statuses: (number | null)[] = [200]): Promise<OtlpReceiver> {
  const c = await collector(statuses);
  const spans = () => c.received.flatMap((r) => decode(r.body));
  return {
    ...c,
    url: c.url.replace(/\/hook$/, "/v1/traces"),
    spans,
    until: (done, timeoutMs = 10_000) =>
      eventually(() => {
        const now = spans();
        return done(now) && now;
      }, timeoutMs, "the spans"),
  };
}

function decode(body: string): ReceivedSpan[] {
  const doc = JSON.parse(body) as { resourceSpans: any[] };
  return doc.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss: any) =>
      ss.spans.map(
        (s: any): ReceivedSpan => ({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
          name: s.name,
          kind: s.kind,
          start: BigInt(s.startTimeUnixNano),
          end: BigInt(s.endTimeUnixNano),
          attributes: attrs(s.attributes),
          status: s.status ?? {},
          events: (s.events ?? []).map((e: any) => ({ name: e.name, attributes: attrs(e.attributes) })),
          links: (s.links ?? []).map((l: any) => ({ traceId: l.traceId, spanId: l.spanId, attributes: attrs(l.attributes) })),
          resource: attrs(rs.resource.attributes),
          scope: ss.scope.name,
        }),
      ),
    ),
  );
}

function attrs(list: { key: string; value: any }[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map((a) => [a.key, value(a.value)]));
}

/** An AnyValue as a plain value: an intValue (a string on the wire) as a number. */
function value(v: any): unknown {
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return v.doubleValue;
  if ("arrayValue" in v) return (v.arrayValue.values ?? []).map(value);
  throw new Error(`unexpected OTLP value ${JSON.stringify(v)}`);
}
