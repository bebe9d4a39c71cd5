// An escalation chain across kill -9: `tandem serve` (the compiled CLI) is killed after each
// step of a reviewer's chain (remind, reassign, default) and started again on the same data.
// Each step must fire once, in order, never before its time (askedAt + afterSeconds) and no later
// than that time or the restart, whichever came last; the default step takes the node's default
// outcome once, and the run finishes.
import { afterAll, expect, test } from "vitest";
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import { client, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

/** How late a step may fire after it is due (or after the server that fires it came up): a timer on a busy 2-core machine. */
const SLACK_MS = 2500;

const ESCALATION = [
  { action: "remind", afterSeconds: 1 },
  { action: "reassign", afterSeconds: 2, assignees: { users: [], roles: ["legal"] } },
  { action: "default", afterSeconds: 3 },
];

function escalatingFlow() {
  const flow = reviewFlow({ name: "Escalating review", script: ["a draft nobody reads"] });
  const reviewer = flow.nodes.find((n) => n.id === "reviewer")!;
  Object.assign(reviewer.data!, { defaultOutcome: "approve", escalation: ESCALATION });
  return flow;
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function serve(dataDir?: string) {
  const server = await startServerProcess({ dataDir, compiled: true, timeoutMs: 120_000 });
  servers.push(server);
  return { server, api: client(server.url), readyAt: Date.now() };
}

test(
  "each escalation step fires once and on time across kill -9 after every step",
  async () => {
    let { server, api, readyAt } = await serve();
    const dataDir = server.dataDir;
    const runId = await api.start(escalatingFlow(), "nobody is here");
    /** When the server that fired each step had come up. */
    const upAt: number[] = [];

    for (let step = 0; step < ESCALATION.length; step++) {
      await api.until(runId, (_s, events) => ofType(events, "human.escalated").some((e) => e.step === step), 60_000);
      upAt[step] = readyAt;
      await server.kill9();
      ({ server, api, readyAt } = await serve(dataDir));
    }
    const { state, events } = await api.until(runId, (s) => s.status === "completed", 60_000);

    const [asked] = ofType(events, "human.requested");
    const askedAt = asked!.at;
    expect(asked!.deadline).toBe(askedAt + 3000);
    const escalated = ofType(events, "human.escalated");
    expect(escalated.map((e) => [e.step, e.action])).toEqual([
      [0, "remind"],
      [1, "reassign"],
      [2, "default"],
    ]);
    expect(escalated[1]!.assignees).toEqual({ users: [], roles: ["legal"] });
    escalated.forEach((e, i) => {
      const due = askedAt + ESCALATION[i]!.afterSeconds * 1000;
      expect(e.at, `step ${i} fired early`).toBeGreaterThanOrEqual(due);
      expect(e.at, `step ${i} fired late`).toBeLessThanOrEqual(Math.max(due, upAt[i]!) + SLACK_MS);
    });
    const timedOut = ofType(events, "human.timed_out");
    expect(timedOut).toHaveLength(1);
    expect(timedOut[0]).toMatchObject({ outcome: "approve", requestId: asked!.requestId });
    expect(timedOut[0]!.seq).toBe(escalated[2]!.seq + 1);
    expect(state.requests[asked!.requestId]).toMatchObject({ escalations: 3, assignees: { roles: ["legal"] }, answeredBy: "timeout" });
    expect(ofType(events, "human.requested")).toHaveLength(1);
  },
  240_000,
);
