// A throwaway PostgreSQL server for tests and benchmarks: its own cluster in a temp dir, on a free
// loopback port, trusted local logins, stopped (immediate) and removed at the end. As root the
// cluster runs as the `postgres` user, as Postgres requires. $TANDEM_TEST_DATABASE_URL points
// the tests at a server already running instead (each test still gets a database of its own).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.js";

export interface TestPostgres {
  /** The server's admin URL (database `postgres`). */
  url: string;
  port: number;
  /** A new empty database on it; its URL. */
  freshDatabase(): Promise<string>;
  /** Stops the server at once, as a crash would (pg_ctl -m immediate); start() brings it back on the same data. */
  kill(): void;
  start(): void;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  throw new Error("PostgreSQL is not installed: apt-get install -y postgresql (or set TANDEM_TEST_DATABASE_URL)");
}

const asRoot = process.getuid?.() === 0;

/** Runs a Postgres program, as the postgres user when we are root. */
function pgRun(bin: string, args: string[]): void {
  const cmd = asRoot ? "su" : bin;
  const argv = asRoot ? ["postgres", "-s", "/bin/sh", "-c", [bin, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ")] : args;
  const r = spawnSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
}

let counter = 0;

export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.TANDEM_TEST_DATABASE_URL;
  if (external) return onServer(external, () => {}, () => {}, async () => {});
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "tandem-pg-"));
  chmodSync(dir, 0o777);
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  const data = join(dir, "data");
  const port = await freePort();
  pgRun(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=300`;
  const start = () => pgRun(join(bin, "pg_ctl"), ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
  const kill = () => pgRun(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
  start();
  return onServer(`postgres://postgres@127.0.0.1:${port}/postgres`, kill, start, async () => {
    try {
      kill();
    } catch {
      // Already stopped (a test killed it).
    }
    rmSync(dir, { recursive: true, force: true });
  });
}

function onServer(url: string, kill: () => void, start: () => void, stop: () => Promise<void>): TestPostgres {
  const port = Number(new URL(url).port || 5432);
  return {
    url,
    port,
    async freshDatabase() {
      const name = `tandem_test_${process.pid}_${Date.now().toString(36)}_${++counter}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    kill,
    start,
    stop,
  };
}
