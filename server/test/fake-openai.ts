// A fake OpenAI-compatible server speaking the real wire format, for tests.
//
//   const fake = await startFakeOpenAI();            // or startFakeOpenAI({ respond: body => ({ text: "..." }) })
//   new OpenAI({ baseURL: fake.url, apiKey: "sk-test" });
//   fake.enqueue({ text: "hello world" }, { status: 429, retryAfter: "1" });   // next replies, in order
//   fake.enqueue({ stall: "before-headers" }, { stall: "after-headers" }, { text: "a b c", hangAfterTokens: 2 });
//   fake.enqueue({ toolCalls: [{ name: "refund", arguments: { amount: 250 } }] });   // finish_reason "tool_calls"
//   fake.calls[0].body.messages; await fake.calls[0].ended; fake.calls[0].aborted;
//   await fake.close();
//
// POST /v1/chat/completions streams (SSE, with a usage chunk when stream_options.include_usage)
// or answers JSON; GET /v1/models lists models. When the queue is empty, `respond` decides.
// Standalone for e2e: `tsx server/test/fake-openai.ts --port N` prints "listening <url>" and also
// serves POST /__control/enqueue (one FakeReply as JSON), POST /__control/release (resumes held
// streams) and GET /__control/calls ({ count, bodies }).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export interface FakeReply {
  /** The reply, streamed in word-sized tokens. */
  text?: string;
  /**
   * Tool calls, streamed after the text as OpenAI does: per call a first chunk with its id and name,
   * then its arguments in several pieces, parallel calls interleaved. Ids default to call_fake_<n>.
   */
  toolCalls?: FakeToolCall[];
  /** A refusal of a structured-output request, streamed as `delta.refusal` instead of content. */
  refusal?: string;
  /** Pause before each streamed token. */
  tokenDelayMs?: number;
  /** Replace each token by the time it is sent ("<epoch ms with fractions> "), to measure latency. */
  stampTokens?: boolean;
  /** Stall until the client hangs up: before sending the response headers, or right after them (no chunk at all). */
  stall?: "before-headers" | "after-headers";
  /** Stream this many tokens (text tokens, then tool-call chunks), then stall until the client hangs up. */
  hangAfterTokens?: number;
  /** Stream this many tokens, then end the response without a finish chunk or [DONE]. */
  endAfterTokens?: number;
  /** Stream this many tokens, then wait for POST /__control/release before the rest. */
  holdAfterTokens?: number;
  /** Answer with this HTTP error status and OpenAI's error JSON instead. */
  status?: number;
  /** The error's message (a realistic default per status otherwise). */
  message?: string;
  /** Sent as the Retry-After header. */
  retryAfter?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface FakeToolCall {
  id?: string;
  name: string;
  /** The arguments' JSON text as the model writes it (an object is written with JSON.stringify). */
  arguments: string | object;
}

/** Decides a reply from the request body (its messages, tool messages included, and its `tools`). */
export type FakeResponder = (body: any) => FakeReply;

export interface FakeCall {
  body: any;
  /** Request headers, names lower-cased. */
  headers: Record<string, string>;
  /** True once the client hung up before the reply was complete. */
  aborted: boolean;
  /** Settles when the exchange is over, however it ended. */
  ended: Promise<void>;
}

export interface FakeOpenAI {
  /** Base URL for the SDK, ending in /v1. */
  url: string;
  port: number;
  /** Every chat-completions request, in arrival order. */
  calls: FakeCall[];
  /** Queue the replies to the next calls, in order. */
  enqueue(...replies: FakeReply[]): void;
  /** Stops the server, cutting any open (e.g. hanging) connections. */
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Answers calls when the queue is empty; defaults to echoReply. */
  respond?: FakeResponder;
  /** Serve the /__control endpoints (standalone mode turns this on). */
  control?: boolean;
}

export const FAKE_MODELS = ["gpt-4o-mini", "gpt-4o"];

/** Deterministic default: mentions the last user message. */
export function echoReply(body: any): FakeReply {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = messages.filter((m) => m?.role === "user").at(-1);
  return { text: last ? `You said: ${String(last.content)}` : "Hello from the fake model." };
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const respond = options.respond ?? echoReply;
  const queue: FakeReply[] = [];
  const calls: FakeCall[] = [];
  // Streams held by holdAfterTokens, each waiting for a release.
  const held: (() => void)[] = [];
  const hold = () => new Promise<void>((resolve) => held.push(resolve));

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, 500, { message: `fake server failed: ${String(err)}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (req.method === "GET" && path === "/v1/models") {
      return sendJSON(res, 200, { object: "list", data: FAKE_MODELS.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })) });
    }
    if (options.control && req.method === "POST" && path === "/__control/enqueue") {
      queue.push(JSON.parse(await readBody(req)) as FakeReply);
      return sendJSON(res, 200, { queued: queue.length });
    }
    if (options.control && req.method === "POST" && path === "/__control/release") {
      const released = held.splice(0);
      for (const resume of released) resume();
      return sendJSON(res, 200, { released: released.length });
    }
    if (options.control && req.method === "GET" && path === "/__control/calls") {
      return sendJSON(res, 200, { count: calls.length, bodies: calls.map((c) => c.body) });
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return sendError(res, 404, { message: `Unknown request URL: ${req.method} ${path}` });
    }

    const call = trackCall(req, res);
    try {
      call.body = JSON.parse(await readBody(req));
    } catch {
      return sendError(res, 400, { message: "We could not parse the JSON body of your request." });
    }
    calls.push(call);
    const reply = queue.shift() ?? respond(call.body);
    if (reply.stall === "before-headers") return; // the client has to give up
    if (reply.status) return sendError(res, reply.status, { ...reply, key: bearer(call.headers) });
    if (call.body.stream === true) return streamReply(res, call, reply, hold);
    sendJSON(res, 200, completion(call.body, reply));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    calls,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function trackCall(req: IncomingMessage, res: ServerResponse): FakeCall {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  let settle!: () => void;
  const call: FakeCall = { body: undefined, headers, aborted: false, ended: new Promise((r) => (settle = r)) };
  res.on("close", () => {
    call.aborted = !res.writableFinished;
    settle();
  });
  return call;
}

async function streamReply(res: ServerResponse, call: FakeCall, reply: FakeReply, hold: () => Promise<void>): Promise<void> {
  const body = call.body;
  const withUsage = body.stream_options?.include_usage === true;
  const base = { id: `chatcmpl-fake-${Date.now()}`, object: "chat.completion.chunk", created: now(), model: body.model, system_fingerprint: null };
  const send = (choices: unknown[], usage: unknown = null) =>
    res.write(`data: ${JSON.stringify({ ...base, choices, ...(withUsage ? { usage } : {}) })}\n\n`);
  const choice = (delta: object, finish: string | null = null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });
  const textDelta = (token: string) =>
    reply.refusal === undefined ? { content: reply.stampTokens ? `${(performance.timeOrigin + performance.now()).toFixed(3)} ` : token } : { refusal: token };
  // Every streamed delta, in order: a token of text is one, and so is each tool-call chunk.
  const deltas: (() => object)[] = [
    ...tokenize(reply.refusal ?? reply.text ?? "").map((token) => () => textDelta(token)),
    ...toolCallDeltas(reply.toolCalls ?? []).map((delta) => () => delta),
  ];

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...reply.headers });
  if (reply.stall === "after-headers") return void res.flushHeaders();
  send([choice({ role: "assistant", content: "", refusal: null })]);
  for (const [i, delta] of deltas.entries()) {
    if (i === reply.hangAfterTokens) return; // stall: the client has to give up
    if (i === reply.endAfterTokens) return void res.end();
    if (i === reply.holdAfterTokens) await hold();
    if (reply.tokenDelayMs) await sleep(reply.tokenDelayMs);
    if (res.destroyed) return;
    send([choice(delta())]);
  }
  if (reply.hangAfterTokens !== undefined && reply.hangAfterTokens >= deltas.length) return;
  if (reply.endAfterTokens !== undefined && reply.endAfterTokens >= deltas.length) return void res.end();
  send([choice({}, reply.toolCalls?.length ? "tool_calls" : "stop")]);
  if (withUsage) send([], usage(body, deltas.length));
  res.end("data: [DONE]\n\n");
}

/** The tool-call deltas of a reply: each call's opening chunk, then the argument pieces of all calls in turn. */
function toolCallDeltas(calls: FakeToolCall[]): object[] {
  const opening = calls.map((c, index) => ({ tool_calls: [{ index, id: toolCallId(c, index), type: "function", function: { name: c.name, arguments: "" } }] }));
  const pieces = calls.map((c) => argumentsText(c).match(/[\s\S]{1,8}/g) ?? []);
  const rest: object[] = [];
  for (let round = 0; round < Math.max(0, ...pieces.map((p) => p.length)); round++) {
    pieces.forEach((p, index) => {
      if (round < p.length) rest.push({ tool_calls: [{ index, function: { arguments: p[round] } }] });
    });
  }
  return [...opening, ...rest];
}

const toolCallId = (call: FakeToolCall, index: number) => call.id ?? `call_fake_${index + 1}`;
const argumentsText = (call: FakeToolCall) => (typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments));

function completion(body: any, reply: FakeReply) {
  const text = reply.text ?? "";
  const calls = reply.toolCalls ?? [];
  const toolCalls = calls.map((c, i) => ({ id: toolCallId(c, i), type: "function", function: { name: c.name, arguments: argumentsText(c) } }));
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: "chat.completion",
    created: now(),
    model: body.model,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text || (calls.length ? null : ""), refusal: null, ...(calls.length ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: calls.length ? "tool_calls" : "stop",
      },
    ],
    usage: usage(body, tokenize(text).length),
  };
}

/** Word counts stand in for tokens: deterministic, and enough for assertions. */
function usage(body: any, completionTokens: number) {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  const promptTokens = messages.reduce((n, m) => n + tokenize(String(m?.content ?? "")).length, 0);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

const ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  401: { type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided: {key}." },
  403: { type: "invalid_request_error", code: "unsupported_country_region_territory", message: "Country, region, or territory not supported." },
  404: { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist or you do not have access to it." },
  429: { type: "requests", code: "rate_limit_exceeded", message: "Rate limit reached for requests." },
};

// A 401 echoes the key unmasked (OpenAI masks it) so tests prove that clients redact it themselves.
function sendError(res: ServerResponse, status: number, opts: { message?: string; retryAfter?: string; headers?: Record<string, string>; key?: string }) {
  const known = ERRORS[status] ?? { type: "server_error", code: null, message: "The server had an error while processing your request." };
  const message = opts.message ?? known.message.replace("{key}", opts.key ?? "");
  const headers = { ...opts.headers, ...(opts.retryAfter !== undefined ? { "retry-after": opts.retryAfter } : {}) };
  sendJSON(res, status, { error: { message, type: known.type, param: null, code: known.code } }, headers);
}

function sendJSON(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}

function bearer(headers: Record<string, string>): string {
  return headers.authorization?.replace(/^Bearer\s+/i, "") ?? "";
}

export function tokenize(text: string): string[] {
  return text.match(/\s*\S+(?:\s+$)?/g) ?? [];
}

export async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Standalone: `tsx server/test/fake-openai.ts --port N`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf("--port");
  const fake = await startFakeOpenAI({ port: at > 0 ? Number(process.argv[at + 1]) : 0, control: true });
  process.stdout.write(`listening ${fake.url}\n`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void fake.close().then(() => process.exit(0)));
}
