// Which process drives a run. A server and a `tandem resume` (or two servers) may open the same
// data directory; only one of them may drive a given run, or their answers and events would
// race for the same seq. A process claims a run before it drives it and lets go when the run
// ends or the process stops. A claim is someone else's only while that process is alive and
// keeps itself marked fresh: a crashed owner (kill -9) loses its runs at once, a frozen one (or
// one whose pid now belongs to an unrelated process) within STALE_MS.
//
// Freshness is one row per process (`owners`), so marking it costs the same for one run as for
// ten thousand parked ones; `run_owners` says which owner holds which run.
import { randomUUID } from "node:crypto";
import type { Db } from "./db.js";

/** How often an owner marks itself as fresh. */
const BEAT_MS = 5_000;
/** An owner not marked fresh for this long holds nothing. */
const STALE_MS = 30_000;

export interface RunOwners {
  /** Claims the run for this process: undefined when it is ours now, else the pid that holds it. */
  claim(runId: string): number | undefined;
  /** The pid of another live process that holds the run, if any. */
  heldElsewhere(runId: string): number | undefined;
  release(runId: string): void;
  /** Lets go of every claim of this process and stops marking it fresh. */
  close(): void;
}

function alive(pid: number): boolean {
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
  const holderOf = db.prepare("SELECT o.owner, p.pid, p.beat_at FROM run_owners o LEFT JOIN owners p USING (owner) WHERE o.run_id = ?");
  const upsert = db.prepare("INSERT INTO run_owners (run_id, owner) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner");
  const remove = db.prepare("DELETE FROM run_owners WHERE run_id = ? AND owner = ?");
  const mark = db.prepare("INSERT INTO owners (owner, pid, beat_at) VALUES (?, ?, ?) ON CONFLICT (owner) DO UPDATE SET beat_at = excluded.beat_at");
  const forgetMine = db.prepare("DELETE FROM run_owners WHERE owner = ?");
  const forgetMe = db.prepare("DELETE FROM owners WHERE owner = ?");
  // Owners that stopped long ago (crashed) hold nothing: their rows can go.
  db.prepare("DELETE FROM owners WHERE beat_at < ?").run(now() - STALE_MS);

  const holder = (runId: string): number | undefined => {
    const row = holderOf.get(runId) as { owner: string; pid: number | null; beat_at: number | null } | undefined;
    if (!row || row.owner === me || row.pid === null || now() - row.beat_at! >= STALE_MS || !alive(row.pid)) return undefined;
    return row.pid;
  };
  let timer: NodeJS.Timeout | undefined;
  // Read and write in one immediate transaction: two processes claiming at once cannot both win.
  const claim = db.transaction((runId: string) => {
    const other = holder(runId);
    if (other !== undefined) return other;
    if (!timer) {
      mark.run(me, process.pid, now());
      timer = setInterval(() => mark.run(me, process.pid, now()), BEAT_MS).unref();
    }
    upsert.run(runId, me);
    return undefined;
  });

  return {
    claim: (runId) => claim.immediate(runId),
    heldElsewhere: holder,
    release(runId) {
      remove.run(runId, me);
    },
    close() {
      clearInterval(timer);
      timer = undefined;
      forgetMine.run(me);
      forgetMe.run(me);
    },
  };
}
