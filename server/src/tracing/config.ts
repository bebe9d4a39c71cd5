// Where a run's traces go, read from the standard OpenTelemetry variables: no endpoint, no
// tracing at all. Header values (often a collector's key) are kept for the requests only.

export interface TraceExport {
  /** The full OTLP/HTTP traces URL. */
  endpoint: string;
  headers: Record<string, string>;
  serviceName: string;
  /** Message contents (model input and output, tool arguments and results) go in spans. */
  content: boolean;
}

export interface TraceConfig {
  /** Unset: no collector is configured. */
  export?: TraceExport;
  /** Where people open a trace, with {traceId} in it (TANDEM_TRACE_URL). */
  traceUrl?: string;
}

/** A tracing variable that cannot be used: the message names it (never a header's value). */
export class TraceConfigError extends Error {
  readonly cliError = true;

  constructor(name: string, problem: string) {
    super(`${name}: ${problem}`);
    this.name = "TraceConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function loadTraceConfig(env: Env = process.env): TraceConfig {
  const traceUrl = set(env.TANDEM_TRACE_URL);
  if (traceUrl !== undefined) {
    httpUrl("TANDEM_TRACE_URL", traceUrl.replace("{traceId}", "0"));
    if (!traceUrl.includes("{traceId}")) throw new TraceConfigError("TANDEM_TRACE_URL", "expected {traceId} in the URL, where the trace id goes");
  }
  const endpoint = endpointOf(env);
  if (!endpoint) return { ...(traceUrl ? { traceUrl } : {}) };
  return {
    export: {
      endpoint,
      headers: headersOf(set(env.OTEL_EXPORTER_OTLP_HEADERS) ?? ""),
      serviceName: set(env.OTEL_SERVICE_NAME) ?? "tandem",
      content: env.TANDEM_TRACE_CONTENT === "1",
    },
    ...(traceUrl ? { traceUrl } : {}),
  };
}

const set = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

function endpointOf(env: Env): string | undefined {
  const traces = set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (traces) return httpUrl("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces);
  const base = set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (base) return httpUrl("OTEL_EXPORTER_OTLP_ENDPOINT", `${base.replace(/\/+$/, "")}/v1/traces`);
  return undefined;
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TraceConfigError(name, "expected an http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TraceConfigError(name, "expected an http:// or https:// URL");
  return value;
}

/** "k=v,k2=v2" with percent-encoded values, as the OpenTelemetry specification says. */
function headersOf(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  raw.split(",").forEach((pair, i) => {
    if (!pair.trim()) return;
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    if (eq < 1 || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      throw new TraceConfigError("OTEL_EXPORTER_OTLP_HEADERS", `entry ${i + 1} is not key=value with a header name for key`);
    }
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw new TraceConfigError("OTEL_EXPORTER_OTLP_HEADERS", `the value of ${key} is not percent-encoded correctly`);
    }
    headers[key.toLowerCase()] = value;
  });
  return headers;
}
