import type { Task } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { taskPeople, taskSections } from "./tasks.js";

const task = (requestId: string, extra: Partial<Task> = {}): Task => ({
  kind: "question",
  runId: "r",
  requestId,
  flowId: "f",
  flowName: "Flow",
  nodeId: "h",
  nodeName: "Review",
  input: "in",
  askedAt: 0,
  instructions: "",
  outcomes: [],
  allowText: true,
  allowEdit: false,
  ...extra,
});

describe("task sections", () => {
  it("puts mine first, then my roles', then anyone's, then others', keeping the order in each", () => {
    const tasks = [task("a", { mine: null }), task("b", { mine: "role" }), task("c", { mine: "user" }), task("d"), task("e", { mine: "role" }), task("f", { mine: "anyone" })];
    expect(taskSections(tasks).map((s) => [s.title, s.tasks.map((t) => t.requestId)])).toEqual([
      ["For me", ["c"]],
      ["For my roles", ["b", "e"]],
      ["For anyone", ["d", "f"]],
      ["Others", ["a"]],
    ]);
  });
  it("leaves empty sections out", () => {
    expect(taskSections([task("a")]).map((s) => s.title)).toEqual(["For anyone"]);
    expect(taskSections([])).toEqual([]);
  });
});

describe("a task's people", () => {
  const now = 1_000_000;
  it("says who it is for, who took it, the votes and the escalation", () => {
    const t = task("a", {
      assignees: { users: [], roles: ["legal"] },
      claimedBy: { name: "Ana", via: "studio" },
      quorum: { count: 2, outcome: "approve" },
      votes: [{ actor: { name: "Bob", via: "studio" }, outcome: "approve", at: 1 }],
      escalations: 1,
      nextEscalation: { at: now + 7_200_000, action: "default" },
    });
    expect(taskPeople(t, now)).toEqual(["for legal", "taken by Ana", "1 of 2 approve", "escalated to legal · next: takes default in 2 h"]);
  });
  it("says nothing of a task nobody in particular has", () => {
    expect(taskPeople(task("a"), now)).toEqual([]);
  });
});
