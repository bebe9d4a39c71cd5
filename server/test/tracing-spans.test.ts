// Spans from a run's events, event by event: a failed run's status, what a failure leaves open,
// an attempt run again, and a wait on the budget.
import { fold, SPAN_KEY, spanIdOf, type Flow, type RunEvent, type RunEventBody } from "@tandem/shared";
import { expect, test } from "vitest";
import { RunSpans } from "../src/tracing/run-spans.js";
import type { Span } from "../src/tracing/span.js";

const FLOW: Flow = {
  schemaVersion: 2,
  name: "Budgeted",
  maxSteps: 20,
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
    { id: "w", type: "agent", position: { x: 0, y: 0 }, data: { name: "writer", model: "anthropic/claude-haiku-4-5", systemMessage: "" } },
  ],
  edges: [],
};

/** Feeds the events in order; returns every span they ended. */
function spansOf(bodies: RunEventBody[]): Span[] {
  const events = bodies.map((b, i) => ({ ...b, seq: i + 1, at: 1000 + i * 10 }) as RunEvent);
  const spans = new RunSpans("run-9", false);
  return events.flatMap((e, i) => spans.feed(e, fold(events.slice(0, i + 1))));
}

const start: RunEventBody = { type: "run.started", runId: "run-9", flow: FLOW, input: "go", options: {} };
const request = (callId: string): RunEventBody => ({ type: "llm.request", nodeId: "w", callId, model: "anthropic/claude-haiku-4-5", params: {}, system: "", messageCount: 1 });

test("a failed run: its root and what was still open end with the error", () => {
  const spans = spansOf([
    start,
    { type: "node.started", nodeId: "w", visit: 1, attempt: 1 },
    request("c1"),
    { type: "run.finished", status: "failed", error: { code: "model_error", message: "overloaded", nodeId: "w" } },
  ]);
  expect(spans.map((s) => s.name)).toEqual(["chat claude-haiku-4-5", "invoke_agent writer", "run Budgeted"]);
  for (const s of spans) expect(s.status).toEqual({ ok: false, message: "model_error: overloaded" });
  expect(spans[0]!.attributes["gen_ai.provider.name"]).toBe("anthropic");
  expect(spans[2]!.attributes["tandem.run.status"]).toBe("failed");
});

test("an attempt run again ends the last one as failed; its open call ends with it", () => {
  const spans = spansOf([start, { type: "node.started", nodeId: "w", visit: 1, attempt: 1 }, request("c1"), { type: "node.started", nodeId: "w", visit: 1, attempt: 2 }]);
  expect(spans.map((s) => s.name)).toEqual(["chat claude-haiku-4-5", "invoke_agent writer"]);
  expect(spans[1]!.spanId).toBe(spanIdOf("run-9", SPAN_KEY.visit("w", 1, 1)));
  expect(spans[1]!.status).toEqual({ ok: false, message: "attempted again" });
  expect(spans[0]!.status).toBeUndefined();
});

test("a wait on the budget is a span in the visit, from the stop to the decision", () => {
  const spans = spansOf([
    start,
    { type: "node.started", nodeId: "w", visit: 1, attempt: 1 },
    { type: "budget.reached", nodeId: "w", requestId: "b1", spentUsd: 0.5, budgetUsd: 0.5 },
    { type: "budget.decided", nodeId: "w", requestId: "b1", decision: "raise", budgetUsd: 1, by: "ann" },
  ]);
  expect(spans).toHaveLength(1);
  expect(spans[0]).toMatchObject({
    name: "budget wait",
    parentSpanId: spanIdOf("run-9", SPAN_KEY.visit("w", 1, 1)),
    startMs: 1020,
    endMs: 1030,
    attributes: { "tandem.budget.decision": "raise", "tandem.answered_by": "ann", "tandem.budget.spent_usd": { double: 0.5 } },
    status: { ok: true },
  });
});
