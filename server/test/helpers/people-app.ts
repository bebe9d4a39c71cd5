// The real HTTP app on a real SQLite data directory, with signed-in people: each of `users` is
// an account with a personal API token, and calls go as one of them through the real auth
// middleware (with no users the server is open, as with no accounts); X-Tandem-Via says how.
import { serve } from "@hono/node-server";
import { BUILTIN_ROLES, type UserInfo, type Via } from "@tandem/shared";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { digestOf, newApiToken } from "../../src/auth/secrets.js";
import { createApp } from "../../src/http/app.js";
import { createLogger } from "../../src/http/logging.js";
import { SseHub } from "../../src/http/sse.js";
import { openRuntime, type Runtime, type RuntimeOptions } from "../../src/runtime.js";
import type { CodePart } from "../../src/tools/toolbox.js";
import { afterAll, beforeAll } from "vitest";
import { cleanupCli, tempDir } from "./cli.js";
import { client, reviewFlow } from "./runs-api.js";

export interface PeopleApp {
  url: string;
  runtime: Runtime;
  /** Calls as the user with this username (none: an admin who runs the tests' flows, or nobody on an open server). */
  as(username?: string, via?: Via): ReturnType<typeof client>;
  close(): Promise<void>;
}

/** A user with these roles, named after the username. */
export const user = (username: string, ...roles: string[]): UserInfo => ({ id: `u-${username}`, username, name: username[0]!.toUpperCase() + username.slice(1), roles, createdAt: 0 });

/** `more`: notification settings and webhook timings, another model registry. */
export async function startPeopleApp(users: UserInfo[], codeTools?: CodePart, more: Pick<RuntimeOptions, "notify" | "registry"> = {}): Promise<PeopleApp> {
  const runtime = await openRuntime({ dataDir: tempDir("tandem-people-"), registry: { scriptedDelayMs: 0 }, codeTools, ...more });
  let port = 0;
  const tokens = users.length > 0 ? await addAccounts(runtime, [...users, user("runner", "admin")]) : new Map<string, string>();
  const app = createApp({ runtime, sse: new SseHub(), logger: createLogger({ level: "warn" }), security: { host: "127.0.0.1", port: () => port } });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }) as Server;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    runtime,
    as(username, via) {
      const token = tokens.get(username ?? "runner");
      if (username && !token) throw new Error(`no test user ${username}`);
      return client(url, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(via ? { "x-tandem-via": via } : {}) });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

/** Stores each user (and their reviewer roles) as an account with a token; returns the tokens by username. */
async function addAccounts(runtime: Runtime, users: UserInfo[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const roles = new Set(users.flatMap((u) => u.roles).filter((r) => !(BUILTIN_ROLES as readonly string[]).includes(r)));
  for (const role of roles) await runtime.accounts.createRole(role, "");
  for (const u of users) {
    // Never signed in with: the calls use the token.
    await runtime.accounts.createUser({ ...u, passwordHash: "none" });
    const token = newApiToken();
    await runtime.accounts.createToken(u.id, { id: `t-${u.username}`, name: "tests", prefix: token.slice(0, 8), createdAt: 0 }, digestOf(token));
    tokens.set(u.username, token);
  }
  return tokens;
}

/** Starts the app before the tests of the calling file and closes it after them; `app` is it. */
export function withPeopleApp(users: UserInfo[], codeTools?: CodePart): { app: PeopleApp } {
  const running = {} as { app: PeopleApp };
  beforeAll(async () => {
    running.app = await startPeopleApp(users, codeTools);
  });
  afterAll(async () => {
    await running.app?.close();
    await cleanupCli();
  });
  return running;
}

/** The review flow with its human node's people settings (assignees, quorum). */
export function assignedReview(data: Record<string, unknown>, name?: string) {
  const flow = reviewFlow({ name });
  Object.assign(flow.nodes.find((n) => n.id === "reviewer")!.data!, data);
  return flow;
}

/** Starts a run and waits for its question; returns the run and request ids. */
export async function asked(app: PeopleApp, flow: unknown) {
  const api = app.as();
  const id = await api.start(flow, "a contract");
  const { state } = await api.status(id, "waiting");
  return { id, requestId: state.pending.requestId as string };
}
