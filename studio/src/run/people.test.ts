import type { Actor, Vote } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { actorLine, escalationNow, escalationState, quorumLine } from "./people.js";

const ana: Actor = { userId: "u1", name: "Ana", via: "studio" };
const legal = { users: [], roles: ["legal"] };

describe("who answered", () => {
  it("says the person, the roles the request was for and how the answer came", () => {
    expect(actorLine(ana, legal)).toBe("Ana (legal) · studio");
    expect(actorLine({ name: "Bob", via: "terminal" })).toBe("Bob · terminal");
    expect(actorLine({ name: "Bob", via: "http" }, { users: ["bob"], roles: [] })).toBe("Bob · http");
  });
  it("says when an admin answered what was not theirs", () => {
    expect(actorLine({ ...ana, asAdmin: true }, legal)).toBe("Ana (as admin) · studio");
  });
});

describe("a quorum", () => {
  const vote = (actor: Actor, outcome: string, text?: string): Vote => ({ actor, outcome, at: 1, ...(text ? { text } : {}) });
  it("counts distinct voters for its outcome and lists every vote", () => {
    const line = quorumLine({ count: 2, outcome: "approve" }, [vote(ana, "approve", "fine"), vote({ name: "Bob", via: "http" }, "reject")]);
    expect(line).toEqual({ progress: "1 of 2 approve", voters: ["Ana: approve — fine", "Bob: reject"] });
  });
  it("starts at none", () => {
    expect(quorumLine({ count: 3, outcome: "approve" }).progress).toBe("0 of 3 approve");
  });
});

describe("an escalation chain", () => {
  const now = 1_000_000;
  it("says who it went to and what comes next, and when", () => {
    expect(escalationState({ fired: 1, lastAction: "reassign", assignees: legal, next: { at: now + 2 * 3600_000, action: "default" } }, now)).toBe(
      "escalated to legal · next: takes default in 2 h",
    );
  });
  it("says a reminder as one, and a step that is due as now", () => {
    expect(escalationState({ fired: 1, lastAction: "remind", assignees: legal, next: { at: now - 1, action: "reassign" } }, now)).toBe("reminded legal · next: reassigns now");
  });
  it("before any step, says only the next", () => {
    expect(escalationState({ fired: 0, next: { at: now + 30 * 60_000, action: "remind" } }, now)).toBe("next: reminds in 30 min");
  });
  it("says nothing without a chain", () => {
    expect(escalationState({ fired: 0 }, now)).toBeUndefined();
  });
});

describe("a chain in a run", () => {
  const steps = [
    { action: "remind" as const, afterSeconds: 60 },
    { action: "reassign" as const, afterSeconds: 120, assignees: legal },
    { action: "default" as const, afterSeconds: 180 },
  ];
  it("is read from the node's steps and the steps fired", () => {
    expect(escalationNow(steps, { nodeId: "h", askedAt: 1000, escalations: 2, assignees: legal })).toEqual({
      fired: 2,
      lastAction: "reassign",
      assignees: legal,
      next: { at: 181_000, action: "default" },
    });
  });
  it("has no next step once the chain is done, and is nothing without a chain", () => {
    expect(escalationNow(steps, { nodeId: "h", askedAt: 0, escalations: 3 })).toEqual({ fired: 3, lastAction: "default", assignees: undefined });
    expect(escalationNow(undefined, { nodeId: "h", askedAt: 0 })).toBeUndefined();
  });
});
