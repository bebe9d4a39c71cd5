// Starting the HTTP server: opens the data (runtime.ts), builds the app on it, goes on with
// unfinished runs, listens, and says where it is.
import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { PROVIDERS } from "@tandem/shared";
import { OFFLINE_NOTICE } from "../providers/registry.js";
import type { EngineDeps } from "../engine/deps.js";
import { loadNotifyConfig } from "../notify/config.js";
import { loadTraceConfig } from "../tracing/config.js";
import { openRuntime, type Runtime, type RuntimeOptions } from "../runtime.js";
import { createApp, type TandemApp } from "./app.js";
import { SseHub } from "./sse.js";
import { createLogger } from "./logging.js";
import { isLoopback, isWildcard, urlHost } from "./security.js";

export interface StartOptions {
  /** 0 picks a free port; the real one is in the result. */
  port: number;
  host: string;
  /** The database: a Postgres URL or a data directory (default: $TANDEM_DATABASE_URL, else dataDir). */
  database?: string;
  dataDir?: string;
  /** Bearer token for /api; required when `host` is not loopback. */
  token?: string;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  logger?: Logger;
  studioDir?: string;
  /** Engine settings (tests use short retry delays). */
  engine?: Pick<EngineDeps, "retry" | "deltaFlushMs">;
  /** How often an open event stream gets a heartbeat comment (default 15 s). */
  sseHeartbeatMs?: number;
  /** Bytes queued for an event-stream client that is not reading before it is cut off (default 8 MiB). */
  sseMaxQueuedBytes?: number;
  /** Pause between the scripted model's streamed words (default 0). */
  scriptedDelayMs?: number;
  /** Notifications (default: from $TANDEM_NOTIFY or ./tandem.notify.json); tests give their own. */
  notify?: Omit<NonNullable<RuntimeOptions["notify"]>, "logger">;
  /** Traces (default: from the OTEL_* and TANDEM_TRACE_* variables); tests give their own. */
  tracing?: Omit<NonNullable<RuntimeOptions["tracing"]>, "logger">;
}

export interface RunningServer {
  /** Where a browser on this machine reaches it, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  host: string;
  app: TandemApp;
  runtime: Runtime;
  close(): Promise<void>;
}

/** A startup failure that is the user's to fix; the CLI prints its message without a stack. */
export class ServerConfigError extends Error {
  readonly cliError = true;
}

const MIN_TOKEN_LENGTH = 16;
// Open connections (a browser's keep-alive, a live event stream) get this long to finish on close.
const CLOSE_GRACE_MS = 1000;
// How often this server looks for runs that a process which is gone left unfinished (a terminal
// that quit while a person was needed), to drive them: they show under Tasks, their deadlines hold.
const ADOPT_MS = 2000;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { host, token } = options;
  if (!isLoopback(host) && !token) {
    throw new ServerConfigError(
      `refusing to serve on ${host} without a token: anyone who can reach it could run flows with your API keys. ` +
        `Set TANDEM_TOKEN to a long random secret (clients send "Authorization: Bearer <token>"), or bind to 127.0.0.1.`,
    );
  }
  if (!isLoopback(host) && token!.length < MIN_TOKEN_LENGTH) {
    throw new ServerConfigError(`TANDEM_TOKEN is too short: use at least ${MIN_TOKEN_LENGTH} random characters`);
  }

  const notifyConfig = options.notify?.config ?? loadNotifyConfig();
  const notifySecrets = [...notifyConfig.webhooks.map((w) => w.secretEnv), notifyConfig.smtp?.passEnv].map((name) => name && notifyConfig.env(name));
  const traceConfig = options.tracing?.config ?? loadTraceConfig();
  // A collector's headers often carry its key.
  const traceSecrets = Object.values(traceConfig.export?.headers ?? {});
  const providerKeys = PROVIDERS.flatMap((p) => p.keyEnv.map((name) => process.env[name]));
  const logger = options.logger ?? createLogger({ secrets: [...providerKeys, token, ...notifySecrets, ...traceSecrets] });
  const runtime = await openRuntime({
    database: options.database,
    dataDir: options.dataDir,
    registry: { scriptedDelayMs: options.scriptedDelayMs },
    engine: {
      ...options.engine,
      // One line when writes start failing, one when they go through again: not one per run or per try.
      onStoreHealth: (trouble) =>
        trouble
          ? logger.error({ err: trouble.message }, "the database cannot be reached: runs wait, and retry their writes until it answers")
          : logger.info("the database answers again: runs go on"),
    },
    logger,
    notify: { ...options.notify, config: notifyConfig, logger },
    tracing: { ...options.tracing, config: traceConfig, logger },
    checkpoints: (err) => logger.warn({ err: err.message }, "background checkpoints stopped: commits checkpoint again"),
  });
  const { engine, registry } = runtime;
  const sse = new SseHub({
    signals: runtime.signals,
    heartbeatMs: options.sseHeartbeatMs,
    maxQueuedBytes: options.sseMaxQueuedBytes,
    onCutOff: (runId, queuedBytes) =>
      logger.warn({ runId, queuedBytes }, "event stream client fell behind: cut off, it resumes from Last-Event-ID"),
  });
  let port = options.port;
  const app = createApp({
    runtime,
    sse,
    logger,
    security: { host, port: () => port, bodyLimit: options.bodyLimit },
    token,
    studioDir: options.studioDir,
  });
  let server: Server;
  try {
    // Listed by /api/cluster from now on, runs or not; and a server before it claims anything, so
    // that a run it takes on is one another server may take at rest (a terminal's is not).
    await runtime.owners.announce();
    // Runs that were waiting, paused or streaming when the last process stopped go on.
    const { resumed, heldElsewhere, damaged } = await engine.resumeAll();
    if (resumed.length) logger.info({ runs: resumed.length }, "resumed unfinished runs");
    // An evaluation runs inside the server that started it: one whose server is gone was cut off.
    const interrupted = await runtime.evaluations.failInterrupted(await runtime.owners.live());
    if (interrupted) logger.warn({ evaluations: interrupted }, "marked evaluations the last stop cut off as failed");
    for (const e of damaged) logger.warn({ runId: e.runId, reason: e.reason }, "left a run that cannot be read: it is listed as damaged");
    if (heldElsewhere.length) {
      const pids = [...new Set(heldElsewhere.map((e) => e.pid))];
      logger.info({ runs: heldElsewhere.length, pids }, "left unfinished runs to the other Tandem processes that drive them");
    }
    server = await listen(app, host, options.port);
    runtime.scheduler.start(logger);
  } catch (e) {
    await runtime.close();
    throw e;
  }
  port = (server.address() as AddressInfo).port;
  // Said once while it fails (the database away for a while), not every ADOPT_MS.
  let adoptFailing = false;
  const adopt = setInterval(async () => {
    try {
      const adopted = await engine.adoptLeft();
      const cutOff = await runtime.evaluations.failInterrupted(await runtime.owners.live());
      adoptFailing = false;
      if (adopted.length) logger.info({ runs: adopted.length }, "took on unfinished runs that another process left");
      if (cutOff) logger.warn({ evaluations: cutOff }, "marked evaluations a stopped server cut off as failed");
    } catch (err) {
      if (!adoptFailing) logger.warn({ err: (err as Error).message }, "could not take on runs another process left");
      adoptFailing = true;
    }
  }, ADOPT_MS).unref();

  // Bound to every interface, the loopback URL is the one that surely works on this machine.
  const url = `http://${isWildcard(host) ? "127.0.0.1" : urlHost(host)}:${port}`;
  if (registry.offline) logger.warn(OFFLINE_NOTICE);
  process.stdout.write(`Tandem is serving on ${url} (studio at /, API at /api)\n`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      clearInterval(adopt);
      runtime.scheduler.stop();
      // Event streams would otherwise hold the close for the whole grace period; their
      // clients reconnect with Last-Event-ID to whichever server comes next. A connection
      // whose response ends after this point goes idle but stays open, so sweep until closed.
      sse.closeAll();
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 20).unref();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      await closed;
      clearInterval(sweep);
      clearTimeout(force);
      // Runs are not cancelled: they stay as stored and go on when the server starts again.
      await runtime.close();
    })());

  return { url, port, host, app, runtime, close };
}

function listen(app: TandemApp, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }) as Server;
    // Idle keep-alive sockets stay open longer than clients keep theirs (Node's 5 s is shorter
    // than most), so a client never sends on a socket the server is closing (ECONNRESET).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once("listening", () => resolve(server));
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? new ServerConfigError(`port ${port} on ${host} is already in use; pick another with --port`) : e),
    );
  });
}
