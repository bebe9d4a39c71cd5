import { fold, type RunEvent, type RunEventBody } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { humanExchangeAt } from "./humanExchange.js";
import { modelCallAt } from "./modelCall.js";
import { Snapshots } from "./snapshots.js";

const events = syntheticRun({ rounds: 2, humanEvery: 2, deltas: 2 });
const snapshots = new Snapshots(events, 4);
const seqOf = (type: string, nth = 0) => events.filter((e) => e.type === type)[nth]!.seq;

describe("modelCallAt", () => {
  it("rebuilds every message the writer was sent, from the request's point in the log", () => {
    const request = events.find((e) => e.type === "llm.request" && e.nodeId === "writer" && e.messageCount > 3)!;
    const call = modelCallAt(snapshots, request.seq)!;
    expect(call.request).toBe(request);
    const transcript = fold(events.slice(0, request.seq)).messages;
    expect(call.messages[0]).toEqual({ role: "system", content: "Write a draft." });
    expect(call.messages).toHaveLength(1 + transcript.length);
    // Its own earlier drafts are "assistant"; the others speak as users, by name.
    expect(call.messages.filter((m) => m.role === "assistant").every((m) => m.content?.startsWith("Draft"))).toBe(true);
    expect(call.messages.find((m) => m.name === "critic")?.role).toBe("user");
    expect(call.response?.content).toMatch(/draft/i);
  });

  it("finds the same call from its response, its streamed text and its message", () => {
    const request = seqOf("llm.request", 1);
    for (const seq of [request + 1, request + 2, request + 3, request + 4]) {
      expect(modelCallAt(snapshots, seq)?.request.seq).toBe(request);
    }
  });

  it("has nothing for events outside a model call", () => {
    expect(modelCallAt(snapshots, 1)).toBeUndefined();
    expect(modelCallAt(snapshots, seqOf("route.taken"))).toBeUndefined();
    // The start node's message is the input, not a model's reply.
    expect(modelCallAt(snapshots, seqOf("message"))).toBeUndefined();
  });

  it("matches messageCount to the transcript for every request of the synthetic log", () => {
    for (const e of events) if (e.type === "llm.request") expect(fold(events.slice(0, e.seq)).messages.length).toBe(e.messageCount);
  });
});

describe("humanExchangeAt", () => {
  it("gives the question, the reviewed message as it was, and the answer with its edit", () => {
    const last = seqOf("human.responded", 1);
    const exchange = humanExchangeAt(snapshots, last)!;
    expect(exchange.request.seq).toBe(seqOf("human.requested", 1));
    expect(exchange.answer).toMatchObject({ by: "sam", outcome: "approve", edit: expect.stringContaining("10:00") });
    expect(exchange.reviewed?.content).toBe("The final draft is ready.");
    expect(humanExchangeAt(snapshots, exchange.request.seq)?.answer?.seq).toBe(last);
  });

  it("has no answer yet for a request still waiting", () => {
    const request = seqOf("human.requested");
    const waiting = new Snapshots(events.slice(0, request), 4);
    expect(humanExchangeAt(waiting, request)?.answer).toBeUndefined();
  });
});

describe("a request's people", () => {
  // The synthetic log up to its first question, then votes, a claim and an escalation on it.
  const asked = events.findIndex((e) => e.type === "human.requested");
  const request = events[asked] as Extract<RunEvent, { type: "human.requested" }>;
  const { requestId, nodeId } = request;
  const ana = { userId: "u1", name: "Ana", via: "studio" as const };
  const bob = { userId: "u2", name: "Bob", via: "terminal" as const };
  const more: RunEventBody[] = [
    { type: "task.claimed", nodeId, requestId, actor: ana },
    { type: "human.voted", nodeId, requestId, actor: ana, outcome: "approve" },
    { type: "human.escalated", nodeId, requestId, step: 0, action: "reassign", assignees: { users: [], roles: ["legal"] } },
    { type: "human.voted", nodeId, requestId, actor: bob, outcome: "approve" },
    { type: "human.responded", nodeId, requestId, by: "Bob", actor: bob, outcome: "approve", votes: 2 },
  ];
  const log: RunEvent[] = [...events.slice(0, asked + 1), ...more.map((e, i) => ({ ...e, seq: request.seq + 1 + i, at: request.at + i + 1 }) as RunEvent)];
  const people = new Snapshots(log, 4);

  it("lists the claims, votes and escalations before the answer, found from any of them", () => {
    for (const seq of [request.seq, request.seq + 2, request.seq + 5]) {
      const exchange = humanExchangeAt(people, seq)!;
      expect(exchange.people.map((e) => e.type)).toEqual(["task.claimed", "human.voted", "human.escalated", "human.voted"]);
      expect(exchange.answer).toMatchObject({ actor: bob, votes: 2 });
    }
  });
});
