// The studio under `/`: a note until it is built, then the files with the SPA fallback.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { rawRequest } from "./helpers/raw-request.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

const root = mkdtempSync(join(tmpdir(), "tandem-studio-"));
const dist = join(root, "dist");
let server: ServerProcess;

beforeAll(async () => {
  mkdirSync(dist);
  writeFileSync(join(root, "secret.txt"), "outside the studio");
  server = await startServerProcess({ env: { TANDEM_STUDIO_DIR: dist } });
});
afterAll(() => server?.stop());

test("before the build, pages say how to build it; the API works", async () => {
  for (const path of ["/", "/flows/abc"]) {
    const res = await rawRequest(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.text).toContain("pnpm build");
    expect(res.text).toContain("/api");
  }
  const health = await rawRequest(`${server.url}/api/health`);
  expect(health.json).toEqual({
    ok: true,
    offline: true,
    database: { kind: "sqlite", ok: true },
    serverId: expect.any(String),
    studio: "not built yet: run `pnpm build`",
    sse: { open: 0, timers: 0, listeners: 0 },
  });
});

test("once built, the files are served with the SPA fallback (no restart needed)", async () => {
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>Tandem studio</title>");
  writeFileSync(join(dist, "assets", "app-3f2a.js"), "console.log('studio')");

  for (const path of ["/", "/flows/abc", "/sessions/run-1/replay"]) {
    const res = await rawRequest(server.url + path);
    expect(res.status, path).toBe(200);
    expect(res.text).toContain("Tandem studio");
    expect(res.headers["cache-control"]).toBe("no-cache");
  }
  const asset = await rawRequest(`${server.url}/assets/app-3f2a.js`);
  expect(asset.status).toBe(200);
  expect(asset.headers["content-type"]).toMatch(/javascript/);
  expect(asset.headers["cache-control"]).toContain("immutable");

  const health = await rawRequest(`${server.url}/api/health`);
  expect(health.json.studio).toBe(`${server.url}/`);
});

test("a missing file and an unknown API path are 404s, not the app", async () => {
  for (const path of ["/assets/gone-1234.js", "/favicon.ico", "/api/nope", "/api"]) {
    const res = await rawRequest(server.url + path);
    expect(res.status, path).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  }
});

test("nothing outside the studio directory is reachable", async () => {
  for (const path of ["/../secret.txt", "/assets/..%2f..%2fsecret.txt", "/%2e%2e/secret.txt"]) {
    const res = await rawRequest(server.url + path);
    expect(res.text, path).not.toContain("outside the studio");
  }
});

test("the studio, its files and the API carry a strict Content-Security-Policy and the other security headers", async () => {
  for (const path of ["/", "/assets/app-3f2a.js", "/api/health"]) {
    const { headers } = await rawRequest(server.url + path);
    const policy = new Map(
      String(headers["content-security-policy"])
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values.join(" ")]),
    );
    expect(Object.fromEntries(policy), path).toEqual({
      "default-src": "'self'",
      "script-src": "'self'",
      "style-src": "'self'",
      "img-src": "'self' data:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("no-referrer");
    expect(headers["cross-origin-opener-policy"], path).toBe("same-origin");
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
});
