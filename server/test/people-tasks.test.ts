// GET /api/tasks as each person sees it, over the real HTTP app on a real SQLite store: every
// task says whose it is for the caller (named, by role, anyone's, not theirs), theirs come first
// in that order, and for=me keeps only what they may answer. And a question reassigned by an
// escalation step is for its new assignees only.
import { fold, type RunEvent } from "@tandem/shared";
import { expect, test } from "vitest";
import { signerFor } from "../src/engine/people.js";
import { answerError } from "./helpers/answer-error.js";
import { asked, assignedReview, startPeopleApp, user, withPeopleApp } from "./helpers/people-app.js";

const USERS = [user("ana", "legal", "operator"), user("fin", "finance")];

const running = withPeopleApp(USERS);

test("each task says whose it is; the caller's come first (named, their roles, anyone's, others'); for=me keeps theirs", async () => {
  // Asked in this order, so that the engine's own order (the longest waiting first) is the reverse of the caller's.
  const finance = await asked(running.app, assignedReview({ assignees: { users: [], roles: ["finance"] } }, "finance"));
  const anyone = await asked(running.app, assignedReview({}, "anyone"));
  const legal = await asked(running.app, assignedReview({ assignees: { users: [], roles: ["legal"] } }, "legal"));
  const named = await asked(running.app, assignedReview({ assignees: { users: ["ana"], roles: ["finance"] } }, "named"));

  const list = async (username?: string, query = "") => (await running.app.as(username).get(`/api/tasks${query}`)).body as { tasks: Record<string, any>[]; total: number };
  const seen = (l: { tasks: Record<string, any>[] }) => l.tasks.map((t) => [t.flowName, t.mine]);

  expect(seen(await list("ana"))).toEqual([
    ["named", "user"],
    ["legal", "role"],
    ["anyone", "anyone"],
    ["finance", null],
  ]);
  expect(await list("ana", "?for=me")).toMatchObject({ total: 3, tasks: [{ requestId: named.requestId }, { requestId: legal.requestId }, { requestId: anyone.requestId }] });
  // A reviewer role answers only what is assigned to it: a question for anyone is not theirs.
  expect(seen(await list("fin"))).toEqual([
    ["finance", "role"],
    ["named", "role"],
    ["anyone", null],
    ["legal", null],
  ]);
  expect((await list("fin", "?for=me")).tasks.map((t) => t.requestId)).toEqual([finance.requestId, named.requestId]);
  expect((await list("ana")).tasks[0]).toMatchObject({ assignees: { users: ["ana"], roles: ["finance"] } });
  expect((await list("ana")).tasks[2]!.assignees).toBeUndefined();
  expect((await running.app.as("ana").get("/api/tasks?for=someone")).status).toBe(422);
});

test("on a server without accounts every task is anyone's, in the engine's order", async () => {
  const open = await startPeopleApp([]);
  try {
    await asked(open, assignedReview({ assignees: { users: [], roles: ["finance"] } }, "finance"));
    await asked(open, assignedReview({}, "anyone"));
    const { tasks } = (await open.as().get("/api/tasks")).body as { tasks: Record<string, any>[] };
    expect(tasks.map((t) => [t.flowName, t.mine])).toEqual([
      ["finance", "anyone"],
      ["anyone", "anyone"],
    ]);
  } finally {
    await open.close();
  }
});

test("a task says when its escalation's next step fires", async () => {
  const steps = [{ action: "remind", afterSeconds: 600 }, { action: "default", afterSeconds: 3600 }];
  const { id, requestId } = await asked(running.app, assignedReview({ escalation: steps, defaultOutcome: "approve" }, "escalating"));
  const { state } = await running.app.as().run(id);
  const task = ((await running.app.as("ana").get("/api/tasks")).body.tasks as Record<string, any>[]).find((t) => t.requestId === requestId);
  expect(task!.nextEscalation).toEqual({ at: state.requests[requestId].askedAt + 600_000, action: "remind" });
  expect(task!.escalations).toBeUndefined();
});

test("a question reassigned by an escalation step is for its new assignees only", () => {
  const flow = assignedReview({ assignees: { users: [], roles: ["legal"] }, escalation: [{ action: "reassign", afterSeconds: 60, assignees: { users: [], roles: ["finance"] } }] });
  const asked = { seq: 2, at: 2, type: "human.requested", nodeId: "reviewer", requestId: "r1", instructions: "", outcomes: [], allowText: true, allowEdit: false, assignees: { users: [], roles: ["legal"] } };
  const events = [
    { seq: 1, at: 1, type: "run.started", runId: "run1", flow, input: "x", options: {} },
    asked,
    { seq: 3, at: 60_002, type: "human.escalated", nodeId: "reviewer", requestId: "r1", step: 0, action: "reassign", assignees: { users: [], roles: ["finance"] } },
  ] as RunEvent[];
  const person = (username: string, role: string) => ({ actor: { name: username, via: "http" as const }, person: { username, roles: [role], admin: false } });
  expect(signerFor(fold(events.slice(0, 2)), "r1", person("ana", "legal")).actor?.name).toBe("ana");
  const state = fold(events);
  expect(signerFor(state, "r1", person("fin", "finance")).actor?.name).toBe("fin");
  expect(answerError(() => signerFor(state, "r1", person("ana", "legal")))).toMatchObject({ code: "not_assignee", message: "this question is for finance; you (ana) have legal" });
});
