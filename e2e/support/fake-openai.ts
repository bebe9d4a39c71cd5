// The fake OpenAI-compatible server (server/test/fake-openai.ts) as its own process, and a
// Tandem server that uses it as its model provider: the real OpenAI SDK path, end to end.
import { spawn } from "node:child_process";
import { test as base } from "@playwright/test";
import { REPO_ROOT, startServer, type RunningServer } from "./server.js";

export interface FakeOpenAI {
  /** The base URL for OPENAI_BASE_URL, ending in /v1. */
  url: string;
  /** Queues the reply to the next chat call (see FakeReply in server/test/fake-openai.ts). */
  enqueue(reply: {
    text?: string;
    toolCalls?: { id?: string; name: string; arguments: string | object }[];
    tokenDelayMs?: number;
    status?: number;
    message?: string;
    stall?: "before-headers" | "after-headers";
    holdAfterTokens?: number;
  }): Promise<void>;
  /** Resumes the streams held by `holdAfterTokens`. */
  release(): Promise<void>;
  stop(): Promise<void>;
}

const LISTENING = /listening (\S+)/;

export async function startFakeOpenAI(timeoutMs = 20_000): Promise<FakeOpenAI> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/test/fake-openai.ts", "--port", "0"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the fake OpenAI server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = LISTENING.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the fake OpenAI server exited with ${code}:\n${output}`));
    });
  });
  const control = async (what: string, body?: object) => {
    const response = await fetch(new URL(`/__control/${what}`, url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
    if (!response.ok) throw new Error(`${what} failed: ${response.status}`);
  };
  return {
    url,
    enqueue: (reply) => control("enqueue", reply),
    release: () => control("release"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      process.kill(child.pid!, "SIGTERM");
      await exited;
    },
  };
}

/** A fake model server and a Tandem server with OPENAI_API_KEY and OPENAI_BASE_URL pointing at it (and `env`). */
export async function startOnlineServer(env: NodeJS.ProcessEnv = {}): Promise<{ fake: FakeOpenAI; server: RunningServer; stop(): Promise<void> }> {
  const fake = await startFakeOpenAI();
  try {
    const server = await startServer(30_000, { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url, ...env });
    return { fake, server, stop: async () => void (await Promise.all([server.stop(), fake.stop()])) };
  } catch (e) {
    await fake.stop();
    throw e;
  }
}

/** Playwright's test with, per worker, a fake model server and a Tandem server using it as the pages' base URL. */
export const onlineTest = base.extend<{}, { online: { fake: FakeOpenAI; url: string } }>({
  online: [
    async ({}, use) => {
      const { fake, server, stop } = await startOnlineServer();
      await use({ fake, url: server.url });
      await stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
  baseURL: async ({ online }, use) => use(online.url),
});
