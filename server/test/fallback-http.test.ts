// Fallback over HTTP against a real `tandem serve`: a writer that repeats itself goes to the
// operator on its `on stuck` edge; the question carries the problem; answers with a fallback
// are checked (422 naming the field) and "instead" puts the operator's words in the writer's place.
import { expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { withServer } from "./helpers/runs-api.js";

const pos = { x: 0, y: 0 };
const outcomes = (...names: string[]) => names.map((name) => ({ name, description: "" }));
const FLOW = {
  schemaVersion: 2,
  name: "Stuck writer",
  nodes: [
    { id: "user", type: "start", position: pos },
    { id: "writer", type: "agent", position: pos, data: { name: "writer", model: "scripted/demo", script: ["Same old draft."] } },
    { id: "reviewer", type: "human", position: pos, data: { name: "reviewer", instructions: "Review.", outcomes: outcomes("approve", "revise") } },
    { id: "operator", type: "human", position: pos, data: { name: "operator", instructions: "The writer is stuck.", outcomes: outcomes("skip") } },
    { id: "end", type: "end", position: pos },
  ],
  edges: [
    { id: "e1", source: "user", target: "writer" },
    { id: "e2", source: "writer", target: "reviewer" },
    { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "outcome", value: "revise" } } },
    { id: "stuck", source: "writer", target: "operator", data: { when: { kind: "stuck" } } },
    { id: "e5", source: "operator", target: "end", data: { when: { kind: "outcome", value: "skip" } } },
  ],
};

const running = withServer();

test("a stuck writer's fallback question, answered instead of the writer over HTTP", async () => {
  const { api } = running;
  const id = await api.start(FLOW, "Write.");
  const first = await api.until(id, (s) => s.pending?.nodeId === "reviewer");
  const reviewerRequest = first.state.pending.requestId;

  // A fallback on a question that is about no problem is refused, naming the field.
  const wrong = await api.answer(id, reviewerRequest, { outcome: "revise", fallback: "retry" });
  expect(wrong.status).toBe(422);
  expect(wrong.body.error).toMatchObject({ code: "invalid_answer", path: "fallback" });
  expect((await api.answer(id, reviewerRequest, { outcome: "revise" })).status).toBe(200);

  const stuck = await api.until(id, (s) => s.pending?.nodeId === "operator");
  const asked = stuck.events.findLast((e: RunEvent) => e.type === "human.requested")!;
  expect(asked).toMatchObject({ problem: { kind: "stuck", nodeId: "writer", code: "no_progress" } });
  expect(stuck.state.pending.problem).toEqual((asked as { problem: unknown }).problem);

  const noText = await api.answer(id, stuck.state.pending.requestId, { fallback: "instead" });
  expect(noText.status).toBe(422);
  expect(noText.body.error).toMatchObject({ code: "invalid_answer", path: "text" });

  const taken = await api.answer(id, stuck.state.pending.requestId, { fallback: "instead", text: "A draft the operator wrote.", by: "Ops" });
  expect(taken.status).toBe(200);
  const waiting = await api.until(id, (s) => s.pending?.nodeId === "reviewer" && s.pending.requestId !== reviewerRequest);
  expect(waiting.events.findLast((e: RunEvent) => e.type === "message")).toMatchObject({ nodeId: "writer", role: "assistant", content: "A draft the operator wrote." });
  expect((await api.answer(id, waiting.state.pending.requestId, { outcome: "approve" })).status).toBe(200);
  const done = await api.status(id, "completed");
  expect(done.state.output).toBe("A draft the operator wrote.");
});
