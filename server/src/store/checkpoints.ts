// WAL checkpoints on a worker thread. A checkpoint copies the WAL back into the database file
// and syncs it to disk; left to SQLite, it runs inside whichever commit crosses 1,000 pages,
// on the server's event loop, holding up every live stream meanwhile. The worker's own
// connection checkpoints beside the writer instead (PASSIVE: it never blocks a commit), and
// durability is unchanged: commits are still safe once they are in the WAL.
import { createRequire } from "node:module";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { Db } from "./db.js";

const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Moves the checkpoints of `db` (the SQLite handle openSql gives; Postgres has none) to a worker thread; returns the function that stops it. */
export function checkpointInBackground(db: Db, onError: (error: Error) => void, everyMs = 250): () => Promise<void> {
  if (db.memory) return async () => {};
  const worker = new Worker(WORKER, {
    eval: true,
    execArgv: [],
    workerData: { file: db.name, driver: createRequire(import.meta.url).resolve("better-sqlite3"), everyMs },
  });
  worker.unref();
  db.pragma("wal_autocheckpoint = 0");
  // However the worker ends, the writer goes back to checkpointing for itself.
  const exited = once(worker, "exit").then(() => {
    if (db.open) db.pragma("wal_autocheckpoint = 1000");
  });
  worker.on("error", onError);
  return async () => {
    // Held until it has closed its connection, or the process could end while waiting for it.
    worker.ref();
    worker.postMessage("stop");
    await exited;
  };
}
