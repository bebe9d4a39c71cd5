import { fold } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { Replay } from "./replay.js";

describe("Replay", () => {
  const events = syntheticRun({ rounds: 4, humanEvery: 2 });

  it("opens at the end and shows the state at the cursor in its run view", () => {
    const replay = new Replay(events);
    expect(replay.cursor).toBe(events.length);
    replay.seek(17);
    expect(replay.view.getState().state).toEqual(fold(events.slice(0, 17)));
    replay.step(-1);
    expect(replay.cursor).toBe(16);
    replay.seek(-5);
    expect(replay.cursor).toBe(1);
    replay.seek(1e9);
    expect(replay.cursor).toBe(events.length);
  });

  it("jumps between node visits and human requests", () => {
    const replay = new Replay(events, 1);
    replay.jump("human", 1);
    expect(replay.event(replay.cursor)?.type).toBe("human.requested");
    const first = replay.cursor;
    replay.jump("human", 1);
    expect(replay.cursor).toBeGreaterThan(first);
    replay.jump("human", -1);
    expect(replay.cursor).toBe(first);
    replay.jump("visit", 1);
    expect(replay.event(replay.cursor)?.type).toBe("node.started");
  });
});
