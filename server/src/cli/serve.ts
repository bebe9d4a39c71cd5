import { startServer } from "../http/serve.js";
import { dataDir } from "../store/db.js";
import { DATABASE_FLAG, intFlag, parse, UsageError } from "./args.js";

/** Milliseconds between the scripted model's streamed words when serving the studio. */
const DEFAULT_SCRIPTED_DELAY_MS = 15;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { port: { type: "string" }, host: { type: "string" }, ...DATABASE_FLAG });
  const port = intFlag("port", values.port ?? process.env.PORT, 8787);
  const host = values.host ?? process.env.TANDEM_HOST ?? "127.0.0.1";
  const retryBase = optionalInt("TANDEM_RETRY_BASE_MS", 0);
  // The offline model streams at a pace a person can watch (tests and benches set 0).
  const scriptedDelayMs = optionalInt("TANDEM_SCRIPTED_DELAY_MS", 0) ?? DEFAULT_SCRIPTED_DELAY_MS;
  const server = await startServer({
    port,
    host,
    database: values.database,
    dataDir: dataDir(),
    token: process.env.TANDEM_TOKEN || undefined,
    // Where the built studio is, when it is not this repository's studio/dist.
    studioDir: process.env.TANDEM_STUDIO_DIR || undefined,
    // Both mostly for tests: a short heartbeat to watch for, short retry delays.
    sseHeartbeatMs: optionalInt("TANDEM_SSE_HEARTBEAT_MS"),
    sseMaxQueuedBytes: optionalInt("TANDEM_SSE_MAX_QUEUED_BYTES", 1, "bytes"),
    scriptedDelayMs,
    engine: retryBase === undefined ? undefined : { retry: { baseDelayMs: retryBase, maxDelayMs: Math.max(retryBase * 8, 1) } },
  });
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise<number>(() => {}); // serves until a signal
}

/** A whole number from the environment (at least `min`), or undefined when it is not set. */
function optionalInt(name: string, min = 1, unit = "milliseconds"): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number of ${unit} (at least ${min}), not "${raw}"`);
  return n;
}
