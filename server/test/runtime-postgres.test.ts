// The real server on a real Postgres: `tandem serve` with TANDEM_DATABASE_URL runs a flow to a
// person, takes the answer over HTTP and streams the run; a URL it cannot reach stops the start
// with a message that names the variable and hides the password; health is a 503 while the
// database is down and a 200 again once it is back. The CLI's commands take --database too.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testPostgres } from "./helpers/backends.js";
import { cleanupCli, runCli, runIdFrom, tempDir } from "./helpers/cli.js";
import { freePort } from "./helpers/free-port.js";
import { client, reviewFlow, sleep } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe } from "./helpers/sse-client.js";

let server: ServerProcess;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  const url = await (await testPostgres()).freshDatabase();
  server = await startServerProcess({ env: { TANDEM_DATABASE_URL: url } });
  api = client(server.url);
});
afterAll(async () => {
  await server?.stop();
  await cleanupCli();
});

/** Asks for health until it answers `status` (the server notices the database at its next query). */
async function healthUntil(status: number, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get("/api/health");
    if (res.status === status || Date.now() > end) return res;
    await sleep(50);
  }
}

describe("a server on Postgres", () => {
  test("health names the database and this server", async () => {
    const res = await api.get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, database: { kind: "postgres", ok: true } });
    expect(res.body.serverId).toEqual(expect.any(String));
  });

  test("runs a flow to a person, takes the answer over HTTP and streams the run to its end", async () => {
    const id = await api.start(reviewFlow(), "a haiku about rivers");
    const { state } = await api.status(id, "waiting");
    const sub = await subscribe(`${server.url}/api/runs/${id}/events`);
    expect(sub.status).toBe(200);
    await sub.waitFor((e) => e.type === "human.requested");

    const answered = await api.answer(id, state.pending.requestId, { outcome: "approve" });
    expect(answered.status).toBe(200);
    await sub.waitFor((e) => e.type === "run.finished");
    expect(await sub.closed).toBe("ended");

    const { run, events } = await api.run(id);
    expect(run.status).toBe("completed");
    // The stream carried every stored event, in order.
    expect(sub.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect((await api.get(`/api/runs?limit=5`)).body.runs.map((r: { id: string }) => r.id)).toContain(id);
  });

  test("health is a 503 while the database is down, and a 200 once it is back", async () => {
    const pg = await testPostgres();
    pg.kill();
    try {
      const down = await healthUntil(503);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ok: false, database: { kind: "postgres", ok: false } });
    } finally {
      pg.start();
    }
    const up = await healthUntil(200);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ ok: true, database: { kind: "postgres", ok: true } });
  });
});

test("a database it cannot reach stops the start, naming the variable and not the password", async () => {
  const url = `postgres://tandem:s3cret-pass@127.0.0.1:${await freePort()}/tandem`;
  const start = startServerProcess({ env: { TANDEM_DATABASE_URL: url } });
  const error = await start.then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toMatch(/exited with code 2 before serving/);
  expect(error?.message).toContain("TANDEM_DATABASE_URL");
  expect(error?.message).toContain("postgres://tandem:***@127.0.0.1");
  expect(error?.message).not.toContain("s3cret-pass");
});

test("a TANDEM_DATABASE_URL that is not a Postgres URL is refused by name", async () => {
  const error = await startServerProcess({ env: { TANDEM_DATABASE_URL: "mysql://root:hunter22@db/tandem" } }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toContain("TANDEM_DATABASE_URL must be a postgres:// URL");
  expect(error?.message).not.toContain("hunter22");
});

test("the CLI runs a flow and reads it back with --database; the data directory has none of it", async () => {
  const url = await (await testPostgres()).freshDatabase();
  const data = tempDir("tandem-pg-cli-");
  const ran = await runCli(["run", "examples/hitl-review.flow.json", "--input", "a haiku", "--database", url], { dataDir: data, stdin: "approve\n" });
  expect(ran.code, ran.stderr).toBe(0);
  const runId = runIdFrom(ran.stdout);
  const listed = await runCli(["runs", "--database", url], { dataDir: data });
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(new RegExp(`${runId}\\s+Writer and human reviewer\\s+completed`));
  const exported = await runCli(["export", runId, "--database", url], { dataDir: data });
  expect(JSON.parse(exported.stdout).events.at(-1)).toMatchObject({ type: "run.finished", status: "completed" });
  // Not the data directory: the runs are in Postgres only.
  const local = await runCli(["runs"], { dataDir: data });
  expect(local.stdout).toContain("No runs yet");
});
