import { SPAN_KEY, spanIdOf, traceIdOf } from "@tandem/shared";
import { describe, expect, test } from "vitest";
import { traceIds } from "./traceIds.js";

const RUN = { runId: "0b7c3e2a-91d4-4f6b-8a1e-5c2d9f0e7a31" };
const FORK = { runId: "fork-2", parent: { runId: RUN.runId, seq: 10 } };

describe("a run's trace ids in the inspector", () => {
  test("the trace id is the run id's digits; no link without a trace viewer", () => {
    expect(traceIds(RUN, {}, undefined)).toEqual({ traceId: "0b7c3e2a91d44f6b8a1e5c2d9f0e7a31" });
  });

  test("the viewer's link has the trace id where {traceId} stood", () => {
    expect(traceIds(RUN, {}, "http://jaeger:16686/trace/{traceId}?uiFind={traceId}").link).toBe(
      "http://jaeger:16686/trace/0b7c3e2a91d44f6b8a1e5c2d9f0e7a31?uiFind=0b7c3e2a91d44f6b8a1e5c2d9f0e7a31",
    );
  });

  test("a model call or a tool call at the cursor shows the span the server exported it as", () => {
    expect(traceIds(RUN, { model: { callId: "c7", seq: 4 } }, undefined).span).toEqual({
      label: "Model call span",
      spanId: spanIdOf(RUN.runId, SPAN_KEY.model("c7")),
      traceId: traceIdOf(RUN.runId),
    });
    expect(traceIds(RUN, { tool: { id: "t2", seq: 6 } }, undefined).span).toMatchObject({ label: "Tool call span", spanId: spanIdOf(RUN.runId, SPAN_KEY.tool("t2")) });
  });

  test("in a fork, a call it copied is a span of the parent's trace; a call after the fork is its own", () => {
    expect(traceIds(FORK, { model: { callId: "c1", seq: 10 } }, undefined)).toEqual({
      traceId: traceIdOf("fork-2"),
      span: { label: "Model call span (in the parent run's trace)", spanId: spanIdOf(RUN.runId, SPAN_KEY.model("c1")), traceId: traceIdOf(RUN.runId) },
    });
    expect(traceIds(FORK, { model: { callId: "c9", seq: 11 } }, undefined).span).toEqual({
      label: "Model call span",
      spanId: spanIdOf("fork-2", SPAN_KEY.model("c9")),
      traceId: traceIdOf("fork-2"),
    });
  });
});
