// POST /api/runs/:id/human/:requestId against a real server process: an answer is taken
// exactly once (also under fifty concurrent answers), Idempotency-Key retries get the original
// reply, refusals have the right status, an answer sent the moment the question arrives over
// SSE is never lost, and a timeout takes the default outcome (a late answer is refused).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { client, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe } from "./helpers/sse-client.js";

let server: ServerProcess;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  server = await startServerProcess();
  api = client(server.url);
});
afterAll(() => server?.stop());

const waiting = async (id: string) => (await api.status(id, "waiting")).state;
const ofType = (events: RunEvent[], type: RunEvent["type"]) => events.filter((e) => e.type === type);

describe("an answer is taken once", () => {
  test("200 with the human.responded event; a second answer is a 409 naming who answered", async () => {
    const id = await api.start(reviewFlow({ script: ["the draft"] }), "review this");
    const { pending } = await waiting(id);
    const res = await api.answer(id, pending.requestId, { outcome: "approve", by: "ann" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: true, event: expect.objectContaining({ type: "human.responded", requestId: pending.requestId, outcome: "approve", by: "ann" }) });
    const { events, state } = await api.status(id, "completed");
    expect(events.find((e) => e.seq === res.body.event.seq)).toEqual(res.body.event);
    expect(state.output).toBe("the draft");

    for (const body of [{ outcome: "approve" }, { outcome: "revise", by: "bob" }]) {
      const again = await api.answer(id, pending.requestId, body);
      expect(again.status).toBe(409);
      expect(again.body.error).toEqual({ code: "already_answered", message: "this request was already answered by ann" });
    }
    expect(ofType((await api.run(id)).events, "human.responded")).toHaveLength(1);
  });

  test("a retry with the same Idempotency-Key gets the original 200 and the same event; another key gets 409", async () => {
    const id = await api.start(reviewFlow({ script: ["one", "two"] }), "idempotent");
    const { pending } = await waiting(id);
    const key = "answer-7f3a";
    const first = await api.answer(id, pending.requestId, { outcome: "revise", text: "shorter please" }, { "idempotency-key": key });
    expect(first.status).toBe(200);
    // The retry may even carry a different body: the answer that was taken is the answer.
    for (const body of [{ outcome: "revise", text: "shorter please" }, { outcome: "approve" }]) {
      const retry = await api.answer(id, pending.requestId, body, { "idempotency-key": key });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
    }
    const other = await api.answer(id, pending.requestId, { outcome: "revise" }, { "idempotency-key": "another-key" });
    expect(other.status).toBe(409);
    const none = await api.answer(id, pending.requestId, { outcome: "revise" });
    expect(none.status).toBe(409);

    const events = (await api.until(id, (s) => s.status === "waiting" && s.pending.requestId !== pending.requestId)).events;
    const responded = ofType(events, "human.responded");
    expect(responded).toEqual([first.body.event]);
    expect(responded[0]).toMatchObject({ key, text: "shorter please" });
  });

  test("fifty concurrent answers: exactly one is taken, forty-nine get 409", async () => {
    const id = await api.start(reviewFlow({ script: ["race"] }), "race");
    const { pending } = await waiting(id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.answer(id, pending.requestId, { outcome: i % 2 ? "approve" : "revise", by: `client-${i}` }, { "idempotency-key": `k-${i}` }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    const winner = ok[0]!.body.event;
    for (const c of conflicts) {
      expect(c.body.error.code).toBe("already_answered");
      expect(c.body.error.message).toBe(`this request was already answered by ${winner.by}`);
    }
    const events = (await api.until(id, (s) => s.status !== "running" && s.lastSeq > winner.seq)).events;
    expect(ofType(events, "human.responded")).toEqual([winner]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  test("an answer sent the instant human.requested arrives over SSE is taken, every time", async () => {
    const id = await api.start(reviewFlow({ script: ["d1", "d2", "d3", "d4", "d5"] }), "quick hands");
    const sub = await subscribe(`${server.url}/api/runs/${id}/events`);
    const replies: Promise<{ status: number }>[] = [];
    let asked = 0;
    sub.onEvent = (e) => {
      if (e.type !== "human.requested") return;
      asked++;
      // No await between seeing the question and sending the answer.
      replies.push(api.answer(id, e.requestId, { outcome: asked < 5 ? "revise" : "approve" }));
    };
    expect(await sub.closed).toBe("ended");
    expect(asked).toBe(5);
    expect((await Promise.all(replies)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const { state, events } = await api.run(id);
    expect(state.status).toBe("completed");
    expect(state.output).toBe("d5");
    expect(ofType(events, "human.responded").map((e) => (e as { outcome: string }).outcome)).toEqual(["revise", "revise", "revise", "revise", "approve"]);
    expect(sub.events).toEqual(events);
  });
});

describe("refusals", () => {
  test("404 for an unknown run or request, 422 for an answer the node does not take, 409 when not waiting", async () => {
    const id = await api.start(reviewFlow({ allowText: false, allowEdit: false }), "strict reviewer");
    const { pending } = await waiting(id);

    const unknownRun = await api.answer("no-such-run", pending.requestId, { outcome: "approve" });
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.body.error).toEqual({ code: "not_found", message: 'unknown run "no-such-run"' });
    const unknownRequest = await api.answer(id, "no-such-request", { outcome: "approve" });
    expect(unknownRequest.status).toBe(404);
    expect(unknownRequest.body.error.code).toBe("not_found");

    const cases: [unknown, string, RegExp][] = [
      [{ outcome: "reject" }, "outcome", /^outcome "reject" is not one of this step's outcomes \("approve", "revise"\)$/],
      [{ text: "some words" }, "text", /does not take free text/],
      [{ outcome: "approve", edit: "new text" }, "edit", /does not allow editing/],
      [{}, "outcome", /pick an outcome/],
    ];
    for (const [body, path, message] of cases) {
      const res = await api.answer(id, pending.requestId, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "invalid_answer", path });
      expect(res.body.error.message).toMatch(message);
    }
    // None of that was taken: the run still waits for the same question.
    expect((await waiting(id)).pending.requestId).toBe(pending.requestId);

    // Cancelled while waiting: the question is no longer open.
    await api.control(id, "cancel");
    const late = await api.answer(id, pending.requestId, { outcome: "approve" });
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({ code: "not_running", message: `run ${id} is cancelled` });
  });

  test("an edit replaces the reviewed message and keeps the original", async () => {
    const id = await api.start(reviewFlow({ script: ["a rough draft"] }), "edit it");
    const { pending } = await waiting(id);
    const res = await api.answer(id, pending.requestId, { outcome: "approve", edit: "a polished draft" });
    expect(res.status).toBe(200);
    const { state } = await api.status(id, "completed");
    expect(state.output).toBe("a polished draft");
    expect(state.messages.find((m: { name: string }) => m.name === "writer")).toMatchObject({ content: "a polished draft", original: "a rough draft" });
  });
});

describe("timeouts", () => {
  test("at the deadline the node takes its default outcome; a late answer is a 409", async () => {
    const id = await api.start(reviewFlow({ script: ["timed draft"], timeoutSeconds: 0.6, defaultOutcome: "approve" }), "no one answers");
    const { pending } = await waiting(id);
    expect(pending.defaultOutcome).toBe("approve");
    const asked = (await api.run(id)).events.find((e) => e.type === "human.requested")!;
    expect(pending.deadline).toBe(asked.at + 600);

    const { events, state } = await api.until(id, (s) => s.status === "completed", 5000);
    const timedOut = events.find((e) => e.type === "human.timed_out")!;
    expect(timedOut).toMatchObject({ requestId: pending.requestId, outcome: "approve", nodeId: "reviewer" });
    expect(timedOut.at).toBeGreaterThanOrEqual(pending.deadline);
    expect(ofType(events, "human.responded")).toEqual([]);
    expect(state.output).toBe("timed draft");

    const late = await api.answer(id, pending.requestId, { outcome: "revise" });
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({ code: "already_answered", message: "this request timed out and took its default outcome" });
  });

  test("an answer before the deadline wins and no timeout is recorded", async () => {
    const id = await api.start(reviewFlow({ script: ["quick"], timeoutSeconds: 0.4, defaultOutcome: "approve" }), "answered in time");
    const { pending } = await waiting(id);
    expect((await api.answer(id, pending.requestId, { outcome: "approve", by: "fast" })).status).toBe(200);
    await api.status(id, "completed");
    await new Promise((r) => setTimeout(r, 600));
    const { events } = await api.run(id);
    expect(ofType(events, "human.timed_out")).toEqual([]);
    expect(events.at(-1)?.type).toBe("run.finished");
  });
});
