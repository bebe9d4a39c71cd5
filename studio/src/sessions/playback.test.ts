import type { RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { playTimes, seqAtTime } from "./playback.js";

const at = (...times: number[]) => times.map((t, i) => ({ type: "run.resumed", mode: "continue", seq: i + 1, at: t }) as RunEvent);

describe("playback", () => {
  it("plays events at their recorded pace, with long pauses shortened", () => {
    expect([...playTimes(at(1000, 1010, 1500, 3_600_000, 3_600_020), 1000)]).toEqual([0, 10, 500, 1500, 1520]);
  });

  it("finds the event whose time has come", () => {
    const times = playTimes(at(0, 10, 500, 510));
    expect(seqAtTime(times, 0)).toBe(1);
    expect(seqAtTime(times, 9)).toBe(1);
    expect(seqAtTime(times, 10)).toBe(2);
    expect(seqAtTime(times, 505)).toBe(3);
    expect(seqAtTime(times, 99_999)).toBe(4);
  });
});
