// Who may answer, over the real HTTP app on a real SQLite store, as signed-in people: an
// assignee's answer records who they are and how they came; anyone else is refused with a 403
// that says whom the question is for and who they are, and nothing is stored; an admin may
// answer what is not theirs, recorded as such; a question assigned to nobody needs a role that
// answers questions; a tool approval is for the tool's approvers.
import { expect, test } from "vitest";
import { z } from "zod";
import { CodeTools, defineTool } from "../src/tools/code.js";
import { asked, assignedReview, startPeopleApp, user, withPeopleApp } from "./helpers/people-app.js";
import { reviewFlow } from "./helpers/runs-api.js";

const USERS = [user("ana", "legal"), user("bob", "designer"), user("root", "admin"), user("fin", "finance"), user("olga", "operator")];
const tools = new CodeTools([
  defineTool({ name: "pay", description: "Pays", parameters: z.object({ amount: z.number() }), execute: ({ amount }) => `paid ${amount}` }),
]);

const running = withPeopleApp(USERS, tools);

test("an assignee answers: the event records who (account, name) and how it came (X-Tandem-Via)", async () => {
  const { id, requestId } = await asked(running.app, assignedReview({ assignees: { users: [], roles: ["legal"] } }));
  const res = await running.app.as("ana", "terminal").answer(id, requestId, { outcome: "approve" });
  expect(res.status, res.text).toBe(200);
  expect(res.body.event).toMatchObject({ type: "human.responded", by: "Ana", actor: { userId: "u-ana", name: "Ana", via: "terminal" } });
  expect(res.body.event.actor.asAdmin).toBeUndefined();
  const { state } = await running.app.as().status(id, "completed");
  expect(state.requests[requestId].actor).toEqual({ userId: "u-ana", name: "Ana", via: "terminal" });
});

test("someone it is not for gets a 403 naming whom it is for and who they are, and nothing is stored", async () => {
  const { id, requestId } = await asked(running.app, assignedReview({ assignees: { users: ["olga"], roles: ["legal"] } }));
  const res = await running.app.as("bob").answer(id, requestId, { outcome: "approve" });
  expect(res.status).toBe(403);
  expect(res.body.error).toEqual({ code: "not_assignee", message: "this question is for legal, @olga; you (bob) have designer" });
  const run = await running.app.as().run(id);
  expect(run.state.status).toBe("waiting");
  expect(run.events.filter((e) => e.type === "human.responded")).toEqual([]);
  // Named in the assignment, the operator may.
  expect((await running.app.as("olga").answer(id, requestId, { outcome: "approve" })).status).toBe(200);
});

test("an admin may answer a question that is not theirs: the actor says so", async () => {
  const { id, requestId } = await asked(running.app, assignedReview({ assignees: { users: [], roles: ["legal"] } }));
  const res = await running.app.as("root", "studio").answer(id, requestId, { outcome: "approve" });
  expect(res.status, res.text).toBe(200);
  expect(res.body.event.actor).toEqual({ userId: "u-root", name: "Root", via: "studio", asAdmin: true });
});

test("a question assigned to nobody: a reviewer role may not answer it, an operator may", async () => {
  const { id, requestId } = await asked(running.app, reviewFlow());
  const refused = await running.app.as("fin").answer(id, requestId, { outcome: "approve" });
  expect(refused.status).toBe(403);
  expect(refused.body.error).toMatchObject({ code: "forbidden", message: expect.stringContaining("you (fin) have finance") });
  const taken = await running.app.as("olga").answer(id, requestId, { outcome: "approve" });
  expect(taken.body.event.actor).toEqual({ userId: "u-olga", name: "Olga", via: "http" });

});

test("an open server (no accounts) takes the name given, whoever the question is for", async () => {
  const app = await startPeopleApp([]);
  try {
    const open = await asked(app, assignedReview({ assignees: { users: [], roles: ["legal"] } }));
    const res = await app.as(undefined, "sdk").answer(open.id, open.requestId, { outcome: "approve", by: "Kim" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.event).toMatchObject({ by: "Kim", actor: { name: "Kim", via: "sdk" } });
  } finally {
    await app.close();
  }
});

test("a tool approval is for the tool's approvers: others get a 403, an approver's decision records them", async () => {
  const flow = {
    schemaVersion: 2,
    name: "Pay",
    nodes: [
      { id: "start", type: "start" },
      {
        id: "agent",
        type: "agent",
        data: {
          name: "agent",
          model: "scripted/demo",
          tools: [{ ref: "code:pay", approval: { mode: "always" }, approvers: { users: [], roles: ["finance"] } }],
          script: [{ calls: [{ tool: "pay", arguments: { amount: 5 } }], reply: "{{result}}" }],
        },
      },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "agent" },
      { id: "e2", source: "agent", target: "end" },
    ],
  };
  const api = running.app.as();
  const id = await api.start(flow, "pay it");
  const { state, events } = await api.until(id, (s) => s.approvals.length === 1);
  const requestId = state.toolCalls[state.approvals[0]].requestId as string;
  expect(events.find((e) => e.type === "tool.approval.requested")).toMatchObject({ assignees: { users: [], roles: ["finance"] } });
  const path = `/api/runs/${id}/approvals/${requestId}`;
  const refused = await running.app.as("ana").post(path, { decision: "approve" });
  expect(refused.status).toBe(403);
  expect(refused.body.error).toEqual({ code: "not_assignee", message: "this approval is for finance; you (ana) have legal" });
  const taken = await running.app.as("fin").post(path, { decision: "approve" });
  expect(taken.status, taken.text).toBe(200);
  expect(taken.body.event).toMatchObject({ type: "tool.approved", by: "Fin", actor: { userId: "u-fin", name: "Fin", via: "http" } });
  const done = await api.status(id, "completed");
  expect(done.state.output).toBe("paid 5");
});
