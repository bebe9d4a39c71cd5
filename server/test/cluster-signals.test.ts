// Run notices through a real Postgres: an append's pg_notify wakes the servers following that run
// (and no other run's followers), a refused append tells nothing, and the listener comes back
// by itself after the database did.
import { afterAll, expect, test } from "vitest";
import { listenForRuns, runNotice, RUN_CHANNEL } from "../src/cluster/run-signals.js";
import { fold, type RunEvent } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { openSql } from "../src/store/open.js";
import { progressOf } from "../src/store/progress.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { SeqTakenError } from "../src/store/types.js";
import { postgresBackend, testPostgres } from "./helpers/backends.js";
import { reviewFlow } from "./helpers/runs-api.js";

const DAY = 86_400_000;
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

async function setup() {
  const url = await postgresBackend.target();
  const { sql } = await openSql(url);
  stops.push(() => sql.close());
  const signals = listenForRuns(url, { retryMs: 50 });
  stops.push(() => signals.close());
  await until(() => signals.listening);
  const notify = (runId: string, seq: number) => sql.run(`SELECT pg_notify('${RUN_CHANNEL}', ?)`, [runNotice(runId, seq)]);
  return { signals, notify };
}

test("a notice wakes the followers of its run, and only them", async () => {
  const { signals, notify } = await setup();
  let aWoken = false;
  const a = signals.next("run-a", DAY).then(() => (aWoken = true));
  const c = signals.next("run-c", DAY);
  await notify("run-b", 3);
  // Notices arrive in order on the one connection: once c's has woken its follower, b's has been seen.
  await notify("run-c", 1);
  await c;
  expect(aWoken).toBe(false);
  await notify("run-a", 7);
  await a;
  expect(aWoken).toBe(true);
});

test("the listener comes back after the database restarts, and waits end meanwhile", async () => {
  const { signals, notify } = await setup();
  const server = await testPostgres();
  const waiting = signals.next("run-x", DAY);
  server.kill();
  // Losing the channel wakes every follower: they read the store rather than wait on notices that will not come.
  await waiting;
  expect(signals.listening).toBe(false);
  server.start();
  await until(() => signals.listening);
  const again = signals.next("run-x", DAY);
  // The pool's connections died with the server: the first statement may fail, the next reconnects.
  await notify("run-x", 2).catch(() => notify("run-x", 2));
  await again;
});

test("an append tells of the seq it stored once committed; a refused one tells nothing", async () => {
  const url = await postgresBackend.target();
  const { sql } = await openSql(url);
  stops.push(() => sql.close());
  const heard: [string, number][] = [];
  const signals = listenForRuns(url, { retryMs: 50, onNotice: (runId, seq) => heard.push([runId, seq]) });
  stops.push(() => signals.close());
  await until(() => signals.listening);
  const events = createSqlEventStore(sql, { writer: "me" });
  const flow = checkFlowDocument(reviewFlow());
  const log = [
    { type: "run.started", runId: "run-a", flow, input: "x", options: {}, seq: 1, at: 1 },
    { type: "message.delta", nodeId: "writer", text: "a", seq: 2, at: 2 },
  ] as RunEvent[];
  await events.append("run-a", log.slice(0, 1), progressOf(fold(log.slice(0, 1))));
  // Streamed text (one statement on Postgres): refused when it does not continue the log, or when another owner claimed the run.
  const delta = (seq: number) => [{ ...log[1]!, seq }] as RunEvent[];
  await expect(events.append("run-a", delta(3), progressOf(fold(log)))).rejects.toThrow(SeqTakenError);
  await sql.run("INSERT INTO run_owners (run_id, owner) VALUES (?, ?)", ["run-a", "another"]);
  await expect(events.append("run-a", delta(2), progressOf(fold(log)))).rejects.toThrow(SeqTakenError);
  expect(await events.events("run-a")).toHaveLength(1);
  await sql.run("UPDATE run_owners SET owner = ? WHERE run_id = ?", ["me", "run-a"]);
  await events.append("run-a", delta(2), progressOf(fold(log)));
  expect((await events.events("run-a")).map((e) => e.seq)).toEqual([1, 2]);
  await until(() => heard.length === 2);
  // Notices come in commit order: had a refused append told, it would be heard before seq 2.
  expect(heard).toEqual([
    ["run-a", 1],
    ["run-a", 2],
  ]);
});
