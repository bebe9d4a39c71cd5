// HTTP tools against a real local server that records each request: templates, secrets, the
// Idempotency-Key, allowed destinations and private addresses, redirects, timeouts and cancelling.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpTool, parseFlow, type Flow } from "@tandem/shared";
import { isAllowed, isPrivateAddress } from "../src/tools/destination.js";
import { callHttpTool, httpPart, MAX_RESULT_CHARS, type HttpCallOptions } from "../src/tools/http-tool.js";
import { createToolBox } from "../src/tools/toolbox.js";
import { ToolError, type ToolOutcome } from "../src/tools/types.js";

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Resolves once the connection is gone before an answer was sent (the client gave up). */
  abandoned: Promise<void>;
}

/** A server that records every request and answers by path: echo, /status/<n>, /redirect, /big, /empty, /hang (never answers). */
async function startRecorder() {
  const requests: Recorded[] = [];
  const waiting: Array<(r: Recorded) => void> = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const abandoned = new Promise<void>((resolve) => res.on("close", () => !res.writableEnded && resolve()));
    let body = "";
    for await (const chunk of req) body += chunk;
    const record = { method: req.method!, url: req.url!, headers: req.headers, body, abandoned };
    requests.push(record);
    waiting.splice(0).forEach((w) => w(record));
    const status = /^\/status\/(\d+)/.exec(req.url!);
    if (req.url === "/hang") return;
    if (req.url === "/redirect") return void res.writeHead(302, { Location: `${url}/elsewhere` }).end("moved");
    if (req.url === "/big") return void res.end("é".repeat(50_000));
    if (req.url === "/empty") return void res.writeHead(204).end();
    res.writeHead(status ? Number(status[1]) : 200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ seen: { method: req.method, url: req.url, headers: req.headers, body } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    requests,
    /** The next request to arrive. */
    next: () => new Promise<Recorded>((resolve) => waiting.push(resolve)),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SECRET = "sk-live-7f3a9c-very-secret";
let recorder: Awaited<ReturnType<typeof startRecorder>>;
/** Every outcome and error message of this file, to check that none ever holds the secret. */
const reported: string[] = [];

beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(async () => {
  await recorder.close();
  expect(reported.length).toBeGreaterThan(10);
  for (const text of reported) expect(text).not.toContain(SECRET);
});

const tool = (over: Partial<Record<keyof HttpTool, unknown>> = {}) =>
  HttpTool.parse({
    name: "refund",
    method: "POST",
    url: `${recorder.url}/orders/{{order_id}}/refunds?note={{note}}`,
    headers: { Authorization: "Bearer {{secret.PAYMENTS_KEY}}", "X-Customer": "{{customer}}" },
    body: '{"amount": {{amount}}, "note": {{note}}}',
    parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" }, note: { type: "string" }, customer: { type: "string" } } },
    ...over,
  });
const args = { order_id: "A-1/2", amount: 250, note: 'a "b" & c', customer: "Zoe N." };

function options(over: Partial<HttpCallOptions> = {}): HttpCallOptions {
  return {
    idempotencyKey: "tandem-run1-call1",
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    policy: { allow: [`127.0.0.1:${recorder.port}`], allowPrivate: true },
    secret: (name) => (name === "PAYMENTS_KEY" ? SECRET : undefined),
    ...over,
  };
}

async function call(def: HttpTool, a: unknown, o: HttpCallOptions): Promise<ToolOutcome> {
  const outcome = await callHttpTool(def, a, o);
  reported.push(outcome.content);
  return outcome;
}

/** The ToolError a call fails with (recorded to check it holds no secret). */
async function failure(def: HttpTool, a: unknown, o: HttpCallOptions): Promise<ToolError> {
  const e = await callHttpTool(def, a, o).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ToolError)) throw new Error(`expected a ToolError, got ${String(e)}`);
  reported.push(e.message);
  return e;
}

describe("callHttpTool", () => {
  it("fills the templates, encodes each place right, sends the secret and the Idempotency-Key to the target", async () => {
    const before = recorder.requests.length;
    const outcome = await call(tool({ headers: { Authorization: "Bearer {{secret.PAYMENTS_KEY}}", "X-Customer": "{{customer}}", "idempotency-key": "forged" } }), args, options());
    expect(recorder.requests.length).toBe(before + 1);
    const got = recorder.requests.at(-1)!;
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/orders/A-1%2F2/refunds?note=a%20%22b%22%20%26%20c");
    expect(got.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(got.headers["idempotency-key"]).toBe("tandem-run1-call1");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-customer"]).toBe("Zoe N.");
    expect(JSON.parse(got.body)).toEqual({ amount: 250, note: 'a "b" & c' });
    // The server echoed the request: the model reads it with the secret replaced by its name.
    expect(outcome.isError).toBeUndefined();
    expect(outcome.content.startsWith("HTTP 200\n")).toBe(true);
    const echoed = JSON.parse(outcome.content.slice("HTTP 200\n".length));
    expect(echoed.seen.headers.authorization).toBe("Bearer [secret PAYMENTS_KEY]");
    expect(echoed.seen.body).toBe(got.body);
  });

  it("makes a GET with no body and keeps a Content-Type the tool sets", async () => {
    await call(tool({ method: "GET", url: `${recorder.url}/orders/{{order_id}}`, body: undefined, headers: {} }), { order_id: "7" }, options());
    const get = recorder.requests.at(-1)!;
    expect([get.method, get.url, get.body, get.headers["content-type"]]).toEqual(["GET", "/orders/7", "", undefined]);
    await call(tool({ body: "{{note}}", headers: { "Content-Type": "text/plain" } }), args, options());
    expect(recorder.requests.at(-1)!.headers["content-type"]).toBe("text/plain");
  });

  it("reports an answer with no body as its status alone", async () => {
    expect(await call(tool({ url: `${recorder.url}/empty` }), args, options())).toEqual({ content: "HTTP 204" });
  });

  it("reports a non-2xx answer as an error result with its body", async () => {
    const outcome = await call(tool({ url: `${recorder.url}/status/422` }), args, options());
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toMatch(/^HTTP 422\n\{"seen":/);
    expect(outcome.content).toContain("[secret PAYMENTS_KEY]");
  });

  it("does not follow a redirect: the redirect is the result", async () => {
    const before = recorder.requests.length;
    const outcome = await call(tool({ url: `${recorder.url}/redirect` }), args, options());
    expect(outcome).toEqual({ content: `HTTP 302 (redirect to ${recorder.url}/elsewhere, not followed)\nmoved`, isError: true });
    expect(recorder.requests.slice(before).map((r) => r.url)).toEqual(["/redirect"]);
  });

  it("cuts a long body to the limit with a note", async () => {
    const outcome = await call(tool({ method: "GET", url: `${recorder.url}/big`, body: undefined, headers: {} }), {}, options());
    expect(outcome.content).toBe(`HTTP 200\n${"é".repeat(MAX_RESULT_CHARS)}\n[truncated: the response is longer than 20,000 characters]`);
  });

  it("a secret the configuration lacks is unavailable, named, and nothing is sent", async () => {
    const before = recorder.requests.length;
    const e = await failure(tool(), args, options({ secret: () => undefined }));
    expect([e.code, e.message]).toEqual(["unavailable", 'the secret "PAYMENTS_KEY" is not configured (secrets in the tools configuration)']);
    expect(recorder.requests.length).toBe(before);
  });

  it("refuses a missing argument or one that would inject a header, naming the field, and sends nothing", async () => {
    const before = recorder.requests.length;
    const missing = await failure(tool(), { ...args, order_id: undefined }, options());
    expect([missing.code, missing.message]).toEqual(["error", 'url: the argument "order_id" is missing (the url uses it)']);
    const injected = await failure(tool(), { ...args, customer: "x\r\nX-Admin: yes" }, options());
    expect(injected.message).toMatch(/^headers\.X-Customer: the argument "customer" holds a line break/);
    expect(recorder.requests.length).toBe(before);
  });

  it("refuses a secret placed in the URL or the body without reading it", async () => {
    const asked: string[] = [];
    const secret = (name: string) => (asked.push(name), SECRET);
    const e = await failure(tool({ url: `${recorder.url}/x?key={{secret.PAYMENTS_KEY}}`, headers: {} }), args, options({ secret }));
    expect(e.message).toBe("url: {{secret.PAYMENTS_KEY}} is a secret: secrets go in headers only, never in the url");
    expect(asked).toEqual([]);
  });
});

describe("destinations", () => {
  it("refuses a host the allow-list does not name, and sends nothing", async () => {
    const before = recorder.requests.length;
    for (const allow of [[], ["127.0.0.1:1"], ["localhost"], ["*.0.0.1"]]) {
      const e = await failure(tool(), args, options({ policy: { allow, allowPrivate: true } }));
      expect([e.code, e.message]).toEqual(["error", `127.0.0.1:${recorder.port} is not in the allowed destinations (http.allow in the tools configuration)`]);
    }
    expect(recorder.requests.length).toBe(before);
  });

  it("an allow entry is an exact host (any port), host:port, or *.suffix (its subdomains only)", () => {
    const allowed = (url: string, entry: string) => isAllowed(new URL(url), [entry]);
    expect(allowed("https://api.example.com/x", "api.example.com")).toBe(true);
    expect(allowed("https://api.example.com:8443/x", "api.example.com")).toBe(true);
    expect(allowed("https://API.Example.com/x", "api.example.com")).toBe(true);
    expect(allowed("https://api.example.com.evil.test/x", "api.example.com")).toBe(false);
    expect(allowed("https://api.example.com/x", "api.example.com:443")).toBe(true);
    expect(allowed("http://api.example.com/x", "api.example.com:443")).toBe(false);
    expect(allowed("http://api.example.com:8080/x", "api.example.com:80")).toBe(false);
    expect(allowed("https://a.b.example.org/x", "*.example.org")).toBe(true);
    expect(allowed("https://example.org/x", "*.example.org")).toBe(false);
    expect(allowed("https://badexample.org/x", "*.example.org")).toBe(false);
    expect(allowed("http://[::1]:4010/x", "[::1]:4010")).toBe(true);
  });

  it("refuses 127.0.0.1 without allowPrivate even when the allow-list names it, and calls it with both", async () => {
    const before = recorder.requests.length;
    const e = await failure(tool(), args, options({ policy: { allow: [`127.0.0.1:${recorder.port}`], allowPrivate: false } }));
    expect(e.message).toBe("127.0.0.1 is a private address: refused unless http.allowPrivate is set in the tools configuration");
    expect(recorder.requests.length).toBe(before);
    await call(tool(), args, options({ policy: { allow: [`127.0.0.1:${recorder.port}`], allowPrivate: true } }));
    expect(recorder.requests.length).toBe(before + 1);
  });

  it("refuses a name that resolves to loopback", async () => {
    const before = recorder.requests.length;
    const url = `http://localhost:${recorder.port}/orders/{{order_id}}`;
    const e = await failure(tool({ url }), args, options({ policy: { allow: [`localhost:${recorder.port}`], allowPrivate: false } }));
    expect(e.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is a private address: refused unless http\.allowPrivate/);
    expect(recorder.requests.length).toBe(before);
  });

  it("refuses a name when any of its addresses is private", async () => {
    const resolve = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.1.2.3", family: 4 },
    ];
    const e = await failure(tool({ url: "http://mixed.test/x" }), args, options({ policy: { allow: ["mixed.test"], allowPrivate: false }, resolve }));
    expect(e.message).toMatch(/^mixed\.test resolves to 10\.1\.2\.3, which is a private address/);
  });

  it("connects to the address it checked, even when the name answers differently afterwards", async () => {
    // First answer: where the recorder listens. Any later answer: an address where nothing does.
    const answers: string[] = [];
    const resolve = async () => {
      const address = answers.length === 0 ? "127.0.0.1" : "127.0.0.2";
      answers.push(address);
      return [{ address, family: 4 }];
    };
    const host = `pinned.test:${recorder.port}`;
    const outcome = await call(tool({ url: `http://${host}/orders/{{order_id}}` }), args, options({ policy: { allow: [host], allowPrivate: true }, resolve }));
    expect(outcome.content.startsWith("HTTP 200\n")).toBe(true);
    expect(answers).toEqual(["127.0.0.1"]);
    expect(recorder.requests.at(-1)!.headers.host).toBe(host);
  });

  it("refuses private, loopback, link-local, CGNAT, unique-local and unspecified addresses written in the URL", async () => {
    for (const host of ["127.0.0.1", "10.0.0.8", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "[::1]", "[::]", "[fd12::1]", "[fe80::1]", "[::ffff:127.0.0.1]", "2130706433"]) {
      const url = new URL(`http://${host}:9/x`);
      const e = await failure(tool({ url: url.href }), args, options({ policy: { allow: [url.host], allowPrivate: false } }));
      expect(e.message, host).toBe(`${url.hostname} is a private address: refused unless http.allowPrivate is set in the tools configuration`);
    }
  });

  it("tells public addresses from private ones at the edges of each range", () => {
    const publicOnes = ["8.8.8.8", "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0", "169.255.0.1", "1.0.0.0", "2606:4700::1", "fbff::1", "fec0::1"];
    const privateOnes = ["172.31.255.255", "100.127.255.255", "0.1.2.3", "127.255.255.255", "fdff::1", "febf::1", "::ffff:10.0.0.1", "::ffff:c0a8:101"];
    expect(publicOnes.filter(isPrivateAddress)).toEqual([]);
    expect(privateOnes.filter((a) => !isPrivateAddress(a))).toEqual([]);
  });

  it("calls only http: and https: URLs", async () => {
    const e = await failure(tool({ url: "ftp://127.0.0.1/{{order_id}}" }), args, options({ policy: { allow: ["127.0.0.1"], allowPrivate: true } }));
    expect(e.message).toBe("only http: and https: URLs can be called, not ftp:");
  });
});

describe("time limits and cancelling", () => {
  it("a server that never answers times out, and the request is cancelled", async () => {
    const arrived = recorder.next();
    // Long enough for the request to reach the server on a busy machine, so that its cancelling shows there.
    const e = await failure(tool({ url: `${recorder.url}/hang` }), args, options({ timeoutMs: 1000 }));
    expect([e.code, e.message]).toEqual(["timeout", `no answer from 127.0.0.1:${recorder.port} within 1 s`]);
    await (await arrived).abandoned;
  });

  it("aborting the call cancels the request and rejects with the signal's reason", async () => {
    const controller = new AbortController();
    const arrived = recorder.next();
    const pending = callHttpTool(tool({ url: `${recorder.url}/hang` }), args, options({ signal: controller.signal }));
    const request = await arrived;
    const reason = new DOMException("cancelled", "AbortError");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await request.abandoned;
  });
});

describe("in a ToolBox", () => {
  it("serves a flow's http: tool under the configuration's policy and secrets, and lists the secrets by name only", async () => {
    const parsed = parseFlow({ schemaVersion: 2, nodes: [], edges: [], httpTools: [tool()] });
    if (!parsed.ok) throw new Error("the test flow does not parse");
    const flow: Flow = parsed.flow;
    const box = createToolBox({
      http: httpPart({ allow: [`127.0.0.1:${recorder.port}`], allowPrivate: true }, { names: ["PAYMENTS_KEY"], secret: (name) => (name === "PAYMENTS_KEY" ? SECRET : undefined) }),
    });
    const { signal } = new AbortController();
    const outcome = await box.call("http:refund", flow, args, { idempotencyKey: "tandem-run2-call9", timeoutMs: 10_000, signal });
    reported.push(outcome.content);
    expect(outcome.content.startsWith("HTTP 200\n")).toBe(true);
    const got = recorder.requests.at(-1)!;
    expect([got.url, got.headers.authorization, got.headers["idempotency-key"]]).toEqual([
      "/orders/A-1%2F2/refunds?note=a%20%22b%22%20%26%20c",
      `Bearer ${SECRET}`,
      "tandem-run2-call9",
    ]);
    const catalog = await box.list();
    expect(catalog.http).toEqual({ allow: [`127.0.0.1:${recorder.port}`], allowPrivate: true, secrets: ["PAYMENTS_KEY"] });
    reported.push(JSON.stringify(catalog));
  });
});
