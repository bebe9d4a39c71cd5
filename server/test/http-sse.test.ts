// GET /api/runs/:id/events against a real server process whose model (a fake OpenAI server)
// streams slowly: stored events then live ones with `id: <seq>`, ?after and Last-Event-ID,
// heartbeats, the end after run.finished, many subscribers, reconnects that stitch into the
// stored log exactly, subscribers that leave nothing behind when they go, and a subscriber
// that stops reading, cut off rather than buffered for without end.
import { get, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";
import { client, eventually, reviewFlow, sleep } from "./helpers/runs-api.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe, type Subscription } from "./helpers/sse-client.js";

const HEARTBEAT_MS = 150;
const WORDS = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");

let fake: FakeOpenAI;
let server: ServerProcess;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  // Every model call streams 40 tokens, 15 ms apart: a run is live for a good half second.
  fake = await startFakeOpenAI({ respond: () => ({ text: WORDS, tokenDelayMs: 15 }) });
  server = await startServerProcess({
    env: { OPENAI_API_KEY: "sk-test-sse", OPENAI_BASE_URL: fake.url, TANDEM_SSE_HEARTBEAT_MS: String(HEARTBEAT_MS) },
  });
  api = client(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const eventsUrl = (id: string, query = "") => `${server.url}/api/runs/${id}/events${query}`;
const stored = async (id: string) => (await api.run(id)).events;
const seqs = (events: RunEvent[]) => events.map((e) => e.seq);
const streamingFlow = () => sampleFlow("Streams slowly", "openai/gpt-4o-mini");
const sseStats = async () => (await api.health()).sse as { open: number; timers: number; listeners: number };

describe("the stream", () => {
  test("stored events then live ones, each with id: <seq> and event: <type>; it ends after run.finished", async () => {
    const id = await api.start(reviewFlow({ model: "openai/gpt-4o-mini" }), "stream it");
    const sub = await subscribe(eventsUrl(id));
    expect(sub.status).toBe(200);
    expect(sub.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(sub.headers.get("cache-control")).toBe("no-cache");
    const asked = await sub.waitFor((e) => e.type === "human.requested");
    expect(sub.events.some((e) => e.type === "message.delta")).toBe(true);
    // Every message carries its seq as id and its type as event name; no gaps, no repeats.
    expect(sub.messages.map((m) => m.id)).toEqual(sub.events.map((e) => String(e.seq)));
    expect(sub.messages.map((m) => m.event)).toEqual(sub.events.map((e) => e.type));
    expect(seqs(sub.events)).toEqual(sub.events.map((_, i) => i + 1));

    const answered = await api.answer(id, (asked as { requestId: string }).requestId, { outcome: "approve" });
    expect(answered.status).toBe(200);
    expect(await sub.closed).toBe("ended");
    expect(sub.events.at(-1)).toMatchObject({ type: "run.finished", status: "completed" });
    expect(sub.events).toEqual(await stored(id));
  });

  test("?after=seq and Last-Event-ID start after that seq (the later of the two when both are sent)", async () => {
    const id = await api.start(reviewFlow({ model: "openai/gpt-4o-mini" }), "resume from");
    const { events } = await api.status(id, "waiting");
    const n = events.length;

    const cases: [string, number | undefined, number][] = [
      ["?after=5", undefined, 5],
      ["", 7, 7],
      ["?after=2", 7, 7],
      ["?after=9", 3, 9],
      [`?after=${n}`, undefined, n],
      // Ahead of the log: live events up to that seq are not sent either.
      [`?after=${n + 2}`, undefined, n + 2],
    ];
    const subs: Subscription[] = [];
    for (const [query, lastEventId, from] of cases) {
      const sub = await subscribe(eventsUrl(id, query), { lastEventId });
      subs.push(sub);
      if (from < n) await sub.waitFor((e) => e.seq === n);
      else await sub.waitForComment("heartbeat");
      expect(seqs(sub.events), `${query} ${lastEventId}`).toEqual(seqs(events.slice(from)));
    }
    const asked = events.at(-1) as { requestId: string };
    await api.answer(id, asked.requestId, { outcome: "approve" });
    const all = await stored(id);
    for (const [i, sub] of subs.entries()) {
      expect(await sub.closed).toBe("ended");
      expect(sub.events).toEqual(all.slice(cases[i]![2]));
    }
  });

  test("a finished run's stream is its stored log, and then it ends", async () => {
    const id = await api.start(streamingFlow(), "finished already");
    await api.status(id, "completed");
    const sub = await subscribe(eventsUrl(id));
    expect(await sub.closed).toBe("ended");
    expect(sub.events).toEqual(await stored(id));
    const tail = await subscribe(eventsUrl(id, "?after=3"));
    expect(await tail.closed).toBe("ended");
    expect(tail.events).toEqual((await stored(id)).slice(3));
  });

  test("a heartbeat comment arrives while nothing happens (interval set by TANDEM_SSE_HEARTBEAT_MS)", async () => {
    const id = await api.start(reviewFlow({ model: "openai/gpt-4o-mini" }), "quiet");
    const { events } = await api.status(id, "waiting");
    const sub = await subscribe(eventsUrl(id, `?after=${events.length}`));
    const started = Date.now();
    await sub.waitForComment("heartbeat", 3000);
    await eventually(() => sub.comments.filter((c) => c === "heartbeat").length >= 3, 3000, "three heartbeats");
    // Three beats take at least three intervals: it is a timer, not a burst.
    expect(Date.now() - started).toBeGreaterThanOrEqual(HEARTBEAT_MS * 3 - 50);
    expect(sub.raw()).toMatch(/^: heartbeat\n\n/m);
    expect(sub.events).toEqual([]);
    sub.abort();
    await sub.closed;
    await api.control(id, "cancel");
  });
});

describe("many subscribers", () => {
  test("twenty at once, joining at different moments, all see exactly the stored log", async () => {
    const id = await api.start(streamingFlow(), "many eyes");
    const subs: Subscription[] = [];
    for (let i = 0; i < 20; i++) {
      subs.push(await subscribe(eventsUrl(id, i % 3 === 0 ? "" : `?after=${i % 4}`)));
      await sleep(i % 5 === 0 ? 20 : 0);
    }
    const results = await Promise.all(subs.map((s) => s.closed));
    expect(results.every((r) => r === "ended")).toBe(true);
    const all = await stored(id);
    expect(all.at(-1)).toMatchObject({ type: "run.finished", status: "completed" });
    expect(all.filter((e) => e.type === "message.delta").length).toBeGreaterThan(5);
    for (const [i, sub] of subs.entries()) {
      const from = i % 3 === 0 ? 0 : i % 4;
      expect(sub.events, `subscriber ${i}`).toEqual(all.slice(from));
    }
  });

  test("a client that drops mid-stream and reconnects with Last-Event-ID misses nothing and sees nothing twice", async () => {
    const id = await api.start(streamingFlow(), "flaky network");
    const stitched: RunEvent[] = [];
    let last: number | undefined;
    let reconnects = 0;
    for (;;) {
      const sub = await subscribe(eventsUrl(id), { lastEventId: last });
      // Drop after a few more events, three times, each time mid-stream.
      const dropAfter = reconnects < 3 ? 4 + reconnects * 3 : Infinity;
      const dropped = await Promise.race([
        sub.waitFor(() => sub.events.length >= dropAfter, 10_000).then(
          () => true,
          () => false, // the stream ended first
        ),
        sub.closed.then(() => false),
      ]);
      if (dropped) {
        sub.abort();
        await sub.closed;
      }
      stitched.push(...sub.events);
      last = stitched.at(-1)?.seq;
      if (!dropped) break;
      reconnects++;
    }
    expect(reconnects).toBe(3);
    const all = await stored(id);
    expect(all.at(-1)?.type).toBe("run.finished");
    expect(seqs(stitched)).toEqual(seqs(all));
    expect(stitched).toEqual(all);
  });
});

describe("subscribers that go away", () => {
  test("leave no listener and no timer behind", async () => {
    const base = await sseStats();
    expect(base).toEqual({ open: 0, timers: 0, listeners: 0 });
    const id = await api.start(reviewFlow({ model: "openai/gpt-4o-mini" }), "come and go");
    await api.status(id, "waiting");

    const subs = await Promise.all(Array.from({ length: 5 }, () => subscribe(eventsUrl(id))));
    await Promise.all(subs.map((s) => s.waitFor((e) => e.type === "human.requested")));
    // Counted honestly: the streams are open, each with its heartbeat and its listener on the run.
    expect(await eventually(async () => {
      const s = await sseStats();
      return s.open === 5 ? s : undefined;
    }, 3000, "five open streams")).toEqual({ open: 5, timers: 5, listeners: 5 });

    for (const s of subs) s.abort();
    await Promise.all(subs.map((s) => s.closed));
    await eventually(async () => {
      const s = await sseStats();
      return s.open === 0 && s.timers === 0 && s.listeners === 0;
    }, 3000, "every stream gone");

    // The run is still live and still takes its answer: only the subscribers left.
    const { state } = await api.run(id);
    expect(state.status).toBe("waiting");
    const late = await subscribe(eventsUrl(id, `?after=${state.lastSeq}`));
    await eventually(async () => (await sseStats()).listeners === 1, 3000, "a new listener");
    await api.answer(id, state.pending.requestId, { outcome: "approve" });
    expect(await late.closed).toBe("ended");
    expect(late.events.at(-1)).toMatchObject({ type: "run.finished" });
    // A stream that ends with its run leaves nothing either.
    await eventually(async () => {
      const s = await sseStats();
      return s.open === 0 && s.timers === 0 && s.listeners === 0;
    }, 3000, "nothing left after the run finished");
  });
});

test("on shutdown, open streams end at once instead of holding the server for its grace period", async () => {
  const own = await startServerProcess();
  const ownApi = client(own.url);
  const id = await ownApi.start(reviewFlow(), "shutting down");
  await ownApi.status(id, "waiting");
  const subs = await Promise.all([0, 1, 2].map(() => subscribe(`${own.url}/api/runs/${id}/events`)));
  await Promise.all(subs.map((s) => s.waitFor((e) => e.type === "human.requested")));
  const started = Date.now();
  await own.stop();
  // The grace period for open connections is 1 s; streams that end on their own take far less.
  expect(Date.now() - started).toBeLessThan(800);
  expect(await Promise.all(subs.map((s) => s.closed))).toEqual(["ended", "ended", "ended"]);
});

test("a subscriber that stops reading is cut off once too much is queued for it, and resumes from Last-Event-ID", async () => {
  const own = await startServerProcess({
    env: { OPENAI_API_KEY: "sk-test-sse", OPENAI_BASE_URL: fake.url, TANDEM_SSE_MAX_QUEUED_BYTES: String(256 * 1024) },
  });
  const ownApi = client(own.url);
  // About 5.6 MB of streamed text, sent twice (as deltas, then as the message): more than
  // the sockets on both sides hold (a few MB on Linux loopback). Streamed over a second or
  // two, so the subscriber is there while the run is live (a stored log is sent at the
  // reader's pace, and never cut off).
  fake.enqueue({ text: Array.from({ length: 700 }, (_, i) => `${i}${"x".repeat(8000)}`).join(" "), tokenDelayMs: 2 });
  const id = await ownApi.start(streamingFlow(), "a reader that stalls");

  // Node's HTTP client stops reading the socket while nobody consumes the response.
  const res = await new Promise<IncomingMessage>((resolve) => get(`${own.url}/api/runs/${id}/events`, resolve));
  expect(res.statusCode).toBe(200);
  await eventually(() => own.logs().includes("event stream client fell behind"), 20_000, "the cut-off");
  let received = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => (received += chunk));
  const ending = new Promise<string>((resolve) => {
    res.on("error", (e) => resolve(e.message));
    res.on("end", () => resolve("ended"));
  });
  res.resume();
  // Dropped mid-stream, not ended as a finished stream is.
  expect(await ending).toBe("aborted");

  // Only whole messages count: the cut-off left the last one unfinished (or none at all).
  const whole = received.split("\n\n").slice(0, -1);
  const got = whole.map((m) => JSON.parse(m.split("\n").find((l) => l.startsWith("data: "))!.slice(6)) as RunEvent);
  expect(got.length).toBeGreaterThan(0);
  const rest = await subscribe(`${own.url}/api/runs/${id}/events`, { lastEventId: got.at(-1)!.seq });
  expect(await rest.closed).toBe("ended");
  const all = (await ownApi.run(id)).events;
  expect(all.at(-1)).toMatchObject({ type: "run.finished", status: "completed" });
  expect([...got, ...rest.events]).toEqual(all);
  const line = JSON.parse(own.logs().split("\n").find((l) => l.includes("fell behind"))!);
  expect(line).toMatchObject({ runId: id, level: 40 });
  expect(line.queuedBytes).toBeGreaterThan(256 * 1024);
  expect((await ownApi.health()).sse).toMatchObject({ open: 0, timers: 0, listeners: 0 });
  await own.stop();
});
