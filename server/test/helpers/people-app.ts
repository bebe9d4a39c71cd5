// The real HTTP app on a real SQLite data directory, with signed-in people: a small middleware
// in front sets the Principal from the X-Test-User header (the username of one of `users`), as
// the auth middleware does from a session or token (none: open, as with no accounts);
// X-Tandem-Via says how, as for a token.
import { serve } from "@hono/node-server";
import { OpenAPIHono } from "@hono/zod-openapi";
import { VIAS, type UserInfo, type Via } from "@tandem/shared";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setPrincipal } from "../../src/auth/principal.js";
import { createApp } from "../../src/http/app.js";
import { createLogger } from "../../src/http/logging.js";
import { SseHub } from "../../src/http/sse.js";
import { openRuntime, type Runtime } from "../../src/runtime.js";
import type { CodePart } from "../../src/tools/toolbox.js";
import { afterAll, beforeAll } from "vitest";
import { cleanupCli, tempDir } from "./cli.js";
import { client, reviewFlow } from "./runs-api.js";

export interface PeopleApp {
  url: string;
  runtime: Runtime;
  /** Calls as the user with this username (none: open, as on a server without accounts). */
  as(username?: string, via?: Via): ReturnType<typeof client>;
  close(): Promise<void>;
}

/** A user with these roles, named after the username. */
export const user = (username: string, ...roles: string[]): UserInfo => ({ id: `u-${username}`, username, name: username[0]!.toUpperCase() + username.slice(1), roles, createdAt: 0 });

export async function startPeopleApp(users: UserInfo[], codeTools?: CodePart): Promise<PeopleApp> {
  const runtime = openRuntime({ dataDir: tempDir("tandem-people-"), registry: { scriptedDelayMs: 0 }, codeTools });
  let port = 0;
  const app = createApp({ runtime, sse: new SseHub(), logger: createLogger({ level: "warn" }), security: { host: "127.0.0.1", port: () => port } });
  const outer = new OpenAPIHono();
  outer.use(async (c, next) => {
    const username = c.req.header("x-test-user");
    const via = (VIAS as readonly string[]).includes(c.req.header("x-tandem-via") ?? "") ? (c.req.header("x-tandem-via") as Via) : "http";
    const u = username ? users.find((x) => x.username === username) : undefined;
    if (username && !u) throw new Error(`no test user ${username}`);
    setPrincipal(c, u ? { kind: "user", user: u, via } : { kind: "open", via });
    await next();
  });
  outer.route("/", app);
  const server = serve({ fetch: outer.fetch, hostname: "127.0.0.1", port: 0 }) as Server;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    runtime,
    as(username, via) {
      return client(url, { ...(username ? { "x-test-user": username } : {}), ...(via ? { "x-tandem-via": via } : {}) });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
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
