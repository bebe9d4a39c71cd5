import type { RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { lastBefore, MARK_KINDS, nextAfter, timelineOf, visitAt } from "./timeline.js";

describe("timelineOf", () => {
  const events = syntheticRun({ rounds: 2, humanEvery: 2, deltas: 1 });
  const model = timelineOf(events);
  const at = (seq: number) => events[seq - 1]!;

  it("spans each node visit from node.started to the route out of it", () => {
    expect(model.visits.map((v) => `${v.nodeId}#${v.visit}`)).toEqual([
      "user#1", "writer#1", "critic#1", "writer#2", "critic#2", "reviewer#1", "writer#3", "critic#3", "reviewer#2", "end#1",
    ]);
    for (const v of model.visits) {
      expect(at(v.from)).toMatchObject({ type: "node.started", nodeId: v.nodeId });
      expect(["route.taken", "run.finished"]).toContain(at(v.to).type);
      expect(v.open).toBe(false);
    }
    // The end node's visit ends with the run.
    expect(at(model.visits.at(-1)!.to).type).toBe("run.finished");
  });

  it("leaves the last visit open while the run goes on", () => {
    const cut = model.visits[2]!.from + 2;
    const live = timelineOf(events.slice(0, cut));
    expect(live.visits.at(-1)).toMatchObject({ nodeId: "critic", from: model.visits[2]!.from, to: cut, open: true });
  });

  it("keeps a node run again after a restart (attempt 2) in its visit", () => {
    const log = events.slice(0, 7) as RunEvent[];
    const again: RunEvent = { type: "node.started", nodeId: "writer", visit: 1, attempt: 2, seq: 8, at: 8 };
    const visits = timelineOf([...log, again]).visits;
    expect(visits.map((v) => v.nodeId)).toEqual(["user", "writer"]);
    expect(visits[1]).toMatchObject({ to: 8, open: true });
  });

  it("marks every event by kind and lists the human requests", () => {
    expect(model.marks.length).toBe(events.length);
    expect(MARK_KINDS[model.marks[0]!]).toBe("run");
    expect(model.humanRequests.map((s) => at(s).type)).toEqual(["human.requested", "human.requested"]);
  });

  it("finds the next and previous seq and the visit at a point", () => {
    const starts = [3, 9, 20];
    expect(nextAfter(starts, 0)).toBe(3);
    expect(nextAfter(starts, 3)).toBe(9);
    expect(nextAfter(starts, 20)).toBeUndefined();
    expect(lastBefore(starts, 9)).toBe(3);
    expect(lastBefore(starts, 10)).toBe(9);
    expect(lastBefore(starts, 3)).toBeUndefined();
    const writer = model.visits[1]!;
    expect(visitAt(model, writer.from)).toBe(writer);
    expect(visitAt(model, writer.to)).toBe(writer);
    expect(visitAt(model, 1)).toBeUndefined();
  });
});
