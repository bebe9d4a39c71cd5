// Runs the real `tandem` CLI (or an example script) as a child process for tests:
//   process.execPath --import tsx server/src/cli/main.ts <args>
// (or the compiled CLI, `process.execPath server/bin/tandem.js <args>`, with `compiled`)
// with cwd at the repository root, TANDEM_DATA pointing at a temp dir of the test's choosing,
// stdin as a pipe the test writes to, and stdout/stderr gathered as they arrive.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (server/test/helpers → ../../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CLI_ENTRY = "server/src/cli/main.ts";
/** The compiled CLI, as `pnpm tandem` and an installed `tandem` run it (it builds server/dist when stale). */
export const COMPILED_CLI = "server/bin/tandem.js";

export interface SpawnOptions {
  /** TANDEM_DATA for the child. */
  dataDir: string;
  /** Extra environment (e.g. OPENAI_API_KEY, OPENAI_BASE_URL). */
  env?: Record<string, string>;
  /** The script to run instead of the CLI, relative to ROOT. */
  entry?: string;
  /** Runs the compiled CLI instead of the source. */
  compiled?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Settles when the process has exited and its output is all read. */
  readonly exit: Promise<Exit>;
  /** Resolves with stdout once it matches; rejects (with the output so far) on timeout or exit. */
  waitForOutput(match: string | RegExp | ((stdout: string) => boolean), timeoutMs?: number): Promise<string>;
  writeLine(line: string): void;
  endInput(): void;
  /** Sends a signal to the child's PID. */
  kill(signal: NodeJS.Signals): void;
  /** Waits for the exit, killing the child if it takes longer than timeoutMs. */
  waitForExit(timeoutMs?: number): Promise<Exit>;
}

const live = new Set<CliProcess>();
const dirs = new Set<string>();

/** The environment of the child: this one without anything that would change the model or data setup. */
function childEnv(opts: SpawnOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OPENAI_|TANDEM_|VITEST|NODE_OPTIONS$|PORT$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: "1", TANDEM_DATA: opts.dataDir, ...opts.env };
}

function matches(out: string, match: string | RegExp | ((stdout: string) => boolean)): boolean {
  if (typeof match === "string") return out.includes(match);
  if (match instanceof RegExp) return match.test(out);
  return match(out);
}

export function spawnCli(args: string[], opts: SpawnOptions): CliProcess {
  const node = opts.compiled ? [COMPILED_CLI] : ["--import", "tsx", opts.entry ?? CLI_ENTRY];
  const child = spawn(process.execPath, [...node, ...args], {
    cwd: ROOT,
    env: childEnv(opts),
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("could not start the CLI");
  const pid = child.pid;
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    notify();
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    notify();
  });
  // A child that exits before reading its stdin must not fail the test with EPIPE.
  child.stdin!.on("error", () => {});
  let exited = false;
  const exit = new Promise<Exit>((resolveExit) => {
    child.on("close", (code, signal) => {
      exited = true;
      live.delete(proc);
      notify();
      resolveExit({ code, signal });
    });
  });

  const describe = () => `\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;

  const proc: CliProcess = {
    child,
    pid,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exit,
    waitForOutput(match, timeoutMs = 10_000) {
      return new Promise((resolveWait, reject) => {
        const check = () => {
          if (matches(stdout, match)) {
            cleanup();
            resolveWait(stdout);
          } else if (exited) {
            cleanup();
            reject(new Error(`the process exited before its output matched ${String(match)}${describe()}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no output matching ${String(match)} within ${timeoutMs} ms${describe()}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    writeLine(line) {
      child.stdin!.write(`${line}\n`);
    },
    endInput() {
      child.stdin!.end();
    },
    kill(signal) {
      if (!exited) process.kill(pid, signal);
    },
    async waitForExit(timeoutMs = 15_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          proc.kill("SIGKILL");
          reject(new Error(`the process did not exit within ${timeoutMs} ms${describe()}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exit, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  live.add(proc);
  return proc;
}

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end, with `stdin` written up front (then closed). */
export async function runCli(args: string[], opts: SpawnOptions & { stdin?: string; timeoutMs?: number }): Promise<CliResult> {
  const proc = spawnCli(args, opts);
  if (opts.stdin !== undefined) proc.child.stdin!.write(opts.stdin);
  proc.endInput();
  const exit = await proc.waitForExit(opts.timeoutMs);
  return { ...exit, stdout: proc.stdout, stderr: proc.stderr };
}

/** A fresh temp dir (removed by cleanupCli). */
export function tempDir(prefix = "tandem-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/** Kills any child still running (by its PID) and removes the temp dirs. */
export async function cleanupCli(): Promise<void> {
  const running = [...live];
  for (const p of running) p.kill("SIGKILL");
  await Promise.all(running.map((p) => p.exit));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

/** The run id the CLI prints in its first line ("▶ <flow> · run <id>"). */
export function runIdFrom(stdout: string): string {
  const m = /· run ([0-9a-f-]{36})/.exec(stdout);
  if (!m) throw new Error(`no run id in the output:\n${stdout}`);
  return m[1]!;
}

/** How many times `needle` occurs in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
