// Which process drives a run. A server and a `tandem resume` (or two servers) may open the same
// data directory; only one of them may drive a given run, or their answers and events would
// race for the same seq. A process claims a run before it drives it and lets go when the run
// ends or the process stops. A claim is someone else's only while that process is alive and
// keeps it fresh: a crashed owner (kill -9) loses its runs at once, a frozen one (or a pid
// reused by an unrelated process) within STALE_MS.
import type { Db } from "./db.js";

/** How often an owner marks its claims as fresh. */
const BEAT_MS = 5_000;
/** A claim not refreshed for this long is no longer anyone's. */
const STALE_MS = 30_000;

export interface RunOwners {
  /** Claims the run for this process: undefined when it is ours now, else the pid that holds it. */
  claim(runId: string): number | undefined;
  /** The pid of another live process that holds the run, if any. */
  heldElsewhere(runId: string): number | undefined;
  release(runId: string): void;
  /** Lets go of every claim of this process and stops refreshing them. */
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
  const me = process.pid;
  const select = db.prepare("SELECT pid, beat_at FROM run_owners WHERE run_id = ?");
  const upsert = db.prepare("INSERT INTO run_owners (run_id, pid, beat_at) VALUES (?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET pid = excluded.pid, beat_at = excluded.beat_at");
  const remove = db.prepare("DELETE FROM run_owners WHERE run_id = ? AND pid = ?");
  const beat = db.prepare("UPDATE run_owners SET beat_at = ? WHERE pid = ?");
  const removeMine = db.prepare("DELETE FROM run_owners WHERE pid = ?");

  const holder = (runId: string): number | undefined => {
    const row = select.get(runId) as { pid: number; beat_at: number } | undefined;
    if (!row || row.pid === me || now() - row.beat_at >= STALE_MS || !alive(row.pid)) return undefined;
    return row.pid;
  };
  // Read and write in one immediate transaction: two processes claiming at once cannot both win.
  const claim = db.transaction((runId: string) => {
    const other = holder(runId);
    if (other === undefined) upsert.run(runId, me, now());
    return other;
  });
  let timer: NodeJS.Timeout | undefined;

  return {
    claim(runId) {
      const other = claim.immediate(runId);
      timer ??= setInterval(() => beat.run(now(), me), BEAT_MS).unref();
      return other;
    },
    heldElsewhere: holder,
    release(runId) {
      remove.run(runId, me);
    },
    close() {
      clearInterval(timer);
      timer = undefined;
      removeMine.run(me);
    },
  };
}
