// With TANDEM_TRACE_CONTENT=1, model calls carry what they were sent and what came back, in
// OpenTelemetry's GenAI message shape (the real server in this process, the scripted model).
import { traceIdOf } from "@tandem/shared";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createLogger } from "../src/http/logging.js";
import { startServer, type RunningServer } from "../src/http/serve.js";
import { loadTraceConfig } from "../src/tracing/config.js";
import { tempDir } from "./helpers/cli.js";
import { otlpReceiver, type OtlpReceiver } from "./helpers/otlp-receiver.js";
import { client } from "./helpers/runs-api.js";
import { sampleFlow } from "./helpers/sample-flows.js";

let otlp: OtlpReceiver;
let server: RunningServer;
beforeAll(async () => {
  otlp = await otlpReceiver([200]);
  server = await startServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: tempDir(),
    logger: createLogger({ write: () => {} }),
    tracing: { config: loadTraceConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url.replace("/v1/traces", ""), TANDEM_TRACE_CONTENT: "1" }), exporter: { flushMs: 50 } },
  });
});
afterAll(async () => {
  await server?.close();
  await otlp?.close();
});

test("a model call's span holds the system message, the messages sent and the reply", async () => {
  const api = client(server.url);
  const flow = sampleFlow("Content");
  (flow.nodes[1]!.data as Record<string, unknown>).systemMessage = "You write haiku.";
  (flow.nodes[1]!.data as Record<string, unknown>).script = ["Water finds its way"];
  const runId = await api.start(flow, "a haiku about rivers");
  await api.status(runId, "completed");
  const spans = await otlp.until((all) => all.some((s) => s.traceId === traceIdOf(runId) && !s.parentSpanId));
  const chat = spans.find((s) => s.traceId === traceIdOf(runId) && s.name === "chat demo")!;
  expect(chat.attributes["gen_ai.provider.name"]).toBe("tandem.scripted");
  expect(JSON.parse(chat.attributes["gen_ai.system_instructions"] as string)).toEqual([{ type: "text", content: "You write haiku." }]);
  expect(JSON.parse(chat.attributes["gen_ai.input.messages"] as string)).toEqual([{ role: "user", name: "user", parts: [{ type: "text", content: "a haiku about rivers" }] }]);
  expect(JSON.parse(chat.attributes["gen_ai.output.messages"] as string)).toEqual([
    { role: "assistant", parts: [{ type: "text", content: "Water finds its way" }], finish_reason: "stop" },
  ]);
});
