// The operator's tools configuration: which MCP servers exist, where HTTP tools may go, which
// secrets there are. Read from a file the server's operator controls, never from a flow or a caller.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { formatPath } from "@tandem/shared";
import { z } from "zod";

export interface StdioServerConfig {
  command: string;
  args: string[];
  /** Added to a small safe environment (PATH, HOME…); values may hold {{secret.NAME}}. */
  env: Record<string, string>;
  /** Absolute: resolved against the configuration file's folder. */
  cwd: string;
}

export interface HttpServerConfig {
  url: string;
  /** Values may hold {{secret.NAME}}. */
  headers: Record<string, string>;
}

export type McpServerConfig = StdioServerConfig | HttpServerConfig;

/** Where HTTP tools may send requests. */
export interface HttpPolicy {
  /** Hosts ("api.example.com"), subdomains ("*.example.org") or host:port ("127.0.0.1:4010"). */
  allow: string[];
  /** Loopback and private address ranges are refused unless this is true. */
  allowPrivate: boolean;
}

export interface ToolsConfig {
  /** The file it was read from; undefined when there is none. */
  file?: string;
  mcpServers: Record<string, McpServerConfig>;
  http: HttpPolicy;
  /** The declared secrets' names (never their values). */
  secrets: string[];
  /** A secret's value, read from its environment variable now; undefined if unknown or unset. */
  secret(name: string): string | undefined;
}

/** A configuration file that cannot be used; the message names the file and the field. */
export class ToolsConfigError extends Error {
  /** The CLI says the message alone (no stack): it is the operator's to fix. */
  readonly cliError = true;

  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ""}${problem}`);
    this.name = "ToolsConfigError";
  }
}

export const isStdio = (server: McpServerConfig): server is StdioServerConfig => "command" in server;

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_REF = /\{\{\s*secret\.([^}\s]*)\s*\}\}/g;
const HOST = /^(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

const text = (what: string) => z.string({ error: `expected ${what}` });
const strings = z.record(z.string(), text("a string"));

const Stdio = z.strictObject({
  command: text("a command").min(1, "expected a command"),
  args: z.array(text("a string"), { error: "expected a list of strings" }).default([]),
  env: strings.default({}),
  cwd: text("a folder").optional(),
});

const Http = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }),
  headers: strings.default({}),
});

const File = z.strictObject({
  mcpServers: z.record(z.string().regex(NAME, "a server name is 1 to 64 letters, digits, _ or -"), z.unknown()).default({}),
  http: z
    .strictObject({
      allow: z.array(z.string().regex(HOST, 'expected a host, "*.domain" or host:port'), { error: "expected a list of hosts" }).default([]),
      allowPrivate: z.boolean({ error: "expected true or false" }).default(false),
    })
    .default({ allow: [], allowPrivate: false }),
  secrets: z
    .record(z.string().regex(SECRET_NAME, "a secret name is letters, digits and _"), z.strictObject({ env: text("an environment variable name").min(1) }))
    .default({}),
});

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** $TANDEM_TOOLS, else tandem.tools.json in cwd if there is one, else an empty configuration. */
export function loadToolsConfig(options: LoadOptions = {}): ToolsConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const named = env.TANDEM_TOOLS;
  const file = resolve(cwd, named || "tandem.tools.json");
  if (!named && !existsSync(file)) return parseToolsConfig({}, { env, file: undefined, base: cwd });
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ToolsConfigError(file, "", `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}; it is named by TANDEM_TOOLS)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ToolsConfigError(file, "", `is not JSON (${(e as Error).message})`);
  }
  return parseToolsConfig(json, { env, file, base: dirname(file) });
}

/** Checks a parsed file; throws ToolsConfigError naming the first bad field. */
export function parseToolsConfig(json: unknown, at: { env: NodeJS.ProcessEnv; file: string | undefined; base: string }): ToolsConfig {
  const where = at.file ?? "tools configuration";
  const fail = (path: PropertyKey[], problem: string): never => {
    throw new ToolsConfigError(where, formatPath(path), problem);
  };
  const check = <T>(schema: z.ZodType<T>, value: unknown, path: PropertyKey[]): T => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    // An unknown field first: it is often the reason a known one is missing (a secret's "value").
    const issue = result.error.issues.find((i) => i.code === "unrecognized_keys") ?? result.error.issues[0]!;
    if (issue.code === "unrecognized_keys") return fail([...path, ...issue.path, issue.keys[0]!], "unknown field");
    if (issue.code === "invalid_key") return fail([...path, ...issue.path], issue.issues[0]?.message ?? "bad name");
    if (issue.code === "invalid_type" && (issue.expected === "object" || issue.expected === "record")) return fail([...path, ...issue.path], "expected an object");
    return fail([...path, ...issue.path], issue.message);
  };

  const parsed = check(File, json, []);
  const secretEnv = new Map(Object.entries(parsed.secrets).map(([name, s]) => [name, s.env]));
  const declared = (value: string, path: PropertyKey[]) => {
    for (const [, name] of value.matchAll(SECRET_REF)) {
      if (!secretEnv.has(name!)) fail(path, `unknown secret "${name}" (declare it under secrets)`);
    }
    return value;
  };
  const mcpServers: Record<string, McpServerConfig> = {};
  for (const [name, entry] of Object.entries(parsed.mcpServers)) {
    const path = ["mcpServers", name];
    const isHttp = entry !== null && typeof entry === "object" && "url" in entry;
    if (isHttp) {
      const server = check(Http, entry, path);
      for (const [k, v] of Object.entries(server.headers)) declared(v, [...path, "headers", k]);
      mcpServers[name] = server;
    } else {
      const server = check(Stdio, entry, path);
      for (const [k, v] of Object.entries(server.env)) declared(v, [...path, "env", k]);
      mcpServers[name] = { ...server, cwd: resolve(at.base, server.cwd ?? ".") };
    }
  }
  return {
    file: at.file,
    mcpServers,
    http: parsed.http,
    secrets: [...secretEnv.keys()],
    secret: (name) => {
      const variable = secretEnv.get(name);
      return variable === undefined ? undefined : at.env[variable];
    },
  };
}

/**
 * Puts the secrets' values in place of {{secret.NAME}}. Throws naming the secret (never a value)
 * when one is not set.
 */
export function fillSecrets(value: string, config: Pick<ToolsConfig, "secret">): string {
  return value.replace(SECRET_REF, (_, name: string) => {
    const secret = config.secret(name);
    if (secret === undefined) throw new Error(`secret "${name}" is not set in the environment`);
    return secret;
  });
}
