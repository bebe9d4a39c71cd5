// The tools configuration file: where it is found, every error naming its field, unknown fields
// refused, secrets read from the environment and never quoted; and the repository's own file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { fillSecrets, loadToolsConfig, parseToolsConfig, ToolsConfigError } from "../src/tools/config.js";
import { McpPool } from "../src/tools/mcp.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const tempDir = () => mkdtempSync(join(tmpdir(), "tandem-tools-"));
const parse = (json: unknown, env: NodeJS.ProcessEnv = {}) => parseToolsConfig(json, { env, file: "tools.json", base: "/srv/tandem" });

/** The message a bad configuration is refused with. */
function refusal(json: unknown, env: NodeJS.ProcessEnv = {}): string {
  try {
    parse(json, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ToolsConfigError);
    return (e as Error).message;
  }
  throw new Error("the configuration was accepted");
}

test("no file: an empty configuration", () => {
  const config = loadToolsConfig({ env: {}, cwd: tempDir() });
  expect(config).toMatchObject({ file: undefined, mcpServers: {}, http: { allow: [], allowPrivate: false }, secrets: [] });
});

test("tandem.tools.json in the working folder, or the file $TANDEM_TOOLS names (relative to the working folder)", () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, "tandem.tools.json"), JSON.stringify({ mcpServers: { here: { command: "node", cwd: "servers" } } }));
  const here = loadToolsConfig({ env: {}, cwd });
  expect(here.file).toBe(join(cwd, "tandem.tools.json"));
  // A stdio server's folder is taken from the file's folder.
  expect(here.mcpServers.here).toEqual({ command: "node", args: [], env: {}, cwd: join(cwd, "servers") });

  const other = tempDir();
  writeFileSync(join(other, "ops.json"), JSON.stringify({ mcpServers: { there: { url: "http://127.0.0.1:9000/mcp" } } }));
  const named = loadToolsConfig({ env: { TANDEM_TOOLS: join(other, "ops.json") }, cwd });
  expect(Object.keys(named.mcpServers)).toEqual(["there"]);
  expect(named.mcpServers.there).toEqual({ url: "http://127.0.0.1:9000/mcp", headers: {} });
  expect(loadToolsConfig({ env: { TANDEM_TOOLS: "ops.json" }, cwd: other }).file).toBe(join(other, "ops.json"));
});

test("a file $TANDEM_TOOLS names that is not there, or that is not JSON, is refused naming the file", () => {
  const cwd = tempDir();
  expect(() => loadToolsConfig({ env: { TANDEM_TOOLS: "nope.json" }, cwd })).toThrow(`${join(cwd, "nope.json")}: cannot be read (ENOENT; it is named by TANDEM_TOOLS)`);
  writeFileSync(join(cwd, "tandem.tools.json"), "{ mcpServers: ");
  expect(() => loadToolsConfig({ env: {}, cwd })).toThrow(new RegExp(`^${join(cwd, "tandem.tools.json")}: is not JSON`));
});

test.each([
  [{ mcpServers: { payments: { args: ["x"] } } }, "mcpServers.payments.command: expected a command"],
  [{ mcpServers: { payments: { command: "" } } }, "mcpServers.payments.command: expected a command"],
  [{ mcpServers: { payments: { command: "node", args: "server.js" } } }, "mcpServers.payments.args: expected a list of strings"],
  [{ mcpServers: { payments: { command: "node", env: { KEY: 5 } } } }, "mcpServers.payments.env.KEY: expected a string"],
  [{ mcpServers: { payments: { command: "node", shell: true } } }, "mcpServers.payments.shell: unknown field"],
  [{ mcpServers: { payments: "node server.js" } }, "mcpServers.payments: expected an object"],
  [{ mcpServers: { "pay/ments": { command: "node" } } }, "mcpServers.pay/ments: a server name is 1 to 64 letters, digits, _ or -"],
  [{ mcpServers: { remote: { url: "file:///etc/passwd" } } }, "mcpServers.remote.url: expected an http:// or https:// URL"],
  [{ mcpServers: { remote: { url: "http://h/mcp", headers: ["a"] } } }, "mcpServers.remote.headers: expected an object"],
  [{ mcpServers: { remote: { url: "http://h/mcp", headers: { A: "{{secret.KEY}}" } } } }, 'mcpServers.remote.headers.A: unknown secret "KEY" (declare it under secrets)'],
  [{ mcpServers: { remote: { url: "http://h/mcp", command: "node" } } }, "mcpServers.remote.command: unknown field"],
  [{ http: { allow: ["https://api.example.com/v1"] } }, 'http.allow[0]: expected a host, "*.domain" or host:port'],
  [{ http: { allowPrivate: "yes" } }, "http.allowPrivate: expected true or false"],
  [{ http: { deny: [] } }, "http.deny: unknown field"],
  [{ secrets: { KEY: { env: "" } } }, "secrets.KEY.env: expected an environment variable name"],
  [{ secrets: { KEY: { value: "abc" } } }, "secrets.KEY.value: unknown field"],
  [{ secrets: { "MY KEY": { env: "X" } } }, "secrets.MY KEY: a secret name is letters, digits and _"],
  [{ servers: {} }, "servers: unknown field"],
  [[], "expected an object"],
])("%j is refused: %s", (json, message) => {
  expect(refusal(json)).toBe(`tools.json: ${message}`);
});

test("the HTTP policy as written, with its defaults", () => {
  expect(parse({ http: { allow: ["api.example.com", "*.example.org", "127.0.0.1:4010", "[::1]:8080"] } }).http).toEqual({
    allow: ["api.example.com", "*.example.org", "127.0.0.1:4010", "[::1]:8080"],
    allowPrivate: false,
  });
  expect(parse({ http: { allowPrivate: true } }).http).toEqual({ allow: [], allowPrivate: true });
});

test("secrets: values only from the environment variables named, read when asked, never in an error", () => {
  const env: NodeJS.ProcessEnv = { PAYMENTS_KEY: "pk-live-1" };
  const config = parse(
    {
      mcpServers: { remote: { url: "http://h/mcp", headers: { Authorization: "Bearer {{secret.PAYMENTS}}", "X-Other": "{{ secret.OTHER }}" } } },
      secrets: { PAYMENTS: { env: "PAYMENTS_KEY" }, OTHER: { env: "OTHER_KEY" } },
    },
    env,
  );
  expect(config.secrets).toEqual(["PAYMENTS", "OTHER"]);
  // The configuration holds the template, not the value.
  expect(JSON.stringify(config)).not.toContain("pk-live-1");
  expect(config.secret("PAYMENTS")).toBe("pk-live-1");
  expect(config.secret("OTHER")).toBeUndefined();
  expect(config.secret("PAYMENTS_KEY")).toBeUndefined();
  env.OTHER_KEY = "changed later";
  expect(config.secret("OTHER")).toBe("changed later");
  expect(fillSecrets("Bearer {{secret.PAYMENTS}}", config)).toBe("Bearer pk-live-1");
  delete env.PAYMENTS_KEY;
  expect(() => fillSecrets("Bearer {{secret.PAYMENTS}}", config)).toThrow('secret "PAYMENTS" is not set in the environment');
});

test("a refusal does not quote the secret values it is near", () => {
  const message = refusal({ mcpServers: { remote: { url: "http://h/mcp", headers: { A: 5 } } }, secrets: { K: { env: "K" } } }, { K: "top-secret" });
  expect(message).toBe("tools.json: mcpServers.remote.headers.A: expected a string");
});

test("the repository's tandem.tools.json offers the demo payments and library servers with no setup", async () => {
  const config = loadToolsConfig({ env: {}, cwd: REPO });
  expect(Object.keys(config.mcpServers)).toEqual(["payments", "library"]);
  const ledger = join(tempDir(), "ledger.jsonl");
  // The demo writes its ledger under the repository unless told otherwise: point it elsewhere.
  const payments = { ...config.mcpServers.payments!, env: { LEDGER: ledger } };
  const pool = new McpPool({ ...config, mcpServers: { ...config.mcpServers, payments } }, { startTimeoutMs: 60_000 });
  try {
    const servers = await pool.list();
    expect(servers.map((s) => [s.name, s.status, s.tools.map((t) => t.name)])).toEqual([
      ["payments", "up", ["refund", "get_order"]],
      ["library", "up", ["search"]],
    ]);
  } finally {
    await pool.close();
  }
});
