import { fold, templateById, type RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { Snapshots } from "./snapshots.js";

describe("Snapshots", () => {
  const events = syntheticRun({ rounds: 5, humanEvery: 2 });

  const built = (every: number, log = events) => {
    const snapshots = new Snapshots(log, every);
    snapshots.build();
    return snapshots;
  };

  it("gives, at any seq, the fold of the events up to it", () => {
    const snapshots = built(7);
    for (let seq = 0; seq <= events.length; seq++) expect(snapshots.stateAt(seq)).toEqual(fold(events.slice(0, seq)));
  });

  it("keeps a state every N events", () => {
    expect(built(7).size).toBe(Math.floor(events.length / 7) + 1);
    expect(built(500).size).toBe(1);
  });

  it("is built in slices, and gives the same states before, during and after", () => {
    const snapshots = new Snapshots(events, 3);
    const seqs = [0, 2, 3, 17, 40, events.length];
    const expected = seqs.map((seq) => fold(events.slice(0, seq)));
    expect(seqs.map((seq) => snapshots.stateAt(seq))).toEqual(expected);
    // A zero budget keeps one more state per call.
    expect(snapshots.build(0)).toBe(false);
    expect(snapshots.size).toBe(2);
    expect(seqs.map((seq) => snapshots.stateAt(seq))).toEqual(expected);
    while (!snapshots.build(0));
    expect(snapshots.size).toBe(Math.floor(events.length / 3) + 1);
    expect(seqs.map((seq) => snapshots.stateAt(seq))).toEqual(expected);
  });

  it("hands out states that can be changed without changing what is kept", () => {
    const snapshots = built(5);
    const before = snapshots.stateAt(23);
    const a = snapshots.stateAt(23);
    a.messages[0]!.content = "changed";
    a.nodes.writer!.visits = 99;
    a.usage.promptTokens = -1;
    expect(snapshots.stateAt(23)).toEqual(before);
  });

  it("clamps seqs outside the run", () => {
    const snapshots = built(10);
    expect(snapshots.stateAt(-3)).toEqual(fold([]));
    expect(snapshots.stateAt(events.length + 50)).toEqual(fold(events));
    expect(snapshots.event(1)?.type).toBe("run.started");
    expect(snapshots.event(events.length + 1)).toBeUndefined();
  });

  it("a person's edit after a kept state does not reach the kept state", () => {
    const flow = templateById("writer-review")!.flow;
    const log: RunEvent[] = [
      { type: "run.started", runId: "r", flow, input: "hi", options: {}, seq: 1, at: 1 },
      { type: "message", nodeId: "user", role: "user", name: "user", content: "hi", seq: 2, at: 2 },
      { type: "message", nodeId: "writer", role: "assistant", name: "writer", content: "Draft", seq: 3, at: 3 },
      { type: "human.requested", nodeId: "reviewer", requestId: "q", instructions: "", outcomes: [{ name: "approve", description: "" }], allowText: false, allowEdit: true, seq: 4, at: 4 },
      { type: "human.responded", nodeId: "reviewer", requestId: "q", by: "kim", outcome: "approve", edit: "Draft, edited", seq: 5, at: 5 },
    ];
    const snapshots = built(4, log);
    expect(snapshots.stateAt(4).messages[1]!.content).toBe("Draft");
    expect(snapshots.stateAt(5).messages[1]).toMatchObject({ content: "Draft, edited", original: "Draft" });
  });
});
