// The tracing configuration from the environment: no endpoint, no tracing; the standard
// OpenTelemetry variables; a mistake names its variable and never echoes a header's value.
import { describe, expect, test } from "vitest";
import { loadTraceConfig, TraceConfigError } from "../src/tracing/config.js";

describe("reading the environment", () => {
  test("without an endpoint nothing is exported", () => {
    expect(loadTraceConfig({ OTEL_EXPORTER_OTLP_HEADERS: "a=b", TANDEM_TRACE_CONTENT: "1" })).toEqual({});
  });

  test("OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/traces; the traces endpoint wins over it as given", () => {
    expect(loadTraceConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).export).toEqual({
      endpoint: "http://collector:4318/v1/traces",
      headers: {},
      serviceName: "tandem",
      content: false,
    });
    const both = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://b/otlp/traces" };
    expect(loadTraceConfig(both).export?.endpoint).toBe("https://b/otlp/traces");
  });

  test("headers are k=v pairs with percent-encoded values; the service name and contents are read", () => {
    const config = loadTraceConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
      OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Basic%20dXNlcg==, x-team = core ,",
      OTEL_SERVICE_NAME: "tandem-eu",
      TANDEM_TRACE_CONTENT: "1",
    });
    expect(config.export).toMatchObject({ headers: { authorization: "Basic dXNlcg==", "x-team": "core" }, serviceName: "tandem-eu", content: true });
  });

  test("the trace link is kept, with or without an endpoint", () => {
    expect(loadTraceConfig({ TANDEM_TRACE_URL: "http://jaeger:16686/trace/{traceId}" })).toEqual({ traceUrl: "http://jaeger:16686/trace/{traceId}" });
  });
});

describe("mistakes", () => {
  const problem = (env: Record<string, string>) => {
    try {
      loadTraceConfig(env);
    } catch (e) {
      expect(e).toBeInstanceOf(TraceConfigError);
      return (e as Error).message;
    }
    throw new Error("expected a TraceConfigError");
  };

  test("an endpoint that is not an http(s) URL names its variable", () => {
    expect(problem({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toBe("OTEL_EXPORTER_OTLP_ENDPOINT: expected an http:// or https:// URL");
    expect(problem({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "not a url" })).toBe("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: expected an http:// or https:// URL");
  });

  test("a header that is not key=value names the entry, never its text", () => {
    const message = problem({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c", OTEL_EXPORTER_OTLP_HEADERS: "a=1,secret-token-abc123" });
    expect(message).toBe("OTEL_EXPORTER_OTLP_HEADERS: entry 2 is not key=value with a header name for key");
    expect(problem({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c", OTEL_EXPORTER_OTLP_HEADERS: "key=%E0%A4%A" })).not.toContain("%E0");
  });

  test("a trace link needs {traceId}", () => {
    expect(problem({ TANDEM_TRACE_URL: "http://jaeger:16686/trace/" })).toBe("TANDEM_TRACE_URL: expected {traceId} in the URL, where the trace id goes");
    expect(problem({ TANDEM_TRACE_URL: "jaeger/{traceId}" })).toBe("TANDEM_TRACE_URL: expected an http:// or https:// URL");
  });
});
