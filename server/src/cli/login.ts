// `tandem login`: signs in to a server, makes a personal API token for this terminal, and keeps
// it in $TANDEM_CONFIG_DIR/credentials.json (mode 0600) for other commands (readCredentials).
// The token is never printed; the short sign-in session it was made with is ended.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import type { Me, TokenCreated } from "@tandem/shared";
import { parse, UsageError } from "./args.js";
import { readPassword } from "./password.js";

export interface Credentials {
  token: string;
  username: string;
}

type CredentialsFile = { servers: Record<string, Credentials> };

function configDir(): string {
  return process.env.TANDEM_CONFIG_DIR || join(homedir(), ".config", "tandem");
}

const credentialsPath = () => join(configDir(), "credentials.json");

/** A server named the same way however it was typed: its origin. */
function serverKey(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new UsageError(`--server: "${url}" is not a URL (e.g. http://127.0.0.1:8787)`);
  }
}

function readFile(): CredentialsFile {
  try {
    return JSON.parse(readFileSync(credentialsPath(), "utf8")) as CredentialsFile;
  } catch {
    return { servers: {} };
  }
}

/** The token `tandem login` stored for this server, if any. */
export function readCredentials(serverUrl: string): Credentials | undefined {
  return readFile().servers[serverKey(serverUrl)];
}

function writeCredentials(serverUrl: string, credentials: Credentials): string {
  const file = readFile();
  file.servers[serverKey(serverUrl)] = credentials;
  mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  const path = credentialsPath();
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  // An older file keeps its mode on write: make sure.
  chmodSync(path, 0o600);
  return path;
}

async function call<T>(server: string, path: string, init: { method: string; headers?: Record<string, string>; body?: unknown }) {
  let res: Response;
  try {
    res = await fetch(new URL(path, server), {
      method: init.method,
      headers: { "x-tandem-via": "terminal", ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (e) {
    throw new UsageError(`cannot reach ${server}: ${(e as Error).message}`);
  }
  const data = res.status === 204 ? undefined : ((await res.json().catch(() => undefined)) as T & { error?: { message: string } });
  if (!res.ok) throw new UsageError(`${path}: ${data?.error?.message ?? `HTTP ${res.status}`}`);
  return { data: data as T, res };
}

export async function loginCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { server: { type: "string" }, username: { type: "string" } });
  if (!values.server) throw new UsageError("--server: expected the server's URL, e.g. --server http://127.0.0.1:8787");
  if (!values.username) throw new UsageError("--username: expected your username");
  const server = serverKey(values.server);
  const password = await readPassword({ confirm: false });

  const signedIn = await call<Me>(server, "/api/auth/sign-in", { method: "POST", body: { username: values.username, password } });
  const cookie = /tandem_session=[^;]+/.exec(signedIn.res.headers.get("set-cookie") ?? "")?.[0];
  const me = signedIn.data;
  if (!cookie || !me.user || !me.csrfToken) throw new UsageError(`${server} did not start a session: is it a Tandem server?`);
  const session = { cookie, "x-csrf-token": me.csrfToken };
  const made = await call<TokenCreated>(server, "/api/auth/tokens", { method: "POST", headers: session, body: { name: `terminal on ${hostname()}` } });
  await call(server, "/api/auth/sign-out", { method: "POST", headers: session });

  const path = writeCredentials(server, { token: made.data.token, username: me.user.username });
  console.log(`Signed in to ${server} as ${me.user.name} (${me.user.username}), roles: ${me.user.roles.join(", ") || "none"}.`);
  console.log(`A token named "${made.data.info.name}" is kept in ${path}.`);
  return 0;
}
