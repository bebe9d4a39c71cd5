import { describe, expect, it } from "vitest";
import { assigneesText, escalationLine, parseAssignees, shortDuration, splitDuration, toSeconds } from "./people.js";

describe("assignees as text", () => {
  it("reads roles and @users, lower-cased, without repeats", () => {
    expect(parseAssignees("Legal, @Ana  finance, legal")).toEqual({ value: { users: ["ana"], roles: ["legal", "finance"] } });
  });
  it("reads an empty text as nobody in particular", () => {
    expect(parseAssignees(" , ")).toEqual({ value: undefined });
  });
  it("names the entry that is neither a role nor a username", () => {
    expect(parseAssignees("legal, 9lives")).toEqual({ error: expect.stringContaining('"9lives" is not a role') });
    expect(parseAssignees("@An a!")).toEqual({ error: expect.stringContaining('"a!" is not a role') });
    expect(parseAssignees("@!x")).toEqual({ error: expect.stringContaining('"@!x" is not a username') });
  });
  it("writes back what it reads", () => {
    const read = parseAssignees("legal, @ana");
    expect("value" in read && assigneesText(read.value)).toBe("legal, @ana");
    expect(assigneesText({ users: [], roles: [] })).toBe("");
  });
});

describe("durations", () => {
  it("splits seconds into whole hours or minutes and back", () => {
    expect(splitDuration(7200)).toEqual({ amount: 2, unit: "hours" });
    expect(splitDuration(1800)).toEqual({ amount: 30, unit: "minutes" });
    expect(toSeconds(2, "hours")).toBe(7200);
    expect(toSeconds(1.5, "minutes")).toBe(90);
  });
  it("says them short", () => {
    expect(shortDuration(45)).toBe("45 s");
    expect(shortDuration(1800)).toBe("30 min");
    expect(shortDuration(7200)).toBe("2 h");
    expect(shortDuration(5400)).toBe("1 h 30 min");
  });
});

it("puts a chain in a line", () => {
  expect(
    escalationLine([
      { action: "remind", afterSeconds: 1800 },
      { action: "reassign", afterSeconds: 7200, assignees: { users: [], roles: ["legal"] } },
      { action: "default", afterSeconds: 14400 },
    ]),
  ).toBe("remind 30 min → to legal 2 h → default 4 h");
});
