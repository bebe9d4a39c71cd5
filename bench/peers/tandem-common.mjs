// Builds the workload as a Tandem flow and runs it with the engine (loaded through tsx), on
// the memory store, a SQLite file or a Postgres database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../../server/src/engine/engine.js";
import { createRegistry } from "../../server/src/providers/registry.js";
import { checkpointInBackground } from "../../server/src/store/checkpoints.js";
import { createMemoryEventStore } from "../../server/src/store/memory-events.js";
import { openSql } from "../../server/src/store/open.js";
import { createSqlEventStore } from "../../server/src/store/sql-events.js";
import { startPostgres } from "../../server/test/helpers/postgres.js";

function agent(id, x, maxVisits) {
  return { id, type: "agent", position: { x, y: 0 }, data: { name: id, model: "bench/stub", systemMessage: "", ...(maxVisits ? { maxVisits } : {}) } };
}

function flowFor(w) {
  const nodes = [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } }];
  const edges = [];
  const edge = (source, target) => edges.push({ id: `e${edges.length + 1}`, source, target, data: {} });
  if (w.kind === "chain") {
    w.nodeNames.forEach((n, i) => nodes.push(agent(n, i)));
    edge("start", w.nodeNames[0]);
    for (let i = 1; i < w.nodeNames.length; i++) edge(w.nodeNames[i - 1], w.nodeNames[i]);
    edge(w.nodeNames.at(-1), "end");
  } else {
    // The first role may run `iterations` times; once it has, the edge back to it is
    // passed over and the next edge (to the end) is taken.
    w.roles.forEach((n, i) => nodes.push(agent(n, i, i === 0 ? w.iterations : undefined)));
    edge("start", w.roles[0]);
    for (let i = 1; i < w.roles.length; i++) edge(w.roles[i - 1], w.roles[i]);
    edge(w.roles.at(-1), w.roles[0]);
    edge(w.roles.at(-1), "end");
  }
  nodes.push({ id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } });
  return { schemaVersion: 1, name: `bench ${w.kind}`, maxSteps: w.stepsPerRun + 1, nodes, edges };
}

export async function tandemEngine(w, storeKind) {
  const stub = {
    id: "bench",
    async *stream(req) {
      yield { type: "done", content: await w.model(req.transcript) };
    },
  };
  let dir;
  let postgres;
  let store = createMemoryEventStore();
  let stopCheckpoints = async () => {};
  if (storeKind === "sqlite") {
    dir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
    const { sql, sqlite } = await openSql(dir);
    // As the server does: WAL checkpoints on a worker thread.
    stopCheckpoints = checkpointInBackground(sqlite, (e) => console.error(e));
    store = createSqlEventStore(sql);
  } else if (storeKind === "postgres") {
    // A throwaway server of this process's own (its start is part of the build time), or the
    // one $TANDEM_TEST_DATABASE_URL names; a new database on it.
    postgres = await startPostgres();
    store = createSqlEventStore((await openSql(await postgres.freshDatabase())).sql);
  }
  const engine = new Engine({ store, registry: createRegistry({ env: {}, providers: { bench: stub } }) });
  const flow = flowFor(w);
  const input = w.input[0].content;
  return {
    async invoke() {
      const state = await (await engine.start(flow, input)).done;
      if (state.status !== "completed") throw new Error(`run ${state.status}: ${state.error?.message}`);
      return state.messages;
    },
    async close() {
      await stopCheckpoints();
      await store.close();
      await postgres?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
