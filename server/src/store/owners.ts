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
// A killed process whose parent has not reaped it yet (a zombie: always so in a container
// without an init) still answers `kill 0`, so where /proc exists its state is read instead.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Db } from "./db.js";

/** How often an owner marks itself as fresh. */
const BEAT_MS = 5_000;
/** An owner not marked fresh for this long holds nothing. */
const STALE_MS = 30_000;

export interface RunOwners {
  /** Claims the run for this process: undefined when it is ours now, else the pid that holds it. */
  claim(runId: string): number | undefined;
  /**
   * Runs fn in one IMMEDIATE transaction: no other process writes between what fn reads and
   * what it writes (claims, and the events of the store on the same database).
   */
  exclusive<T>(fn: () => T): T;
  /** Claims many runs in one transaction (a restart): the ones other live owners hold, with their pids. */
  claimAll(runIds: readonly string[]): Map<string, number>;
  /** The pid of another live owner that holds the run, if any. */
  heldElsewhere(runId: string): number | undefined;
  /** Ends this process's claim on a run (it finished). */
  release(runId: string): void;
  /** Other owners that hold nothing any more: closed, crashed or frozen. */
  gone(): string[];
  /** The unfinished runs such an owner left. */
  runsOf(owner: string): string[];
  /** Forgets an owner that is gone, with whatever claims of it were not taken on. */
  forget(owner: string): void;
  /** Stops marking this process fresh; its claims on unfinished runs are left for others to take on. */
  close(): void;
}

interface OwnerRow {
  owner: string;
  pid: number;
  beat_at: number;
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

export function createRunOwners(db: Db, now: () => number = Date.now): RunOwners {
  // Not the pid alone: a pid is reused once its process is gone.
  const me = randomUUID();
  const holderOf = db.prepare("SELECT p.owner, p.pid, p.beat_at FROM run_owners o JOIN owners p USING (owner) WHERE o.run_id = ?");
  const upsert = db.prepare("INSERT INTO run_owners (run_id, owner) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner");
  const remove = db.prepare("DELETE FROM run_owners WHERE run_id = ? AND owner = ?");
  const mark = db.prepare("INSERT INTO owners (owner, pid, beat_at) VALUES (?, ?, ?) ON CONFLICT (owner) DO UPDATE SET beat_at = excluded.beat_at");
  const others = db.prepare("SELECT owner, pid, beat_at FROM owners WHERE owner != ?");
  const leftRuns = db
    .prepare("SELECT o.run_id FROM run_owners o JOIN runs r ON r.id = o.run_id WHERE o.owner = ? AND r.finished_at IS NULL AND r.imported = 0")
    .pluck();
  const forgetClaims = db.prepare("DELETE FROM run_owners WHERE owner = ?");
  const forgetOwner = db.prepare("DELETE FROM owners WHERE owner = ?");

  const holds = (o: OwnerRow) => o.owner !== me && o.beat_at > 0 && now() - o.beat_at < STALE_MS && alive(o.pid);
  const holder = (runId: string): number | undefined => {
    const row = holderOf.get(runId) as OwnerRow | undefined;
    return row && holds(row) ? row.pid : undefined;
  };
  let timer: NodeJS.Timeout | undefined;
  const beat = () => {
    try {
      mark.run(me, process.pid, now());
    } catch {
      // The database is busy for longer than its timeout: the next beat marks it.
    }
  };
  const take = (runId: string): number | undefined => {
    const other = holder(runId);
    if (other !== undefined) return other;
    if (!timer) {
      mark.run(me, process.pid, now());
      timer = setInterval(beat, BEAT_MS).unref();
    }
    upsert.run(runId, me);
    return undefined;
  };
  // Read and write in one immediate transaction: two processes claiming at once cannot both win.
  const claim = db.transaction(take);
  const claimAll = db.transaction((runIds: readonly string[]) => {
    const held = new Map<string, number>();
    for (const id of runIds) {
      const other = take(id);
      if (other !== undefined) held.set(id, other);
    }
    return held;
  });

  return {
    // A run already ours needs no transaction (a restart claims them all at once first).
    claim: (runId) => ((holderOf.get(runId) as OwnerRow | undefined)?.owner === me ? undefined : claim.immediate(runId)),
    exclusive: (fn) => db.transaction(fn).immediate(),
    claimAll: (runIds) => claimAll.immediate(runIds),
    heldElsewhere: holder,
    release(runId) {
      remove.run(runId, me);
    },
    gone: () => (others.all(me) as OwnerRow[]).filter((o) => !holds(o)).map((o) => o.owner),
    runsOf: (owner) => leftRuns.all(owner) as string[],
    forget(owner) {
      forgetClaims.run(owner);
      forgetOwner.run(owner);
    },
    close() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      // Marked as never fresh: what it still holds is free at once.
      mark.run(me, process.pid, 0);
    },
  };
}
