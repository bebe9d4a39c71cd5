// Claims and quorum votes over the real HTTP app on a real SQLite store: a claim shows who took a
// question on (only who may answer claims it; another's claim is a 409 naming them; an admin may
// take it over; releasing is the claimer's or an admin's), yet another assignee may still answer;
// a quorum question is decided by the votes (two of finance approve, any reject rejects at once,
// each person votes once).
import { expect, test } from "vitest";
import { asked, assignedReview, user, withPeopleApp } from "./helpers/people-app.js";

const USERS = [user("ana", "legal"), user("lea", "legal"), user("bob", "designer"), user("root", "admin"), user("fin", "finance"), user("fay", "finance")];

const running = withPeopleApp(USERS);

const claim = (username: string, id: string, requestId: string, release?: boolean) =>
  running.app.as(username).post(`/api/runs/${id}/requests/${requestId}/claim`, release === undefined ? {} : { release });
const taskOf = async (requestId: string) => ((await running.app.as().get("/api/tasks")).body.tasks as Record<string, any>[]).find((t) => t.requestId === requestId);

test("a claim shows who took a question on; others cannot take it, an admin can; it does not stop another assignee answering", async () => {
  const { id, requestId } = await asked(running.app, assignedReview({ assignees: { users: [], roles: ["legal"] } }));
  const ana = await claim("ana", id, requestId);
  expect(ana.status, ana.text).toBe(200);
  expect(ana.body.event).toMatchObject({ type: "task.claimed", requestId, actor: { userId: "u-ana", name: "Ana" } });
  expect((await taskOf(requestId))!.claimedBy).toMatchObject({ userId: "u-ana", name: "Ana" });

  const lea = await claim("lea", id, requestId);
  expect(lea.status).toBe(409);
  expect(lea.body.error).toMatchObject({ code: "already_claimed", message: "Ana has claimed this request already" });
  expect((await claim("lea", id, requestId, true)).body.error.code).toBe("already_claimed");
  const bob = await claim("bob", id, requestId);
  expect(bob.status).toBe(403);
  expect(bob.body.error.code).toBe("not_assignee");

  // An admin takes it over, and only they (or another admin) let go of it then.
  const root = await claim("root", id, requestId);
  expect(root.body.event).toMatchObject({ type: "task.claimed", actor: { name: "Root", asAdmin: true } });
  expect((await claim("ana", id, requestId, true)).status).toBe(409);
  const released = await claim("root", id, requestId, true);
  expect(released.body.event).toMatchObject({ type: "task.released", actor: { name: "Root" } });
  expect((await taskOf(requestId))!.claimedBy).toBeUndefined();
  const none = await claim("root", id, requestId, true);
  expect(none.status).toBe(409);
  expect(none.body.error.code).toBe("not_claimed");

  // Claimed by Ana, Lea still answers: a claim is a signal, not a lock.
  expect((await claim("ana", id, requestId)).status).toBe(200);
  const answered = await running.app.as("lea").answer(id, requestId, { outcome: "approve" });
  expect(answered.status, answered.text).toBe(200);
  const { state } = await running.app.as().status(id, "completed");
  expect(state.requests[requestId].claimedBy).toBeUndefined();
  expect((await claim("ana", id, requestId)).body.error.code).toBe("already_answered");
});

const KEY = { "idempotency-key": "fin-vote-1" };
const QUORUM = { assignees: { users: [], roles: ["finance"] }, quorum: { count: 2, outcome: "approve" } };

test("two of finance approve: each vote is an event, the second decides with both texts; a person votes once (a retry with the key gets the vote back)", async () => {
  const { id, requestId } = await asked(running.app, assignedReview(QUORUM));
  const first = await running.app.as("fin").answer(id, requestId, { outcome: "approve", text: "numbers check out" }, KEY);
  expect(first.status, first.text).toBe(200);
  expect(first.body.event).toMatchObject({ type: "human.voted", outcome: "approve", actor: { userId: "u-fin" } });
  expect((await taskOf(requestId))!).toMatchObject({ quorum: { count: 2, outcome: "approve" }, votes: [{ outcome: "approve", actor: { name: "Fin" } }] });

  // A retry with the vote's Idempotency-Key gets the same vote back; another vote is refused.
  const retried = await running.app.as("fin").answer(id, requestId, { outcome: "approve", text: "numbers check out" }, KEY);
  expect(retried.status, retried.text).toBe(200);
  expect(retried.body.event).toEqual(first.body.event);
  const again = await running.app.as("fin").answer(id, requestId, { outcome: "approve" });
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: "already_voted", message: expect.stringContaining("Fin has voted already") });
  const noOutcome = await running.app.as("fay").answer(id, requestId, { text: "looks fine" });
  expect(noOutcome.status).toBe(422);
  expect(noOutcome.body.error).toMatchObject({ code: "invalid_answer", path: "outcome" });

  const second = await running.app.as("fay").answer(id, requestId, { outcome: "approve", text: "agreed" });
  expect(second.body.event).toMatchObject({
    type: "human.responded",
    outcome: "approve",
    votes: 2,
    text: "numbers check out\n\nagreed",
    by: "Fay",
    actor: { userId: "u-fay", name: "Fay" },
  });
  const { events, state } = await running.app.as().status(id, "completed");
  expect(events.filter((e) => e.type === "human.voted").map((e) => (e as { actor: { name: string } }).actor.name)).toEqual(["Fin", "Fay"]);
  expect(state.requests[requestId].votes).toHaveLength(2);
});

test("any reject decides at once", async () => {
  const { id, requestId } = await asked(running.app, assignedReview(QUORUM));
  expect((await running.app.as("fin").answer(id, requestId, { outcome: "approve" })).status).toBe(200);
  const reject = await running.app.as("fay").answer(id, requestId, { outcome: "revise", text: "not this quarter" });
  expect(reject.body.event).toMatchObject({ type: "human.responded", outcome: "revise", text: "not this quarter", actor: { name: "Fay" } });
  expect(reject.body.event.votes).toBeUndefined();
  const { events } = await running.app.as().until(id, (_s, evs) => evs.some((e) => e.type === "route.taken" && e.from === "reviewer"));
  const after = events.slice(events.findIndex((e) => e.type === "human.requested") + 1).slice(0, 4);
  expect(after.map((e) => e.type)).toEqual(["human.voted", "human.voted", "human.responded", "route.taken"]);
  expect(after[3]).toMatchObject({ from: "reviewer", to: "writer" });
});
