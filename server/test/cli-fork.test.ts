// `tandem fork --from <node>#<visit>` as a user runs it: a real child process on SQLite in a temp
// dir. The fork keeps the recording up to just before that visit and runs the node again; a
// visit that does not exist, or --at with --from, is a one-line usage error and stores nothing.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { withStore } from "./helpers/stored.js";
import { cleanupCli, runCli, runIdFrom, tempDir } from "./helpers/cli.js";
import { chainFlow } from "./helpers/runs-api.js";

const data = tempDir();
let parent: string;
afterAll(cleanupCli);
beforeAll(async () => {
  const file = join(data, "chain.flow.json");
  writeFileSync(file, JSON.stringify(chainFlow()));
  const r = await runCli(["run", file, "--input", "hello"], { dataDir: data });
  expect(r.code, r.stderr).toBe(0);
  parent = runIdFrom(r.stdout);
});

/** What the data dir holds, read directly: the runs and the parent's events. */
function stored() {
  return withStore(data, async (store) => ({ runs: (await store.listRuns()).runs, events: await store.events(parent) }));
}

test("--from b#1: a new run from just before beta's visit, which runs again to the end", async () => {
  const { events } = await stored();
  const cut = events.find((e) => e.type === "node.started" && e.nodeId === "b")!.seq - 1;
  const r = await runCli(["fork", parent, "--from", "b#1"], { dataDir: data });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(`forked run ${parent} at event ${cut} as `);
  expect(r.stdout).toContain("beta says bye");
  const child = (await stored()).runs.find((run) => run.parentRunId === parent)!;
  expect(child).toMatchObject({ parentSeq: cut, status: "completed" });
});

test("a visit that does not exist, a malformed --from, or --at with --from: a usage error naming the flag, nothing stored", async () => {
  const before = (await stored()).runs.length;
  for (const [args, message] of [
    [["--from", "b#2"], '--from: node "b" ran 1 time in this run'],
    [["--from", "ghost#1"], '--from: node "ghost" never ran'],
    [["--from", "b"], "--from: expected <node>#<visit>"],
    [["--at", "2", "--from", "b#1"], "give either --at <event> or --from <node>#<visit>"],
  ] as const) {
    const r = await runCli(["fork", parent, ...args], { dataDir: data });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(message);
  }
  expect((await stored()).runs.length).toBe(before);
});
