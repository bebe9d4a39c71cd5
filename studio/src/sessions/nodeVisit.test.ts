import { fold } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { visitAt } from "./nodeVisit.js";

const events = syntheticRun({ rounds: 3, humanEvery: 2 });
const writerReplies = fold(events).messages.filter((m) => m.nodeId === "writer" && m.role === "assistant");

describe("visitAt", () => {
  it("names each of the writer's replies by the visit it was said in", () => {
    expect(writerReplies.length).toBeGreaterThan(1);
    expect(writerReplies.map((m) => visitAt(events, "writer", m.seq))).toEqual(writerReplies.map((_, i) => ({ nodeId: "writer", visit: i + 1 })));
  });

  it("gives nothing for a node that had not started by then", () => {
    expect(visitAt(events, "writer", 1)).toBeNull();
    expect(visitAt(events, "ghost", events.length)).toBeNull();
  });
});
