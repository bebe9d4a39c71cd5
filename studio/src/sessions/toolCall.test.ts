import { describe, expect, it } from "vitest";
import { refundRun } from "../../test/refundRun.js";
import { Snapshots } from "./snapshots.js";
import { toolCallAt } from "./toolCall.js";

const events = refundRun({ decided: true });
const snapshots = new Snapshots(events, 4);
const seqOf = (type: string, callId: string) => events.find((e) => e.type === type && "callId" in e && e.callId === callId)!.seq;

describe("toolCallAt", () => {
  it("shows the call as it stood at each of its events", () => {
    const asked = toolCallAt(snapshots, seqOf("tool.approval.requested", "c2"))!;
    expect(asked).toMatchObject({ id: "c2", name: "refund", status: "awaiting", arguments: { amount: 250, order: "A1" } });
    expect(asked.result).toBeUndefined();

    const done = toolCallAt(snapshots, seqOf("tool.result", "c2"))!;
    expect(done).toMatchObject({ status: "done", decidedBy: "Tess", arguments: { amount: 200, order: "A1" }, result: "Refunded $200 on A1", durationMs: 30 });
    expect(done.edited).toEqual({ before: { amount: 250, order: "A1" }, after: { amount: 200, order: "A1" } });
  });

  it("has nothing for events that are not a tool call's", () => {
    expect(toolCallAt(snapshots, 1)).toBeUndefined();
    // The model's reply that made the calls is the model call's, shown as such.
    expect(toolCallAt(snapshots, events.find((e) => e.type === "llm.response")!.seq)).toBeUndefined();
  });
});
