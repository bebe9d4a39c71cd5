// Which process drives a run. A server and a `tandem run` in a terminal (or two servers) may
// open the same data directory; only one of them may drive a given run, or their answers and
// events would race for the same seq. A process claims a run before it drives it; the claim
// ends when the run does. A claim is someone else's only while its owner is alive and marks
// itself fresh: a crashed owner (kill -9) holds nothing at once, a frozen one (or one whose pid
// now belongs to an unrelated process) after STALE_MS, and one that closed (a terminal that quit
// while a person was needed) at once. The runs such owners leave can be taken on (`gone`,
// `runsOf`, `forget`): that is how a server comes to drive what a terminal left.
//
// Freshness is one row per owner (`owners`), so marking it costs the same for one run as for
// ten thousand parked ones; `run_owners` says which owner holds which run.
//
// Several servers on one Postgres: an owner on another host is judged by its freshness alone;
// one on this host by its pid too, so a server killed here is taken over at once. A run at rest
// (waiting for a person, or paused) may be taken from a live *server*, so that a person's answer
// or control is taken by whichever server it reaches; the store refuses the old copy's writes
// from then on (sql-events.ts), and it lets go when told. A terminal's run is never taken so:
// the person at that terminal answers it.
//
// A killed process whose parent has not reaped it yet (a zombie: always so in a container
// without an init) still answers `kill 0`, so where /proc exists its state is read instead.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { ServerInfo } from "@tandem/shared";
import type { Sql } from "./sql/types.js";

export interface OwnerTimings {
  /** How often an owner marks itself as fresh (default 5 s). */
  beatMs?: number;
  /** An owner not marked fresh for this long holds nothing (default 30 s). */
  staleMs?: number;
}

export interface RunOwners {
  /** This process's owner id (what /api/health calls the server's id). */
  readonly id: string;
  /**
   * Claims the run for this process: undefined when it is ours now, else the pid that holds it.
   * `atRest`: the run is at rest, so a live server's claim moves too (a terminal's does not).
   */
  claim(runId: string, how?: { atRest?: boolean }): Promise<number | undefined>;
  /** Whether the run is claimed by a live server other than this process (a person's control may be sent to it). */
  drivenByServer(runId: string): Promise<boolean>;
  /** The runs that live processes other than servers hold (terminals, programs): their people answer them there. */
  heldByTerminals(): Promise<Set<string>>;
  /**
   * Runs fn in one transaction, holding the run's lock: no other process writes the run between
   * what fn reads and what it writes (claims, and the events of the store on the same database).
   */
  exclusive<T>(runId: string, fn: () => Promise<T>): Promise<T>;
  /** Claims many runs in one transaction (a restart): the ones other live owners hold, with their pids. */
  claimAll(runIds: readonly string[]): Promise<Map<string, number>>;
  /** The pid of another live owner that holds the run, if any. */
  heldElsewhere(runId: string): Promise<number | undefined>;
  /** Ends this process's claim on a run (it finished). */
  release(runId: string): Promise<void>;
  /** Other owners that hold nothing any more: closed, crashed or frozen. */
  gone(): Promise<string[]>;
  /** The owners alive now, this process too. */
  live(): Promise<string[]>;
  /** The unfinished runs such an owner left. */
  runsOf(owner: string): Promise<string[]>;
  /** Forgets an owner that is gone, with whatever claims of it were not taken on. */
  forget(owner: string): Promise<void>;
  /** Marks this process as a server, fresh from now on, claims or not (so that it is listed from its start). */
  announce(): Promise<void>;
  /** Marks this process fresh from now on: it does work (an evaluation) that others must not take for cut off. */
  keepFresh(): Promise<void>;
  /** Every process the database knows of, with the runs each drives (GET /api/cluster). */
  servers(): Promise<ServerInfo[]>;
  /** Stops marking this process fresh; its claims on unfinished runs are left for others to take on. */
  close(): Promise<void>;
}

interface OwnerRow {
  owner: string;
  pid: number;
  host: string;
  beat_at: number;
  serves: number;
}

/** The process state letter in /proc/<pid>/stat ("S", "R", "Z"…), or undefined where it cannot be read. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // "pid (comm) S …": comm may hold spaces and parentheses, so look after the last ")".
    return stat.charAt(stat.lastIndexOf(")") + 2);
  } catch {
    return undefined;
  }
}

/** Whether the process runs: a zombie (killed, not yet reaped) or a dead one ("X") does not. */
export function alive(pid: number): boolean {
  const state = procState(pid);
  if (state !== undefined) return state !== "Z" && state !== "X";
  // No /proc (or this pid is hidden from it): ask the kernel.
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const runLock = (runId: string) => `tandem:run:${runId}`;

export function createRunOwners(sql: Sql, now: () => number = Date.now, timings: OwnerTimings = {}): RunOwners {
  const beatMs = timings.beatMs ?? 5_000;
  const staleMs = timings.staleMs ?? 30_000;
  // Not the pid alone: a pid is reused once its process is gone.
  const me = randomUUID();
  const host = hostname();
  let serves = 0;
  const mark = (at: number) =>
    sql.run(
      "INSERT INTO owners (owner, pid, host, beat_at, serves) VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET beat_at = excluded.beat_at, serves = excluded.serves",
      [me, process.pid, host, at, serves],
    );
  const holds = (o: OwnerRow) => o.owner !== me && o.beat_at > 0 && now() - o.beat_at < staleMs && (o.host !== host || alive(o.pid));
  const holderRow = (runId: string) =>
    sql.get<OwnerRow>("SELECT p.owner, p.pid, p.host, p.beat_at, p.serves FROM run_owners o JOIN owners p ON p.owner = o.owner WHERE o.run_id = ?", [runId]);
  const holder = async (runId: string): Promise<number | undefined> => {
    const row = await holderRow(runId);
    return row && holds(row) ? row.pid : undefined;
  };
  let timer: NodeJS.Timeout | undefined;
  const beat = () =>
    void mark(now()).catch(() => {
      // The database is busy or away for now: the next beat marks it.
    });
  const beatOn = async () => {
    if (timer) return;
    await mark(now());
    timer ??= setInterval(beat, beatMs).unref();
  };
  const take = async (runId: string, atRest = false): Promise<number | undefined> => {
    const row = await holderRow(runId);
    if (row && holds(row) && !(atRest && row.serves)) return row.pid;
    await beatOn();
    await sql.run("INSERT INTO run_owners (run_id, owner) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner", [runId, me]);
    return undefined;
  };

  return {
    id: me,
    // A run already ours needs no transaction (a restart claims them all at once first).
    async claim(runId, how) {
      if ((await holderRow(runId))?.owner === me) return undefined;
      return sql.tx(() => take(runId, how?.atRest), { lock: runLock(runId) });
    },
    async heldByTerminals() {
      const rows = await sql.all<OwnerRow & { run_id: string }>(
        "SELECT o.run_id, p.owner, p.pid, p.host, p.beat_at, p.serves FROM run_owners o JOIN owners p ON p.owner = o.owner WHERE p.serves = 0",
      );
      return new Set(rows.filter(holds).map((r) => r.run_id));
    },
    async drivenByServer(runId) {
      const row = await holderRow(runId);
      return !!row && holds(row) && row.serves === 1;
    },
    exclusive: (runId, fn) => sql.tx(fn, { lock: runLock(runId) }),
    claimAll: (runIds) =>
      sql.tx(async () => {
        const held = new Map<string, number>();
        // Each run's lock, in one order for every server: two restarts cannot wait on each other.
        for (const id of [...runIds].sort()) {
          const other = await sql.tx(() => take(id), { lock: runLock(id) });
          if (other !== undefined) held.set(id, other);
        }
        return held;
      }),
    heldElsewhere: holder,
    async release(runId) {
      await sql.run("DELETE FROM run_owners WHERE run_id = ? AND owner = ?", [runId, me]);
    },
    async gone() {
      const others = await sql.all<OwnerRow>("SELECT owner, pid, host, beat_at FROM owners WHERE owner != ?", [me]);
      return others.filter((o) => !holds(o)).map((o) => o.owner);
    },
    async live() {
      const others = await sql.all<OwnerRow>("SELECT owner, pid, host, beat_at FROM owners WHERE owner != ?", [me]);
      return [me, ...others.filter(holds).map((o) => o.owner)];
    },
    async runsOf(owner) {
      const rows = await sql.all<{ run_id: string }>(
        "SELECT o.run_id FROM run_owners o JOIN runs r ON r.id = o.run_id WHERE o.owner = ? AND r.finished_at IS NULL AND r.imported = 0",
        [owner],
      );
      return rows.map((r) => r.run_id);
    },
    forget: (owner) =>
      sql.tx(async () => {
        await sql.run("DELETE FROM run_owners WHERE owner = ?", [owner]);
        await sql.run("DELETE FROM owners WHERE owner = ?", [owner]);
      }),
    keepFresh: beatOn,
    async announce() {
      serves = 1;
      if (timer) await mark(now());
      else await beatOn();
    },
    async servers() {
      const rows = await sql.all<OwnerRow & { runs: number }>(
        `SELECT p.owner, p.pid, p.host, p.beat_at, count(o.run_id) AS runs FROM owners p
        LEFT JOIN run_owners o ON o.owner = p.owner AND o.run_id IN (SELECT id FROM runs WHERE finished_at IS NULL)
        GROUP BY p.owner, p.pid, p.host, p.beat_at ORDER BY p.host, p.pid`,
      );
      return rows.map((o) => ({ id: o.owner, host: o.host, pid: o.pid, beatAt: o.beat_at, live: o.owner === me || holds(o), runs: o.runs, self: o.owner === me }));
    },
    async close() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      // Marked as never fresh: what it still holds is free at once.
      await mark(0);
    },
  };
}
