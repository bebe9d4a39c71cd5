import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { formatMs } from "../ui/time.js";
import { describeEvent } from "./describeEvent.js";

describe("describeEvent", () => {
  const name = (id: string) => id.toUpperCase();

  it("says in one line what each event of a run was", () => {
    const lines = syntheticRun({ rounds: 2, humanEvery: 2 }).map((e) => describeEvent(e, name));
    expect(lines[0]).toBe("Run started: “Write a short note to the team about Friday's release.”");
    expect(lines).toContain("USER → WRITER (always)");
    expect(lines.find((l) => l.startsWith("WRITER calls"))).toBe("WRITER calls openai/gpt-4o-mini with 1 message");
    expect(lines.find((l) => l.startsWith("REVIEWER is asked"))).toBe("REVIEWER is asked: “Approve the draft or ask for another round.”");
    expect(lines.find((l) => l.startsWith("sam answered"))).toBe("sam answered revise, “Round 2: shorter, please.”");
    expect(lines.at(-2)).toBe("END started (visit 1)");
    expect(lines.at(-1)).toBe("Run completed");
  });

  it("says where a fork comes from, and why a run failed", () => {
    expect(describeEvent({ type: "run.started", runId: "r2", flow: { schemaVersion: 1, name: "f", maxSteps: 1, nodes: [], edges: [] }, input: "x", options: {}, parent: { runId: "abcdef123456", seq: 12 }, seq: 1, at: 0 }, name)).toBe(
      "Forked from run abcdef12 at event 12",
    );
    expect(describeEvent({ type: "run.finished", status: "failed", error: { code: "x", message: "the model is gone" }, seq: 9, at: 0 }, name)).toBe("Run failed: the model is gone");
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
