// WAL checkpoints on a worker thread: the writer never checkpoints while it runs, yet the
// database file takes in what was committed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { checkpointInBackground } from "../src/store/checkpoints.js";
import type { Db } from "../src/store/db.js";
import { openSql } from "../src/store/open.js";

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-checkpoints-"));
  db = (await openSql(dir)).sqlite!;
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const dbFileSize = () => statSync(join(dir, "tandem.db")).size;

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

it("moves committed pages into the database file while the writer's own checkpoints are off", async () => {
  const errors: Error[] = [];
  const stop = checkpointInBackground(db, (e) => errors.push(e), 20);
  expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
  const before = dbFileSize();
  const insert = db.prepare("INSERT INTO flows (id, name, version, created_at, updated_at) VALUES (?, ?, 1, 0, 0)");
  // About 2 MB over many commits: with no checkpoint at all the file would not grow.
  for (let i = 0; i < 200; i++) db.transaction(() => { for (let j = 0; j < 10; j++) insert.run(`flow-${i}-${j}`, "x".repeat(1000)); })();
  await until(() => dbFileSize() > before + 1_000_000);
  await stop();
  expect(errors).toEqual([]);
  // Stopped, the writer checkpoints for itself again.
  expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
  expect(db.prepare("SELECT count(*) FROM flows").pluck().get()).toBe(2000);
});

it("an in-memory database has nothing to checkpoint", async () => {
  const memory = (await openSql(":memory:")).sqlite!;
  const stop = checkpointInBackground(memory, () => {}, 20);
  expect(memory.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
  await stop();
  memory.close();
});

it("a process that stops the worker and closes the database gets to the end of its work", () => {
  const store = resolve(import.meta.dirname, "../src/store");
  const script = join(dir, "stop.mts");
  writeFileSync(
    script,
    `import { checkpointInBackground } from ${JSON.stringify(join(store, "checkpoints.ts"))};
     import { openSql } from ${JSON.stringify(join(store, "open.ts"))};
     const db = (await openSql(${JSON.stringify(join(dir, "child"))})).sqlite;
     const stop = checkpointInBackground(db, () => {});
     await stop();
     db.close();
     console.log("closed");`,
  );
  const out = execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 20_000 });
  expect(out.trim()).toBe("closed");
});
