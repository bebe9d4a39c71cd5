// The restart campaign: two `tandem serve` processes on one data directory (SQLite), and three
// on one Postgres database with at least 300 runs (the same failover, several servers), runs streaming,
// waiting, paused and being answered all the while, and one server after the other killed with -9 at
// a moment of streaming, waiting or answering, left unreaped (a zombie) for a while, then reaped
// and started again. No answer may be refused (any live server takes it), every run must finish,
// and each run's log must hold every event once: seq contiguous, one human.responded per
// question (the client retries with an Idempotency-Key), one message per writer turn, one
// run.finished, and the same event kinds as a run of the same flow on one server without kills
// (once an attempt a kill cut off is set aside). The figures are printed.
//
// 12 kills on SQLite and 20 on Postgres here; the full campaign: CAMPAIGN_KILLS=100 pnpm vitest run server/test/restart-campaign.test.ts
// (CAMPAIGN_SEED=<n> repeats the random choices of an earlier campaign, which prints its seed).
import { afterAll, expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { openSql } from "../src/store/open.js";
import { postgresBackend } from "./helpers/backends.js";
import { client, reviewFlow, sleep } from "./helpers/runs-api.js";
import { processState, startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { seeded } from "./helpers/seeded.js";

const SEED = Number(process.env.CAMPAIGN_SEED ?? Date.now() % 1_000_000);

/**
 * SQLite: two servers on one data directory. Postgres: three servers on one database, many more
 * runs going at once, at least 300 runs in all. CAMPAIGN_BACKEND=sqlite|postgres runs one of them.
 */
const CAMPAIGNS = [
  { backend: "sqlite", servers: 2, kills: Number(process.env.CAMPAIGN_KILLS ?? 12), inFlight: 3, minRuns: 0 },
  { backend: "postgres", servers: 3, kills: Number(process.env.CAMPAIGN_KILLS ?? 20), inFlight: 24, minRuns: Number(process.env.CAMPAIGN_RUNS ?? 300) },
].filter((c) => (process.env.CAMPAIGN_BACKEND ?? c.backend) === c.backend);
/** Answers per run: "revise" this many times, then "approve". */
const REVISIONS = 2;
/** How long a moment of a kind (a run of the victim streaming, waiting, or being answered) is looked for. */
const MOMENT_WAIT_MS = 15_000;

const random = seeded(SEED);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min));

const words = (turn: number) => Array.from({ length: 30 }, (_, i) => `draft${turn}-word${i}`).join(" ");
const FLOW = reviewFlow({ name: "Campaign", script: [words(1), words(2), words(3)] });

type Moment = "streaming" | "waiting" | "answering";
const MOMENTS: Moment[] = ["streaming", "waiting", "answering"];

/**
 * A run's event kinds (with their nodes) as one server without kills writes them: the attempt a
 * kill cut off (its node started again) dropped, and streamed text and step-mode pauses left
 * out (their count varies; pauses are checked on their own).
 */
function kindsOf(log: RunEvent[]): string[] {
  const kept: RunEvent[] = [];
  for (const e of log) {
    if (e.type === "node.started" && e.attempt > 1) {
      const cutOff = kept.findLastIndex((k) => k.type === "node.started" && k.nodeId === e.nodeId);
      if (cutOff >= 0) kept.splice(cutOff);
    }
    kept.push(e);
  }
  const left = new Set(["message.delta", "run.paused", "run.resumed"]);
  return kept.filter((e) => !left.has(e.type)).map((e) => ("nodeId" in e ? `${e.type}:${e.nodeId}` : e.type));
}

interface Slot {
  server: ServerProcess;
  api: ReturnType<typeof client>;
  alive: boolean;
}

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** A server on the data: a data directory (SQLite), or a database (Postgres: the URL). */
async function serve(data: { dataDir?: string; database?: string }): Promise<Slot> {
  const env = { TANDEM_SCRIPTED_DELAY_MS: "20", ...(data.database ? { TANDEM_DATABASE_URL: data.database } : {}) };
  const server = await startServerProcess({ dataDir: data.dataDir, unreaped: true, env, timeoutMs: 120_000 });
  servers.push(server);
  return { server, api: client(server.url), alive: true };
}

test.each(CAMPAIGNS)(
  "restart campaign on $backend: $servers servers, $kills kill -9 at moments of streaming, waiting and answering",
  async (campaign) => {
    const KILLS = campaign.kills;
    const figures = {
      kills: { streaming: 0, waiting: 0, answering: 0, unmatched: 0 },
      runs: 0,
      answers: 0,
      /** Steps and continues of paused runs taken. */
      controls: 0,
      /** 409 held_elsewhere naming a process that was dead (a zombie) before the request was sent. Must stay 0. */
      refusedForDeadOwner: 0,
      /** Requests cut off by a kill (retried elsewhere). */
      connectionErrors: 0,
      /** Runs a killed server drove, and how long until a live one did. */
      takeoverMs: [] as number[],
      /** Writer turns cut off mid-stream and run again. */
      rerunTurns: 0,
    };
    const problems: string[] = [];
    const data = campaign.backend === "postgres" ? { database: await postgresBackend.target() } : {};
    const slots = [await serve(data)];
    const shared = { ...data, dataDir: slots[0]!.server.dataDir };
    while (slots.length < campaign.servers) slots.push(await serve(shared));
    const { sql } = await openSql(data.database ?? shared.dataDir);
    const killedAt = new Map<number, number>();
    const live = () => slots.filter((s) => s.alive);
    const anyLive = () => live()[between(0, live().length)]!;

    // -------------------------------------------------------------- the people and their runs

    /** Called as an answer is sent to a server (the killer may be waiting for that moment). */
    let onAnswerSent: ((slot: Slot) => void) | undefined;

    async function read(id: string): Promise<{ state: any; events: RunEvent[] }> {
      for (;;) {
        try {
          return await anyLive().api.run(id);
        } catch {
          figures.connectionErrors++;
          await sleep(20);
        }
      }
    }

    async function answer(id: string, requestId: string, outcome: string): Promise<void> {
      let target = anyLive();
      for (;;) {
        const sentAt = Date.now();
        onAnswerSent?.(target);
        let reply;
        try {
          reply = await target.api.answer(id, requestId, { outcome }, { "idempotency-key": requestId });
        } catch {
          figures.connectionErrors++;
          target = anyLive();
          continue;
        }
        if (reply.status === 200) return void figures.answers++;
        const error = reply.body?.error;
        if (reply.status === 409 && error?.code === "held_elsewhere") {
          const pid = Number(/\(pid (\d+)\)/.exec(error.message)?.[1]);
          // Any live server takes an answer to a run waiting for it, whichever server drove it.
          if (live().some((s) => s.server.pid === pid)) return void problems.push(`run ${id}: answer refused naming the live server ${pid}`);
          if ((killedAt.get(pid) ?? Infinity) < sentAt) {
            figures.refusedForDeadOwner++;
            problems.push(`run ${id}: answer refused naming pid ${pid}, dead ${sentAt - killedAt.get(pid)!} ms before it was sent`);
          }
          target = anyLive();
          await sleep(20);
          continue;
        }
        problems.push(`run ${id}: answer got ${reply.status} ${reply.text}`);
        return;
      }
    }

    /** Sends a control to any live server until one takes it (a run that moved on meanwhile is read again). */
    async function control(id: string, action: string): Promise<void> {
      for (;;) {
        const target = anyLive();
        let reply;
        try {
          reply = await target.api.control(id, action);
        } catch {
          figures.connectionErrors++;
          continue;
        }
        if (reply.status === 200) return void figures.controls++;
        const code = reply.body?.error?.code;
        // Cut off by a kill after it was stored, and sent again: the run is no longer paused.
        if (reply.status === 409 && code === "not_running") return;
        if (reply.status === 409 && code === "held_elsewhere") {
          const pid = Number(/\(pid (\d+)\)/.exec(reply.body.error.message)?.[1]);
          if (live().some((s) => s.server.pid === pid)) return void problems.push(`run ${id}: ${action} refused naming the live server ${pid}`);
          await sleep(20);
          continue;
        }
        return void problems.push(`run ${id}: ${action} got ${reply.status} ${reply.text}`);
      }
    }

    /** Answers the run's questions as they come ("revise", then "approve") until it finishes. */
    async function see(id: string): Promise<void> {
      for (;;) {
        const { state: s, events } = await read(id);
        if (s.status === "completed") return;
        if (s.status === "failed" || s.status === "cancelled") return void problems.push(`run ${id} ${s.status}: ${JSON.stringify(s.error)}`);
        if (s.status === "waiting") {
          const given = events.filter((e) => e.type === "human.responded").length;
          await answer(id, s.pending.requestId, given < REVISIONS ? "revise" : "approve");
        } else if (s.status === "paused") {
          // A step first (it pauses again before the next node), then on to the end.
          await control(id, events.filter((e) => e.type === "run.paused").length < 2 ? "step" : "continue");
        } else await sleep(25);
      }
    }

    async function start(n: number): Promise<string> {
      for (;;) {
        try {
          // Every fourth run in step mode: paused before its first node, stepped and continued from any server.
          return await anyLive().api.start(FLOW, `campaign run ${n}`, n % 4 === 0 ? { stepMode: true } : {});
        } catch {
          // Killed while starting: the run may be stored all the same; the sweep at the end finds it.
          figures.connectionErrors++;
        }
      }
    }

    // What one server writes for the flow with no kill: each run of the campaign must come to the same.
    const referenceId = await slots[0]!.api.start(FLOW, "the reference run");
    await see(referenceId);
    const reference = kindsOf((await slots[0]!.api.run(referenceId)).events);

    let killing = true;
    const people = Array.from({ length: campaign.inFlight }, async () => {
      while (killing || figures.runs < campaign.minRuns) await see(await start(++figures.runs));
    });

    // -------------------------------------------------------------- the killer

    const runsOf = (pid: number) => sql.all<{ id: string; status: string; last: string }>(`SELECT r.id, r.status,
        (SELECT type FROM events e WHERE e.run_id = r.id ORDER BY seq DESC LIMIT 1) AS last
      FROM run_owners o JOIN owners p USING (owner) JOIN runs r ON r.id = o.run_id
      WHERE p.pid = ? AND r.finished_at IS NULL`, [pid]);
    const driverOf = async (id: string) => (await sql.get<{ pid: number }>(`SELECT p.pid FROM run_owners o JOIN owners p USING (owner) WHERE o.run_id = ?`, [id]))?.pid;
    const finished = async (id: string) => (await sql.get<{ at: number | null }>(`SELECT finished_at AS at FROM runs WHERE id = ?`, [id]))?.at != null;

    /** Resolves when the victim is at the moment (true), or after MOMENT_WAIT_MS (false). */
    async function moment(victim: Slot, kind: Moment): Promise<boolean> {
      const end = Date.now() + MOMENT_WAIT_MS;
      if (kind === "answering") {
        const sent = new Promise<boolean>((resolve) => (onAnswerSent = (slot) => slot === victim && resolve(true)));
        const hit = await Promise.race([sent, sleep(MOMENT_WAIT_MS).then(() => false)]);
        onAnswerSent = undefined;
        // Somewhere between the request leaving and its answer being stored and sent back.
        await sleep(between(0, 15));
        return hit;
      }
      while (Date.now() < end) {
        const runs = await runsOf(victim.server.pid);
        if (runs.some((r) => (kind === "waiting" ? r.status === "waiting" : r.last === "message.delta"))) return true;
        await sleep(5);
      }
      return false;
    }

    /** How long until each run the victim drove is driven by a live server (or has finished). */
    function watchTakeover(ids: string[], victimPid: number, at: number): Promise<void[]> {
      return Promise.all(
        ids.map(async (id) => {
          for (;;) {
            const pid = await driverOf(id);
            if ((await finished(id)) || (pid !== undefined && pid !== victimPid && live().some((s) => s.server.pid === pid))) {
              return void figures.takeoverMs.push(Date.now() - at);
            }
            await sleep(10);
          }
        }),
      );
    }

    /** A server must stop only when killed: one that stopped by itself (an uncaught error) is a problem, with its last words. */
    function stoppedOnItsOwn(slot: Slot): void {
      const state = processState(slot.server.pid);
      if (state !== undefined && state !== "Z" && state !== "X") return;
      problems.push(`server ${slot.server.pid} stopped on its own: ${slot.server.logs().split("\n").slice(-12).join("\n")}`);
    }

    const takeovers: Promise<void[]>[] = [];
    for (let k = 0; k < KILLS; k++) {
      const victim = slots[k % slots.length]!;
      const kind = MOMENTS[k % MOMENTS.length]!;
      figures.kills[(await moment(victim, kind)) ? kind : "unmatched"]++;
      stoppedOnItsOwn(victim);
      const held = (await runsOf(victim.server.pid)).map((r) => r.id);
      victim.alive = false;
      const at = Date.now();
      await victim.server.kill9();
      expect(processState(victim.server.pid)).toBe("Z");
      // Dead from here on (SIGKILL takes a moment to land on a busy machine).
      killedAt.set(victim.server.pid, Date.now());
      takeovers.push(watchTakeover(held, victim.server.pid, at));
      // Left unreaped for a while: the other server must not wait for it.
      await sleep(between(200, 2000));
      await victim.server.reap();
      Object.assign(victim, await serve(shared));
    }
    killing = false;
    await Promise.all(people);
    await Promise.all(takeovers);
    for (const slot of slots) stoppedOnItsOwn(slot);

    // Runs whose start was cut off by a kill, stored all the same: they are answered to their end too.
    const unfinished = (await sql.all<{ id: string }>("SELECT id FROM runs WHERE finished_at IS NULL")).map((r) => r.id);
    await Promise.all(unfinished.map(see));

    // -------------------------------------------------------------- every run, as stored

    const ids = (await sql.all<{ id: string }>("SELECT id FROM runs")).map((r) => r.id);
    const events = async (id: string) => (await sql.all<{ json: string }>("SELECT json FROM events WHERE run_id = ? ORDER BY seq", [id])).map((r) => r.json);
    for (const id of ids) {
      const log = (await events(id)).map((j) => JSON.parse(j) as RunEvent);
      const wrong = (what: string) => problems.push(`run ${id}: ${what}`);
      if (log.some((e, i) => e.seq !== i + 1)) wrong(`seq not contiguous: ${log.map((e) => e.seq).join(",")}`);
      const ends = log.filter((e) => e.type === "run.finished");
      if (ends.length !== 1 || log.at(-1) !== ends[0] || ends[0]!.status !== "completed") wrong(`finished ${ends.length} times, last ${log.at(-1)?.type}`);
      const asked = log.filter((e) => e.type === "human.requested").map((e) => e.requestId);
      const answered = log.filter((e) => e.type === "human.responded");
      if (asked.length !== REVISIONS + 1) wrong(`${asked.length} questions`);
      if (answered.map((e) => e.requestId).join() !== asked.join()) wrong(`answers ${answered.map((e) => e.requestId)} to questions ${asked}`);
      if (answered.some((e) => e.key !== e.requestId)) wrong("an answer without the client's key");
      const [pauses, resumes] = [log.filter((e) => e.type === "run.paused").length, log.filter((e) => e.type === "run.resumed").length];
      const stepped = log[0]?.type === "run.started" && log[0].options.stepMode === true;
      if (pauses !== resumes || (stepped ? pauses < 1 : pauses > 0)) wrong(`${pauses} pauses, ${resumes} resumes${stepped ? " in step mode" : ""}`);
      const kinds = kindsOf(log);
      if (kinds.join() !== reference.join()) wrong(`events ${kinds.join(" ")}, where one server without kills writes ${reference.join(" ")}`);
      const turns = log.filter((e) => e.type === "message").filter((e) => e.role === "assistant");
      if (turns.map((e) => e.content).join("|") !== [1, 2, 3].map(words).join("|")) wrong(`writer turns: ${turns.length}`);
      figures.rerunTurns += log.filter((e) => e.type === "node.started" && e.nodeId === "writer" && e.attempt > 1).length;
    }
    await sql.close();

    const sorted = [...figures.takeoverMs].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    console.log(
      [
        `restart campaign on ${campaign.backend}, ${campaign.servers} servers (seed ${SEED}): ${KILLS} kills (${Object.entries(figures.kills).map(([k, n]) => `${k} ${n}`).join(", ")})`,
        `runs ${ids.length} (the reference run, and ${ids.length - 1 - figures.runs} started by a request cut off by a kill), answers taken ${figures.answers}, steps and continues ${figures.controls}`,
        `refused for a dead owner ${figures.refusedForDeadOwner}; requests cut off by a kill ${figures.connectionErrors}`,
        `writer turns cut off mid-stream and run again ${figures.rerunTurns}`,
        `runs the killed server drove ${sorted.length}; driven again after median ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${sorted.at(-1) ?? 0} ms`,
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(figures.refusedForDeadOwner).toBe(0);
    expect(Object.values(figures.kills).reduce((a, b) => a + b)).toBe(KILLS);
    expect(ids.length).toBeGreaterThanOrEqual(figures.runs);
  },
  900_000,
);
