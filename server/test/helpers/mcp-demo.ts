// The demo MCP server (examples/mcp/demo-server.mjs) for tests: its configuration over stdio,
// a Streamable HTTP instance on a free port, its ledger, and the processes running it.
//
//   const ledger = tempLedger();
//   const pool = new McpPool(poolConfig({ payments: demoStdio("payments", { LEDGER: ledger }) }));
//   const http = await startDemoHttp("library");   … http.url …   await http.stop();
//   demoChildren() → pids of this process's children running the demo server (childrenRunning(text): any command)
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { McpServerConfig, StdioServerConfig, ToolsConfig } from "../../src/tools/config.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const DEMO_SERVER = join(REPO, "examples/mcp/demo-server.mjs");

export function demoStdio(set: "payments" | "library", env: Record<string, string> = {}): StdioServerConfig {
  return { command: process.execPath, args: [DEMO_SERVER, set], env, cwd: REPO };
}

/** A pool's configuration: the servers given, and secrets from `secrets` (name → value). */
export function poolConfig(servers: Record<string, McpServerConfig>, secrets: Record<string, string> = {}): Pick<ToolsConfig, "mcpServers" | "secret"> {
  return { mcpServers: servers, secret: (name) => secrets[name] };
}

export const tempLedger = () => join(mkdtempSync(join(tmpdir(), "tandem-ledger-")), "ledger.jsonl");

export interface LedgerLine {
  type: "refund" | "cancelled";
  key: string | null;
  order_id?: string;
  amount?: number;
  refund_id?: string;
}

export function readLedger(file: string): LedgerLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as LedgerLine);
}

/** Resolves with the first line that matches, once the server has written it (watching the ledger's folder). */
export function ledgerLine(file: string, match: (line: LedgerLine) => boolean, timeoutMs = 10_000): Promise<LedgerLine> {
  return new Promise((resolve, reject) => {
    const done = () => {
      watcher.close();
      clearTimeout(timer);
    };
    const check = () => {
      let found: LedgerLine | undefined;
      try {
        found = readLedger(file).find(match);
      } catch {
        return; // a line half written: the next change completes it
      }
      if (!found) return;
      done();
      resolve(found);
    };
    const watcher = watch(dirname(file), check);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no matching ledger line within ${timeoutMs} ms: ${existsSync(file) ? readFileSync(file, "utf8") : "no ledger"}`));
    }, timeoutMs);
    check();
  });
}

/** This process's children (not yet ended) whose command line holds `text`, from /proc. */
export function childrenRunning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const state = fields[0];
      const parent = Number(fields[1]);
      if (parent !== process.pid || state === "Z") continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "latin1").includes(text)) pids.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}

/** This process's children that run the demo server. */
export const demoChildren = () => childrenRunning(DEMO_SERVER);

export interface DemoHttp {
  /** e.g. http://127.0.0.1:41234/mcp */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The demo server over Streamable HTTP on a free port; resolves once it says where it listens. */
export function startDemoHttp(set: "payments" | "library", env: Record<string, string> = {}): Promise<DemoHttp> {
  const child = spawn(process.execPath, [DEMO_SERVER, set, "--http", "0"], { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`demo server exited with ${code}: ${output}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening (\S+)/.exec(output);
      if (!m) return;
      resolve({
        url: m[1]!,
        pid: child.pid!,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGTERM");
          await exited;
        },
      });
    });
  });
}
