// Golden runs: each recorded run, replayed through the engine with the replay provider and
// the recorded answers (no network), must give the same events. A changed engine that
// records differently fails here, and so does a tampered recording.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { goldenCases } from "./golden/cases.js";

function recording(name: string): RunEvent[] {
  return JSON.parse(readFileSync(new URL(`./golden/${name}.run.json`, import.meta.url), "utf8")).events;
}

// No model call may reach the network during a replay.
const realFetch = globalThis.fetch;

describe("golden runs replay identically", () => {
  for (const c of goldenCases) {
    it(c.name, async () => {
      let fetched = 0;
      globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
        fetched++;
        return realFetch(...args);
      }) as typeof fetch;
      try {
        const recorded = recording(c.name);
        const replayed = await replayRun(recorded);
        expect(recorded.at(-1)?.type).toBe("run.finished");
        expect(comparable(replayed)).toEqual(comparable(recorded));
        expect(fetched).toBe(0);
      } finally {
        globalThis.fetch = realFetch;
      }
    });
  }
});

describe("a tampered recording fails the comparison", () => {
  it("a changed reply in the recording shows up in the replay", async () => {
    const recorded = recording("seed-revise-then-approve");
    // The recorded model reply says one thing, the stored message another: the replay
    // (which re-derives the message from the reply) no longer matches.
    const altered = recorded.map((e) => (e.type === "message" && e.nodeId === "writer" ? { ...e, content: `${e.content} (altered)` } : e));
    const replayed = await replayRun(altered);
    expect(comparable(replayed)).not.toEqual(comparable(altered));
  });

  it("a changed route in the recording shows up in the replay", async () => {
    const recorded = recording("seed-approve");
    const altered = recorded.map((e) => (e.type === "route.taken" && e.to === "end" ? { ...e, to: "writer" } : e));
    const replayed = await replayRun(altered);
    expect(comparable(replayed)).not.toEqual(comparable(altered));
  });
});
