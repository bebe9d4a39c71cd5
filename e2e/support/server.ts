// Starts the real Tandem server for the e2e tests and the bench: a fresh data directory, a free
// port, the URL read from its "Tandem is serving on <url>" line; stopped by PID.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Fixtures, PlaywrightTestArgs, PlaywrightTestOptions } from "@playwright/test";
import { PROVIDERS } from "@tandem/shared";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningServer {
  url: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

const READY = /Tandem is serving on (\S+)/;

/** `extraEnv` is added last, e.g. OPENAI_BASE_URL for a fake model server. */
export async function startServer(timeoutMs = 30_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env, TANDEM_DATA: dataDir };
  // The scripted model keeps runs offline and deterministic, whatever the machine has set.
  for (const p of PROVIDERS) for (const name of [...p.keyEnv, p.urlEnv]) delete env[name];
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/cli/main.ts", "serve", "--port", "0"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ""));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { url, pid: child.pid!, dataDir, stop: () => stop(child, dataDir) };
}

async function stop(child: ChildProcess, dataDir: string) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(child.pid!, "SIGTERM");
    const killer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, "SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** Fixtures giving each test a fresh server of its own as its baseURL: `test.extend(ownServer)`. */
export const ownServer: Fixtures<{ server: RunningServer }, {}, PlaywrightTestArgs & PlaywrightTestOptions> = {
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
  baseURL: async ({ server }, use) => use(server.url),
};
