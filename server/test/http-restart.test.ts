// Crash recovery through the real server: `kill -9` while one run waits for a person, one
// streams a model reply (from a fake OpenAI server) and one is paused in step mode; a new
// server on the same data directory carries on with each. And a human timeout whose deadline
// passes while no server runs is taken, with its default outcome, by the next one.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { EventOf, RunEvent, RunEventType } from "@tandem/shared";
import { withStore } from "./helpers/stored.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { chainFlow, client, reviewFlow, sleep } from "./helpers/runs-api.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe } from "./helpers/sse-client.js";

const SLOW = Array.from({ length: 60 }, (_, i) => `slow${i}`).join(" ");
const SECOND = "The second attempt, complete this time.";

let fake: FakeOpenAI;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  // Queued replies first; then every call gets SECOND.
  fake = await startFakeOpenAI({ respond: () => ({ text: SECOND }) });
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await fake?.close();
});

async function start(dataDir?: string) {
  const s = await startServerProcess({ dataDir, env: { OPENAI_API_KEY: "sk-test-restart", OPENAI_BASE_URL: fake.url } });
  servers.push(s);
  return s;
}

const ofType = <T extends RunEventType>(events: RunEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

function storedEvents(dataDir: string, runId: string): Promise<RunEvent[]> {
  return withStore(dataDir, (store) => store.events(runId));
}

describe("kill -9 with runs waiting, streaming and paused", () => {
  let first: ServerProcess;
  let second: ServerProcess;
  let api1: ReturnType<typeof client>;
  let api2: ReturnType<typeof client>;
  const ids = { waiting: "", streaming: "", paused: "" };
  const before = {} as Record<"waiting" | "paused", { run: any; state: any; events: RunEvent[] }>;
  let seenOverSse: RunEvent[] = [];
  let callsBeforeKill = 0;

  beforeAll(async () => {
    first = await start();
    api1 = client(first.url);

    // (a) waiting for a person, after one model call.
    fake.enqueue({ text: "A draft to review." });
    ids.waiting = await api1.start(reviewFlow({ model: "openai/gpt-4o-mini" }), "waits for a person");
    before.waiting = await api1.status(ids.waiting, "waiting");

    // (c) paused in step mode, after one step.
    ids.paused = await api1.start(chainFlow(), "paused in step mode", { stepMode: true });
    await api1.status(ids.paused, "paused");
    await api1.control(ids.paused, "step");
    before.paused = await api1.until(ids.paused, (s, ev) => s.status === "paused" && s.pausedBefore === "b" && ev.at(-1)?.seq === s.lastSeq);

    // (b) streaming a slow reply, watched over SSE.
    fake.enqueue({ text: SLOW, tokenDelayMs: 40 });
    ids.streaming = await api1.start(sampleFlow("Streams", "openai/gpt-4o-mini"), "streams when killed");
    const sub = await subscribe(`${first.url}/api/runs/${ids.streaming}/events`);
    await sub.waitFor(() => ofType(sub.events, "message.delta").length >= 4);
    callsBeforeKill = fake.calls.length;

    await first.kill9();
    await sub.closed;
    seenOverSse = [...sub.events];
    // The fake server learns of the dropped connection on its own schedule: wait for it.
    await fake.calls[callsBeforeKill - 1]!.ended;
    expect(fake.calls[callsBeforeKill - 1]!.aborted).toBe(true);

    second = await start(first.dataDir);
    api2 = client(second.url);
  });

  test("(a) the run waiting for a person is exactly as before and takes its answer", async () => {
    const after = await api2.run(ids.waiting);
    expect(after).toEqual(before.waiting);
    const { pending } = after.state;
    const res = await api2.answer(ids.waiting, pending.requestId, { outcome: "approve" });
    expect(res.status).toBe(200);
    const done = await api2.status(ids.waiting, "completed");
    expect(done.state.output).toBe("A draft to review.");
    expect(done.events.slice(0, before.waiting.events.length)).toEqual(before.waiting.events);
    expect(ofType(done.events, "llm.request")).toHaveLength(1); // the model was not asked again
  });

  test("(c) the paused run is exactly as before and can be stepped and continued", async () => {
    const after = await api2.run(ids.paused);
    expect(after).toEqual(before.paused);
    expect(after.state).toMatchObject({ status: "paused", pausedBefore: "b" });
    expect((await api2.control(ids.paused, "continue")).status).toBe(200);
    const done = await api2.status(ids.paused, "completed");
    expect(done.state.messages.map((m: { name: string }) => m.name)).toEqual(["user", "alpha", "beta"]);
    expect(done.events.slice(0, before.paused.events.length)).toEqual(before.paused.events);
  });

  test("(b) the interrupted node runs again from its start: attempt 2, nothing duplicated, nothing lost, one extra call", async () => {
    const done = await api2.status(ids.streaming, "completed");
    const events = done.events;

    // Every event a client saw before the kill is still stored, with the same seq and content.
    expect(seenOverSse.length).toBeGreaterThan(5);
    expect(events.slice(0, seenOverSse.length)).toEqual(seenOverSse);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    const starts = ofType(events, "node.started").filter((e) => e.nodeId === "writer");
    expect(starts).toMatchObject([
      { attempt: 1, visit: 1 },
      { attempt: 2, visit: 1 },
    ]);
    // The transcript has one message per finished turn; the partial reply was never a message.
    expect(done.state.messages.map((m: { name: string; content: string }) => [m.name, m.content])).toEqual([
      ["user", "streams when killed"],
      ["writer", SECOND],
    ]);
    expect(ofType(events, "message")).toHaveLength(2);
    expect(ofType(events, "llm.request")).toHaveLength(2);
    expect(ofType(events, "llm.response")).toHaveLength(1);
    expect(done.state.output).toBe(SECOND);
    expect(done.state.steps).toBe(1);

    // Exactly one model call more than before the kill (the waiting and paused runs made none).
    await api2.status(ids.waiting, "completed", "waiting");
    expect(fake.calls.length).toBe(callsBeforeKill + 1);
    expect(fake.calls.at(-1)!.aborted).toBe(false);

    // A client that reconnects to the new server with the last id it saw gets the rest:
    // together, exactly the stored log.
    const rest = await subscribe(`${second.url}/api/runs/${ids.streaming}/events`, { lastEventId: seenOverSse.at(-1)!.seq });
    expect(await rest.closed).toBe("ended");
    expect([...seenOverSse, ...rest.events]).toEqual(events);
  });
});

test("a human timeout whose deadline passes while the server is down takes the default outcome on the next start", async () => {
  const first = await start();
  const api1 = client(first.url);
  const id = await api1.start(reviewFlow({ script: ["draft before the outage"], timeoutSeconds: 1.2, defaultOutcome: "approve" }), "nobody is here");
  const { state } = await api1.status(id, "waiting");
  const deadline: number = state.pending.deadline;
  await first.stop();
  const stoppedAt = Date.now();
  expect(stoppedAt).toBeLessThan(deadline);
  // Stopped before the deadline: the run was left waiting.
  expect(ofType(await storedEvents(first.dataDir, id), "human.timed_out")).toEqual([]);

  await sleep(deadline - Date.now() + 100);
  const second = await start(first.dataDir);
  const api2 = client(second.url);
  const { events, state: after } = await api2.until(id, (s) => s.status === "completed", 5000);
  const timedOut = ofType(events, "human.timed_out");
  expect(timedOut).toMatchObject([{ requestId: state.pending.requestId, outcome: "approve" }]);
  expect(timedOut[0]!.at).toBeGreaterThan(deadline);
  expect(after.output).toBe("draft before the outage");

  const late = await api2.answer(id, state.pending.requestId, { outcome: "revise" });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe("already_answered");
});
