import type { RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { formatMs } from "../ui/time.js";
import { describeEvent } from "./describeEvent.js";
import { modelCallAt } from "./modelCall.js";
import { Snapshots } from "./snapshots.js";

describe("describeEvent", () => {
  const name = (id: string) => id.toUpperCase();

  it("says in one line what each event of a run was", () => {
    const lines = syntheticRun({ rounds: 2, humanEvery: 2 }).map((e) => describeEvent(e, name));
    expect(lines[0]).toBe("Run started: “Write a short note to the team about Friday's release.”");
    expect(lines).toContain("USER → WRITER (always)");
    expect(lines.find((l) => l.startsWith("WRITER calls"))).toBe("WRITER calls openai/gpt-4o-mini with 2 messages");
    expect(lines.find((l) => l.startsWith("REVIEWER is asked"))).toBe("REVIEWER is asked: “Approve the draft or ask for another round.”");
    expect(lines.find((l) => l.startsWith("sam answered"))).toBe("sam answered revise, “Round 2: shorter, please.”");
    expect(lines.at(-2)).toBe("END started (visit 1)");
    expect(lines.at(-1)).toBe("Run completed");
  });

  it("counts a model call's messages as the inspector lists them, the system message included", () => {
    const events = syntheticRun({ rounds: 3, humanEvery: 2 });
    const snapshots = new Snapshots(events, 4);
    const requests = events.filter((e) => e.type === "llm.request");
    expect(requests.length).toBeGreaterThan(2);
    for (const request of requests) {
      const listed = modelCallAt(snapshots, request.seq)!.messages.length;
      expect(describeEvent(request, name)).toContain(` with ${listed} messages`);
    }
  });

  it("says where a fork comes from, and why a run failed", () => {
    expect(describeEvent({ type: "run.started", runId: "r2", flow: { schemaVersion: 2, name: "f", maxSteps: 1, nodes: [], edges: [] }, input: "x", options: {}, parent: { runId: "abcdef123456", seq: 12 }, seq: 1, at: 0 }, name)).toBe(
      "Forked from run abcdef12 at event 12",
    );
    expect(describeEvent({ type: "run.finished", status: "failed", error: { code: "x", message: "the model is gone" }, seq: 9, at: 0 }, name)).toBe("Run failed: the model is gone");
  });

  it("says how a reply was read, by which judge, and what a person is asked about it", () => {
    const read = { type: "reply.read", nodeId: "reviewer", text: "I don't approve this, make it shorter", reason: "asks for a shorter version", judge: "offline", latencyMs: 0, seq: 5, at: 0 } as const;
    expect(describeEvent({ ...read, outcome: "revise", confidence: 0.9 }, name)).toBe("REVIEWER's reply read as revise — asks for a shorter version (offline, 90% sure)");
    expect(describeEvent({ ...read, outcome: null, reason: "no outcome fits", confidence: 0.3 }, name)).toBe("REVIEWER's reply could not be read (offline): no outcome fits");
    const asked: Extract<RunEvent, { type: "human.requested" }> = { type: "human.requested", nodeId: "reviewer", requestId: "q2", instructions: "Check it", outcomes: [], allowText: false, allowEdit: false, seq: 6, at: 0 };
    expect(describeEvent({ ...asked, reading: { outcome: "revise", reason: "r" } }, name)).toBe("REVIEWER is asked to confirm or correct the reading “revise”");
    expect(describeEvent({ ...asked, reading: { outcome: null, reason: "r" } }, name)).toBe("REVIEWER is asked to pick how to read the reply");
    expect(describeEvent({ type: "human.responded", nodeId: "reviewer", requestId: "q2", by: "Ana", outcome: "approve", seq: 7, at: 0 }, name)).toBe("Ana answered approve");
  });

  it("says why a call asks again for a structured reply", () => {
    const retryOf = { reply: '{"verdict":"maybe"}', problems: ['verdict: expected one of "pass", "fail"'] };
    const request = { type: "llm.request", nodeId: "qa", callId: "c2", model: "openai/gpt-4o", params: {}, system: "", messageCount: 3, retryOf, seq: 7, at: 0 } as const;
    expect(describeEvent(request, name)).toBe('QA asks openai/gpt-4o again: the reply did not fit its output schema (verdict: expected one of "pass", "fail")');
  });
});

describe("formatMs", () => {
  it("reads as a duration", () => {
    expect([380, 2400, 192_000, 7_500_000].map(formatMs)).toEqual(["380 ms", "2.4 s", "3 min 12 s", "2 h 5 min"]);
  });
});
