// Runs the real server (`tandem serve --port 0`) as a child process, for tests.
//
//   const server = await startServerProcess({ env: { OPENAI_BASE_URL: fake.url } });
//   const res = await fetch(`${server.url}/api/health`);
//   await server.stop();
//
// - `url` is read from the "Tandem is serving on <url>" line the server prints when ready.
// - TANDEM_DATA is a fresh temp dir unless `dataDir` is given: pass an earlier server's
//   dataDir to restart on the same data (e.g. after `kill9()`). Nothing is ever deleted.
// - The child gets this process's env without model providers' settings, TANDEM_*, OTEL_* and PORT, plus `env`,
//   so a developer's own keys never leak into a test.
// - It is `node --import tsx server/src/cli/main.ts`, no pnpm wrapper, so `pid` is the server
//   (`compiled`: `node server/bin/tandem.js`, the compiled CLI).
// - Rejects, with the child's output, if it exits or stays silent instead of serving.
// - `unreaped: true` starts it under a shell that does not reap it when it dies, as a parent
//   without an init does in a container: after `kill9()` it is a zombie (`processState(pid)`
//   is "Z") until `reap()`.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
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
  /** Started under a parent that reaps it only on `reap()`. */
  unreaped?: boolean;
}

export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  dataDir: string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL (a crash): no shutdown code runs. Resolves once it has exited (unreaped: once it is a zombie). */
  kill9(): Promise<void>;
  /** Unreaped: lets its parent reap it (after kill9), and resolves once that parent has exited. */
  reap(): Promise<void>;
  /** Everything it wrote to stdout and stderr so far. */
  logs(): string;
}

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = join(REPO, "server/src/cli/main.ts");
const COMPILED = join(REPO, "server/bin/tandem.js");
const READY = /Tandem is serving on (http:\/\/\S+)/;
const PID = /^pid (\d+)\n/;
// Runs the server in the background, says its pid, and reaps it only once a line comes in.
const UNREAPED_SHELL = '"$0" "$@" & echo "pid $!"; read _; wait';

/** The state letter of /proc/<pid>/stat ("S", "R", "Z" for a zombie…), or undefined once the process is gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.charAt(stat.lastIndexOf(")") + 2);
  } catch {
    return undefined;
  }
}

const isDead = (pid: number) => ["Z", "X", undefined].includes(processState(pid));

/** Resolves once the process is a zombie or gone (it is not this process's child, so there is no exit event). */
async function died(pid: number): Promise<void> {
  while (!isDead(pid)) await new Promise((resolve) => setTimeout(resolve, 10));
}

export function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tandem-test-"));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(OPENAI_|ANTHROPIC_|GEMINI_|GOOGLE_API_KEY|OLLAMA_|TANDEM_|OTEL_)/.test(k) && k !== "PORT") env[k] = v;
  }
  Object.assign(env, { TANDEM_DATA: dataDir }, options.env);

  const entry = options.compiled ? [COMPILED] : ["--import", "tsx", MAIN];
  const command = [process.execPath, ...entry, "serve", "--port", "0", ...(options.args ?? [])];
  const child = options.unreaped
    ? spawn("/bin/sh", ["-c", UNREAPED_SHELL, ...command], { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] })
    : spawn(command[0]!, command.slice(1), { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const parentExited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = () => (options.unreaped ? Number(PID.exec(stdout)?.[1]) : child.pid!);
  const running = () => (options.unreaped ? !isDead(pid()) : child.exitCode === null && child.signalCode === null);
  const exited = options.unreaped ? () => died(pid()) : () => parentExited;
  const reap = async () => {
    child.stdin?.end("\n");
    await parentExited;
  };

  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (!running()) return;
    process.kill(pid(), sig);
    const timer = setTimeout(() => running() && process.kill(pid(), "SIGKILL"), graceMs);
    await exited();
    clearTimeout(timer);
  };

  return new Promise<ServerProcess>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      void signal("SIGKILL", 0).then(reap);
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
        pid: pid(),
        dataDir,
        stop: async () => {
          await signal("SIGTERM", 5000);
          if (options.unreaped) await reap();
        },
        kill9: () => signal("SIGKILL", 0),
        reap,
        logs: () => output,
      });
    });
  });
}
