// Runs the real server (`tandem serve --port 0`) as a child process, for tests.
//
//   const server = await startServerProcess({ env: { OPENAI_BASE_URL: fake.url } });
//   const res = await fetch(`${server.url}/api/health`);
//   await server.stop();
//
// - `url` is read from the "Tandem is serving on <url>" line the server prints when ready.
// - TANDEM_DATA is a fresh temp dir unless `dataDir` is given: pass an earlier server's
//   dataDir to restart on the same data (e.g. after `kill9()`). Nothing is ever deleted.
// - The child gets this process's env without OPENAI_*, TANDEM_* and PORT, plus `env`,
//   so a developer's own keys never leak into a test.
// - It is `node --import tsx server/src/cli/main.ts`, no pnpm wrapper, so `pid` is the server
//   (`compiled`: `node server/bin/tandem.js`, the compiled CLI).
// - Rejects, with the child's output, if it exits or stays silent instead of serving.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ServerProcessOptions {
  /** Extra arguments after `serve --port 0`, e.g. ["--host", "0.0.0.0"]. */
  args?: string[];
  env?: Record<string, string>;
  dataDir?: string;
  /** How long to wait for the ready line (default 30 s). */
  timeoutMs?: number;
  /** Runs the compiled CLI instead of the source. */
  compiled?: boolean;
}

export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  dataDir: string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL (a crash): no shutdown code runs. Resolves once it has exited. */
  kill9(): Promise<void>;
  /** Everything it wrote to stdout and stderr so far. */
  logs(): string;
}

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = join(REPO, "server/src/cli/main.ts");
const COMPILED = join(REPO, "server/bin/tandem.js");
const READY = /Tandem is serving on (http:\/\/\S+)/;

export function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tandem-test-"));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(OPENAI_|TANDEM_)/.test(k) && k !== "PORT") env[k] = v;
  }
  Object.assign(env, { TANDEM_DATA: dataDir }, options.env);

  const entry = options.compiled ? [COMPILED] : ["--import", "tsx", MAIN];
  const child = spawn(process.execPath, [...entry, "serve", "--port", "0", ...(options.args ?? [])], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (!running()) return;
    process.kill(child.pid!, sig);
    const timer = setTimeout(() => running() && process.kill(child.pid!, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<ServerProcess>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      void signal("SIGKILL", 0);
      reject(new Error(`server ${why}; its output:\n${output}`));
    };
    const timeout = setTimeout(() => fail("did not say it was serving in time"), options.timeoutMs ?? 30_000);
    child.once("exit", (code, sig) => fail(`exited with code ${code ?? sig} before serving`));
    child.stdout.on("data", function ready() {
      const m = READY.exec(stdout);
      if (!m || settled) return;
      settled = true;
      clearTimeout(timeout);
      child.stdout.off("data", ready);
      resolve({
        url: m[1]!,
        pid: child.pid!,
        dataDir,
        stop: () => signal("SIGTERM", 5000),
        kill9: () => signal("SIGKILL", 0),
        logs: () => output,
      });
    });
  });
}
