// What keeps the server local: Host and Origin checks, no CORS, the token off loopback,
// the body limit, and secrets kept out of responses, logs and the database.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rawRequest } from "./helpers/raw-request.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const json = { "content-type": "application/json" };
const flowBody = () => JSON.stringify({ flow: sampleFlow() });

describe("bound to loopback", () => {
  let server: ServerProcess;
  let port: string;
  beforeAll(async () => {
    server = await startServerProcess();
    port = new URL(server.url).port;
  });
  afterAll(() => server?.stop());

  const flowCount = async () => (await rawRequest(`${server.url}/api/flows`)).json.flows.length;

  test("it listens on 127.0.0.1 and says so", () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
  });

  test("loopback names with the right port are accepted", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawRequest(`${server.url}/api/health`, { headers: { host } })).status, host).toBe(200);
    }
  });

  test("a foreign Host (DNS rebinding) is a 403, for the API and the studio alike", async () => {
    for (const host of ["evil.example", `evil.example:${port}`, "127.0.0.1:1", `127.0.0.1.evil.example:${port}`]) {
      for (const path of ["/api/health", "/api/flows", "/"]) {
        const res = await rawRequest(server.url + path, { headers: { host } });
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(res.json.error.code).toBe("forbidden_host");
      }
    }
  });

  test("a cross-origin POST, PUT or DELETE is a 403 and changes nothing", async () => {
    const created = await rawRequest(`${server.url}/api/flows`, { method: "POST", headers: json, body: flowBody() });
    const id = created.json.id;
    const before = await flowCount();
    const foreign: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: `http://localhost:${Number(port) + 1}` },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const attempts = [
        rawRequest(`${server.url}/api/flows`, { method: "POST", headers: { ...json, ...headers }, body: flowBody() }),
        rawRequest(`${server.url}/api/flows/${id}`, { method: "PUT", headers: { ...json, ...headers }, body: flowBody() }),
        rawRequest(`${server.url}/api/flows/${id}`, { method: "DELETE", headers }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(res.json.error.code).toBe("forbidden_origin");
      }
    }
    expect(await flowCount()).toBe(before);
    expect((await rawRequest(`${server.url}/api/flows/${id}`)).json.version).toBe(1);
  });

  test("the server's own origin may change things", async () => {
    const res = await rawRequest(`${server.url}/api/flows`, {
      method: "POST",
      headers: { ...json, origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" },
      body: flowBody(),
    });
    expect(res.status).toBe(201);
  });

  test("no CORS headers, not even for a preflight", async () => {
    const origin = { origin: "http://evil.example" };
    const responses = [
      await rawRequest(`${server.url}/api/flows`, { headers: origin }),
      await rawRequest(`${server.url}/api/flows`, {
        method: "OPTIONS",
        headers: { ...origin, "access-control-request-method": "POST" },
      }),
    ];
    for (const res of responses) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    }
  });

  test("a body over the limit (1 MiB) is a 413 with a clear message", async () => {
    const big = JSON.stringify({ flow: { ...sampleFlow(), description: "x".repeat(1024 * 1024 + 10) } });
    const before = await flowCount();
    const res = await rawRequest(`${server.url}/api/flows`, { method: "POST", headers: json, body: big });
    expect(res.status).toBe(413);
    expect(res.json.error).toEqual({
      code: "payload_too_large",
      message: "the request body is larger than the limit of 1048576 bytes",
    });
    expect(await flowCount()).toBe(before);

    // Without a Content-Length (chunked), the limit holds while reading.
    const chunked = await rawRequest(`${server.url}/api/flows`, {
      method: "POST",
      headers: { ...json, "transfer-encoding": "chunked" },
      body: big,
    });
    expect(chunked.status).toBe(413);
  });

  test("a client still sending a body over the limit gets the 413, not a reset connection", async () => {
    // fetch sends the whole body while the server has already refused it: the server reads
    // and drops the rest, so every one of these gets its answer.
    const body = JSON.stringify({ flow: sampleFlow(), padding: "x".repeat(3 * 1024 * 1024) });
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/flows`, { method: "POST", headers: json, body });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe("payload_too_large");
    }
  });

  test("a token is not needed on loopback", async () => {
    expect((await rawRequest(`${server.url}/api/flows`)).status).toBe(200);
  });
});

describe("bound to every interface", () => {
  const token = randomBytes(24).toString("hex");
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ args: ["--host", "0.0.0.0"], env: { TANDEM_TOKEN: token } });
  });
  afterAll(() => server?.stop());

  test("the API needs the bearer token", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-of-some-length", `Basic ${token}`, `Bearer ${token}x`]) {
      const res = await rawRequest(`${server.url}/api/flows`, { headers: authorization ? { authorization } : {} });
      expect(res.status, authorization).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    }
    const ok = await rawRequest(`${server.url}/api/flows`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const post = await rawRequest(`${server.url}/api/flows`, {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${token}` },
      body: flowBody(),
    });
    expect(post.status).toBe(201);
  });

  test("the studio page itself is served without a token (it holds no data)", async () => {
    expect((await rawRequest(`${server.url}/`)).status).toBe(200);
  });

  test("any Host is let through to the token check, which still refuses", async () => {
    const res = await rawRequest(`${server.url}/api/health`, { headers: { host: "my-box.lan:1234" } });
    expect(res.status).toBe(401);
  });

  test("the token never reaches the log", async () => {
    await rawRequest(`${server.url}/api/health`, { headers: { authorization: `Bearer ${token}` } });
    expect(server.logs()).toContain('"path":"/api/health"');
    expect(server.logs()).not.toContain(token);
  });
});

describe("refusing to start", () => {
  test("off loopback without a token, with a clear message and a non-zero exit", async () => {
    const start = startServerProcess({ args: ["--host", "0.0.0.0"] });
    await expect(start).rejects.toThrow(/exited with code 2 before serving[\s\S]*refusing to serve on 0\.0\.0\.0 without a token[\s\S]*TANDEM_TOKEN/);
  });

  test("off loopback with a token too short to be a secret", async () => {
    const start = startServerProcess({ args: ["--host", "0.0.0.0"], env: { TANDEM_TOKEN: "hunter2" } });
    await expect(start).rejects.toThrow(/exited with code 2[\s\S]*TANDEM_TOKEN is too short/);
  });
});

test("an API key in the environment appears in no response, log line or database file", async () => {
  const canary = `sk-canary-${randomBytes(12).toString("hex")}`;
  const server = await startServerProcess({ env: { OPENAI_API_KEY: canary } });
  const seen: string[] = [];
  const get = async (path: string, init: Parameters<typeof rawRequest>[1] = {}) => {
    const res = await rawRequest(server.url + path, init);
    seen.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
    return res;
  };
  try {
    const models = await get("/api/models");
    expect(models.json.offline).toBe(false); // the key was picked up: OpenAI models are listed
    expect(models.json.models.map((m: { id: string }) => m.id)).toContain("openai/gpt-4o-mini");
    expect((await get("/api/health")).json.offline).toBe(false);
    await get("/api/openapi.json");
    await get("/api/nope");
    await get("/api/flows", { method: "POST", headers: json, body: "{not json" });
    await get("/api/flows", { method: "POST", headers: json, body: JSON.stringify({ flow: { schemaVersion: 3 } }) });
    const flow = sampleFlow("Uses OpenAI", "openai/gpt-4o-mini");
    const created = await get("/api/flows", { method: "POST", headers: json, body: JSON.stringify({ flow }) });
    expect(created.status).toBe(201);
    await get(`/api/flows/${created.json.id}`);
    await get("/api/flows");
    await get("/api/flows", { method: "POST", headers: { ...json, origin: "http://evil.example" }, body: "{}" });
  } finally {
    await server.stop();
  }
  const files = readdirSync(server.dataDir).map((f) => readFileSync(join(server.dataDir, f)).toString("latin1"));
  expect(files.length).toBeGreaterThan(0);
  expect(server.logs()).toMatch(/"method":"GET","path":"\/api\/models","status":200,"ms":/);
  for (const text of [...seen, server.logs(), ...files]) expect(text).not.toContain(canary);
});
