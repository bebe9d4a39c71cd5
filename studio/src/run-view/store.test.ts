import { templateById, type RunEvent, type RunEventBody } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { applyEvents, createRunView, loadEvents } from "./store.js";

const flow = templateById("writer-review")!.flow;

/** A writer streaming "Draft one two", then the reviewer waiting. */
function writerRun(): RunEvent[] {
  const bodies: RunEventBody[] = [
    { type: "run.started", runId: "r1", flow, input: "Write a line", options: {} },
    { type: "node.started", nodeId: "user", visit: 1, attempt: 1 },
    { type: "message", nodeId: "user", role: "user", name: "user", content: "Write a line" },
    { type: "route.taken", from: "user", to: "writer", edgeId: "e_user_writer", reason: "always" },
    { type: "node.started", nodeId: "writer", visit: 1, attempt: 1 },
    { type: "llm.request", nodeId: "writer", callId: "c1", model: "openai/gpt-4o-mini", params: {}, system: "", messageCount: 1 },
    { type: "message.delta", nodeId: "writer", text: "Draft " },
    { type: "message.delta", nodeId: "writer", text: "one " },
    { type: "message.delta", nodeId: "writer", text: "two" },
    { type: "llm.response", nodeId: "writer", callId: "c1", content: "Draft one two", latencyMs: 5, retries: 0 },
    { type: "message", nodeId: "writer", role: "assistant", name: "writer", content: "Draft one two" },
    { type: "route.taken", from: "writer", to: "reviewer", edgeId: "e_writer_reviewer", reason: "always" },
    { type: "node.started", nodeId: "reviewer", visit: 1, attempt: 1 },
    {
      type: "human.requested",
      nodeId: "reviewer",
      requestId: "q1",
      instructions: "Approve or revise",
      outcomes: [
        { name: "approve", description: "" },
        { name: "revise", description: "" },
      ],
      allowText: true,
      allowEdit: true,
    },
  ];
  return bodies.map((b, i) => ({ ...b, seq: i + 1, at: 1000 + i }) as RunEvent);
}

describe("run view store", () => {
  it("folds events with the shared reducer", () => {
    const store = createRunView();
    const events = writerRun();
    applyEvents(store, events.slice(0, 8));
    let { state } = store.getState();
    expect(state?.status).toBe("running");
    expect(state?.active).toBe("writer");
    expect(state?.streaming).toEqual({ nodeId: "writer", text: "Draft one " });
    expect(state?.lastEdgeId).toBe("e_user_writer");

    applyEvents(store, events.slice(8));
    state = store.getState().state;
    expect(state?.status).toBe("waiting");
    expect(state?.streaming).toBeNull();
    expect(state?.messages.map((m) => m.content)).toEqual(["Write a line", "Draft one two"]);
    expect(state?.pending?.requestId).toBe("q1");
    expect(state?.nodes.reviewer?.status).toBe("waiting");
    expect(state?.nodes.writer).toMatchObject({ status: "done", visits: 1 });
  });

  it("drops events it already has when a stream reconnects, so no text is doubled", () => {
    const store = createRunView();
    const events = writerRun();
    expect(applyEvents(store, events.slice(0, 8))).toBe(8);
    // The reconnected stream starts before where the view is (Last-Event-ID raced an event).
    expect(applyEvents(store, events.slice(5, 9))).toBe(1);
    expect(store.getState().state?.streaming?.text).toBe("Draft one two");
    expect(store.getState().state?.lastSeq).toBe(9);
  });

  it("tells subscribers once per batch, and not at all for a batch of repeats", () => {
    const store = createRunView();
    const events = writerRun();
    let heard = 0;
    store.subscribe(() => heard++);
    applyEvents(store, events);
    expect(heard).toBe(1);
    expect(store.getState().version).toBe(1);
    expect(applyEvents(store, events.slice(3))).toBe(0);
    expect(heard).toBe(1);
  });

  it("starts over when loaded, and an empty load is no run", () => {
    const store = createRunView();
    const events = writerRun();
    applyEvents(store, events);
    loadEvents(store, events.slice(0, 7));
    expect(store.getState().state?.streaming?.text).toBe("Draft ");
    loadEvents(store, []);
    expect(store.getState().state).toBeNull();
  });

  it("keeps one state object, updated in place, for speed", () => {
    const store = createRunView();
    const events = writerRun();
    applyEvents(store, events.slice(0, 7));
    const first = store.getState().state;
    applyEvents(store, events.slice(7));
    expect(store.getState().state).toBe(first);
  });
});
