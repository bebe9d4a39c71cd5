// The line an agent shows while it waits on the model: the same for a live run and a replay at that point.
import { fold, type RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { waitNote } from "./ModelWait.js";

const T = 1_800_000_000_000;
const retry = (e: Partial<Extract<RunEvent, { type: "llm.retry" }>> = {}): RunEvent => ({
  type: "llm.retry",
  nodeId: "writer",
  callId: "c1",
  attempt: 2,
  maxRetries: 3,
  error: "no first token after 30 s (first-token timeout)",
  delayMs: 4000,
  seq: 1,
  at: T,
  ...e,
});

describe("waitNote", () => {
  it("counts the retry's wait down in whole seconds, then waits for the retried call's first token", () => {
    const { retry: pending } = fold([retry()]);
    expect(waitNote(pending, T)).toBe("waiting for the model (retry 2 of 3 in 4 s)");
    expect(waitNote(pending, T + 1200)).toBe("waiting for the model (retry 2 of 3 in 3 s)");
    expect(waitNote(pending, T + 3999)).toBe("waiting for the model (retry 2 of 3 in 1 s)");
    expect(waitNote(pending, T + 4000)).toBe("waiting for the first token… (retry 2 of 3)");
  });

  it("before any retry, waits for the first token; a log without maxRetries still reads", () => {
    expect(waitNote(null, T)).toBe("waiting for the first token…");
    expect(waitNote(fold([retry({ maxRetries: undefined })]).retry, T)).toBe("waiting for the model (retry 2 in 4 s)");
  });

  it("never reads longer than the wait, whatever this clock says", () => {
    expect(waitNote(fold([retry()]).retry, T - 60_000)).toBe("waiting for the model (retry 2 of 3 in 4 s)");
  });
});
