// A finished span as the tracer builds it, before it is encoded for a collector.

/** A number that is always sent as a double (a cost), even when it happens to be whole. */
export interface Double {
  double: number;
}

export type AttributeValue = string | number | boolean | string[] | Double;
export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  name: string;
  atMs: number;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** A model call is a client of the provider; everything else happens inside Tandem. */
  kind: "internal" | "client";
  startMs: number;
  endMs: number;
  attributes: Attributes;
  /** Unset: left unset (a visit that was simply left, a cancelled run). */
  status?: { ok: true } | { ok: false; message: string };
  events: SpanEvent[];
  links: SpanLink[];
}
