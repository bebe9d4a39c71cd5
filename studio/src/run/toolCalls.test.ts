import { fold, type RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { refundRun } from "../../test/refundRun.js";
import { approvedBy, callsOf, callStatus, foldedStart, isLong, saidSoFar, waitingCalls } from "./toolCalls.js";

const at = (events: RunEvent[]) => fold(events);

describe("tool calls as the studio reads them", () => {
  it("a turn's calls, and the one that waits for a person", () => {
    const state = at(refundRun());
    const turn = state.messages.find((m) => m.toolCalls)!;
    expect(callsOf(state, turn).map((c) => [c.name, callStatus(c).label])).toEqual([
      ["lookup", "done"],
      ["refund", "needs approval"],
    ]);
    expect(waitingCalls(state).map((c) => c.id)).toEqual(["c2"]);
    expect(saidSoFar(state, waitingCalls(state)[0]!)).toBe("I will check the order and refund it.");
  });

  it("says who approved a call once it ran, and who rejected one and why", () => {
    const state = at(refundRun({ decided: true }));
    const refund = state.toolCalls.c2!;
    expect(callStatus(refund)).toEqual({ label: "done", tone: "ok" });
    expect(approvedBy(refund)).toBe("approved by Tess");
    expect(approvedBy(state.toolCalls.c1!)).toBeUndefined();
    expect(waitingCalls(state)).toEqual([]);

    const events = refundRun();
    const rejected = at([...events, { type: "tool.rejected", nodeId: "agent", callId: "c2", requestId: "q2", by: "Tess", reason: " too much ", seq: events.length + 1, at: 2000 }]);
    expect(callStatus(rejected.toolCalls.c2!)).toEqual({ label: "rejected by Tess: too much", tone: "bad" });
    const answered = at([...events, { type: "tool.rejected", nodeId: "agent", callId: "c2", requestId: "q2", by: "Ada", result: "done by hand", seq: events.length + 1, at: 2000 }]);
    expect(callStatus(answered.toolCalls.c2!).label).toBe("answered by Ada instead");
  });

  it("a call under way when the process stopped is unknown, and a person decides", () => {
    const events = refundRun({ decided: true }).slice(0, -1);
    const n = events.length;
    const state = at([
      ...events,
      { type: "node.started", nodeId: "agent", visit: 1, attempt: 2, seq: n + 1, at: 3000 },
      { type: "tool.approval.requested", nodeId: "agent", callId: "c2", requestId: "q3", reason: "unknown", seq: n + 2, at: 3001 },
    ]);
    expect(callStatus(state.toolCalls.c2!).label).toBe("unknown — a person decides");
  });

  it("folds a long result and keeps a short one whole", () => {
    expect(isLong("Refunded $200")).toBe(false);
    const long = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    expect(isLong(long)).toBe(true);
    expect(foldedStart(long)).toBe(`${Array.from({ length: 8 }, (_, i) => `line ${i}`).join("\n")}…`);
    expect(isLong("x".repeat(601))).toBe(true);
  });
});
