// One process drives a run at a time, when a server and the CLI (or two servers) share a
// database: claims held by real processes, in a SQLite file and on Postgres, a `tandem resume`
// refused while a server drives the run, a server taking over a run the CLI left waiting, a
// server starting up beside a process that drives a run (a terminal's or the SDK's), and its
// event stream following a run that a terminal drives.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, onTestFinished, test } from "vitest";
import { openSql } from "../src/store/open.js";
import { createRunOwners } from "../src/store/owners.js";
import { sqlBackends } from "./helpers/backends.js";
import { cleanupCli, runCli, runIdFrom, spawnCli, tempDir } from "./helpers/cli.js";
import { client, eventually, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";
import { subscribe } from "./helpers/sse-client.js";

afterAll(cleanupCli);

/** A child process (a server, if `server`) that claims `runId` in the database at `target`; it prints "holding", or "held by <pid>". */
const claimer = (target: string, runId: string, server = false) =>
  spawnCli([runId, target, ...(server ? ["--server"] : [])], { dataDir: tempDir(), entry: "server/test/helpers/hold-run.ts" });

/** A child process (a server, if `server`) that claims `runId` at `target` and holds it. */
async function holder(target: string, runId: string, server = false) {
  const proc = claimer(target, runId, server);
  await proc.waitForOutput("holding\n");
  return proc;
}

describe.each(sqlBackends)("claims on $name", (backend) => {
  /** A fresh database, this process's connection to it, and another process (a server, if `server`) holding `runId` there. */
  async function heldBy(runId: string, server = false) {
    const target = await backend.target();
    const other = await holder(target, runId, server);
    const { sql } = await openSql(target);
    onTestFinished(async () => {
      other.kill("SIGKILL");
      await sql.close();
    });
    return { target, sql, other };
  }

  test("a run held by another live process is not ours; once that process dies it is, at once", async () => {
    const { target, sql, other } = await heldBy("run-1");
    const owners = createRunOwners(sql);
    expect(await owners.claim("run-1")).toBe(other.pid);
    expect(await owners.heldElsewhere("run-1")).toBe(other.pid);
    // Another run is free.
    expect(await owners.claim("run-2")).toBeUndefined();

    other.kill("SIGKILL");
    await other.exit;
    expect(await owners.heldElsewhere("run-1")).toBeUndefined();
    expect(await owners.claim("run-1")).toBeUndefined();
    // Ours now: a new process is refused, naming this one.
    const late = claimer(target, "run-1");
    await late.waitForOutput(`held by ${process.pid}\n`);
    late.kill("SIGKILL");
    await owners.close();
  });

  test("a run at rest is taken from a live server, never from a terminal", async () => {
    const { sql: onTerminal, other: terminal } = await heldBy("at-terminal");
    const owners = createRunOwners(onTerminal);
    expect(await owners.claim("at-terminal", { atRest: true })).toBe(terminal.pid);
    expect(await owners.drivenByServer("at-terminal")).toBe(false);
    await owners.close();

    const { sql, other: server } = await heldBy("at-server", true);
    const here = createRunOwners(sql);
    expect(await here.drivenByServer("at-server")).toBe(true);
    // Mid-step, it stays the server's; at rest, it moves (the store then refuses the server's writes: store.test.ts).
    expect(await here.claim("at-server")).toBe(server.pid);
    expect(await here.claim("at-server", { atRest: true })).toBeUndefined();
    expect(await here.drivenByServer("at-server")).toBe(false);
    expect(await createRunOwners(sql).heldElsewhere("at-server")).toBe(process.pid);
    await here.close();
  });

  test("a claim its holder stopped refreshing (a frozen process, or its pid taken by another) lapses after 30 s", async () => {
    const { sql, other } = await heldBy("run-1");
    let clock = Date.now();
    const owners = createRunOwners(sql, () => clock);
    expect(await owners.claim("run-1")).toBe(other.pid);
    clock += 29_000;
    expect(await owners.claim("run-1")).toBe(other.pid);
    clock += 1_000;
    expect(await owners.claim("run-1")).toBeUndefined();
    await owners.close();
  });

  test("release ends one claim of this process; after close, what it still holds is free at once", async () => {
    const { sql, other } = await heldBy("theirs");
    const owners = createRunOwners(sql);
    const later = createRunOwners(sql); // another process on the same data, as far as claims go
    expect(await owners.claim("a")).toBeUndefined();
    expect(await owners.claim("b")).toBeUndefined();
    await owners.release("a");
    await owners.release("theirs"); // not ours: stays theirs
    expect(await later.heldElsewhere("a")).toBeUndefined();
    expect(await later.heldElsewhere("b")).toBe(process.pid);
    expect(await later.heldElsewhere("theirs")).toBe(other.pid);
    await owners.close();
    expect(await later.claim("b")).toBeUndefined();
    expect(await later.claim("theirs")).toBe(other.pid);
    await later.close();
  });
});

const FLOW = "examples/hitl-review.flow.json";
type Api = ReturnType<typeof client>;

/** A server (offline model) for the length of `fn`, on `dataDir` or a fresh one. */
async function withServer(fn: (server: ServerProcess, api: Api) => Promise<void>, dataDir?: string): Promise<void> {
  const server = await startServerProcess({ dataDir, env: { TANDEM_SCRIPTED_DELAY_MS: "0" } });
  try {
    await fn(server, client(server.url));
  } finally {
    await server.stop();
  }
}

/** `tandem run` of the example flow in a terminal, waiting at its prompt for the reviewer. */
async function terminalRun(dataDir: string, input: string) {
  const cli = spawnCli(["run", FLOW, "--input", input], { dataDir });
  await cli.waitForOutput("\n> ");
  return { cli, id: runIdFrom(cli.stdout) };
}

/** `tandem run` of the example flow whose stdin closes at the question: it exits 3, the run waiting. */
async function leftWaiting(dataDir: string, input: string): Promise<string> {
  const r = await runCli(["run", FLOW, "--input", input], { dataDir, stdin: "" });
  expect(r.code, r.stderr).toBe(3);
  return runIdFrom(r.stdout);
}

const firstTask = (api: Api) => eventually(async () => (await api.get("/api/tasks")).body.tasks[0], 10_000, "the run among the tasks");

describe("a server and the CLI on the same data", () => {
  test("tandem resume of a run the server drives is refused, naming the server's pid; the run is untouched", () =>
    withServer(async (server, api) => {
      const id = await api.start(reviewFlow(), "held by the server");
      const { events } = await api.status(id, "waiting");
      const r = await runCli(["resume", id], { dataDir: server.dataDir, stdin: "approve\n" });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `tandem: run ${id} is being driven by another Tandem process (pid ${server.pid}): answer or control it there, or stop that process\n`,
      );
      const after = await api.run(id);
      expect(after.events).toEqual(events);
      // And the server still takes the answer.
      expect((await api.answer(id, after.state.pending.requestId, { outcome: "approve" })).status).toBe(200);
      await api.status(id, "completed");
    }));

  test("a run a terminal drives is refused over HTTP, naming the terminal; once the terminal is gone the server takes it on", () =>
    withServer(async (server, api) => {
      const { cli, id } = await terminalRun(server.dataDir, "asked in a terminal");
      const { state } = await api.run(id);
      expect(state.status).toBe("waiting");
      // While the terminal drives it, the server says who does and records nothing.
      const refused = await api.answer(id, state.pending.requestId, { outcome: "approve" });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: "held_elsewhere", message: expect.stringContaining(`(pid ${cli.pid})`) });
      expect((await api.control(id, "cancel")).body.error).toMatchObject({ code: "held_elsewhere" });
      expect((await api.get("/api/tasks")).body.total).toBe(0);
      // A stream opened now follows the run through the store, then live once the server has it.
      const sub = await subscribe(`${server.url}/api/runs/${id}/events`);
      await sub.waitFor((e) => e.type === "human.requested");

      cli.kill("SIGKILL"); // the terminal crashes
      await cli.exit;
      expect(await firstTask(api)).toMatchObject({ runId: id, requestId: state.pending.requestId });
      const answered = await api.answer(id, state.pending.requestId, { outcome: "approve" });
      expect(answered.status, answered.text).toBe(200);
      const done = await api.status(id, "completed");
      expect(done.events.filter((e) => e.type === "human.responded")).toHaveLength(1);
      expect(await sub.closed).toBe("ended");
      expect(sub.events).toEqual(done.events);
    }));

  test("a run a terminal left waiting (stdin closed) becomes a task of the server within seconds", () =>
    withServer(async (server, api) => {
      const id = await leftWaiting(server.dataDir, "left waiting");
      const task = await firstTask(api);
      expect(task).toMatchObject({ runId: id, flowName: "Writer and human reviewer", input: "left waiting" });
      await eventually(() => server.logs().includes("took on unfinished runs that another process left"), 5000, "the log line");
      expect((await api.answer(id, task.requestId, { outcome: "approve" })).status).toBe(200);
      await api.status(id, "completed");
    }));

  test("the deadline of a question a terminal left holds: the server takes the run on and the default outcome is taken", () =>
    withServer(async (server, api) => {
      const file = join(tempDir(), "timed.flow.json");
      writeFileSync(file, JSON.stringify(reviewFlow({ name: "Timed review", timeoutSeconds: 1, defaultOutcome: "approve" })));
      const r = await runCli(["run", file, "--input", "nobody answers"], { dataDir: server.dataDir, stdin: "" });
      expect(r.code, r.stderr).toBe(3);
      const { events } = await api.status(runIdFrom(r.stdout), "completed");
      expect(events.find((e) => e.type === "human.timed_out")).toMatchObject({ outcome: "approve" });
    }));

  test("a server starting up leaves a run another process drives to it, and says so", async () => {
    const dir = tempDir();
    const id = await leftWaiting(dir, "driven elsewhere");
    const other = await holder(dir, id);
    await withServer(async (server, api) => {
      // The log is on stderr, which may arrive after the ready line on stdout.
      const line = await eventually(() => server.logs().split("\n").find((l) => l.includes("left unfinished runs")), 5000, "the log line");
      expect(JSON.parse(line)).toMatchObject({ runs: 1, pids: [other.pid] });
      expect((await api.get("/api/tasks")).body).toEqual({ tasks: [], total: 0 });
      other.kill("SIGKILL");
      await other.exit;
      const { state } = await api.run(id);
      expect((await api.answer(id, state.pending.requestId, { outcome: "approve" })).status).toBe(200);
      await api.status(id, "completed");
    }, dir);
  });

  test("the server's event stream follows a run a terminal drives, to its end", () =>
    withServer(async (server, api) => {
      const { cli, id } = await terminalRun(server.dataDir, "watched from the studio");
      const sub = await subscribe(`${server.url}/api/runs/${id}/events`);
      await sub.waitFor((e) => e.type === "human.requested");
      // The terminal answers; the stream shows it as it is stored, and ends with the run.
      cli.writeLine("approve");
      expect(await sub.closed).toBe("ended");
      expect((await cli.waitForExit()).code).toBe(0);
      expect(sub.events.at(-1)).toMatchObject({ type: "run.finished", status: "completed" });
      expect(sub.events).toEqual((await api.run(id)).events);
    }));
});

describe("a server and the SDK on the same data", () => {
  test("a run Conversation.send drives, waiting for a person, is left to it by a server starting up; the server does not drive it", async () => {
    const dir = tempDir();
    const sdk = spawnCli([], { dataDir: dir, entry: "examples/hitl-review.ts" });
    await sdk.waitForOutput("\n> ");
    const id = runIdFrom(sdk.stdout);
    await withServer(async (server, api) => {
      const startup = /"msg":"(resumed unfinished runs|left unfinished runs[^"]*)"/;
      const line = await eventually(() => server.logs().split("\n").find((l) => startup.test(l)), 5000, "the start-up log line");
      expect(JSON.parse(line)).toMatchObject({ msg: expect.stringContaining("left unfinished runs"), runs: 1, pids: [sdk.pid] });
      expect((await api.get("/api/tasks")).body).toEqual({ tasks: [], total: 0 });
      const { state } = await api.run(id);
      const refused = await api.answer(id, state.pending.requestId, { text: "approve" });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: "held_elsewhere", message: expect.stringContaining(`(pid ${sdk.pid})`) });
      // The person answers where the SDK asked; the run ends there, with that one answer.
      sdk.writeLine("Looks good, approve.");
      expect((await sdk.waitForExit()).code, sdk.stderr).toBe(0);
      const done = await api.status(id, "completed");
      expect(done.events.filter((e) => e.type === "human.responded")).toEqual([expect.objectContaining({ by: "terminal" })]);
    }, dir);
  });
});
