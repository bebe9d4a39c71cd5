// A fake Ollama server speaking its real wire format, for tests and benchmarks.
//
//   const fake = await startFakeOllama();          // or startFakeOllama({ respond: body => ({ text: "..." }) })
//   new Ollama({ host: fake.url });
//   fake.enqueue({ text: "hello world" }, { status: 503, retryAfter: "1" });   // next replies, in order
//   fake.enqueue({ stall: "before-headers" }, { text: "a b c", hangAfterTokens: 2 }, { text: "a b", errorAfterTokens: 1 });
//   fake.enqueue({ toolCalls: [{ name: "refund", arguments: { amount: 250 } }] });
//   fake.calls[0].body.messages; await fake.calls[0].ended; fake.calls[0].aborted;
//   await fake.close();
//
// POST /api/chat streams NDJSON lines (`{"model","created_at","message","done":false}`, then one
// `"done":true` line with done_reason and the token counts); a model not in FAKE_OLLAMA_MODELS
// gets Ollama's 404. GET /api/tags lists the
// models and GET /api/version answers a version. When the queue is empty, `respond` decides.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, sendJSON, tokenize, trackCall, type FakeCall } from "../fake-openai.js";

export interface FakeOllamaReply {
  /** The reply, streamed in word-sized tokens, one line each. */
  text?: string;
  /** Tool calls, sent together in one line after the text, as Ollama does (arguments as objects, no ids). */
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
  /** The last line's done_reason (default "stop"). */
  doneReason?: string;
  /** Pause before each streamed line. */
  tokenDelayMs?: number;
  /** Stall until the client hangs up: before sending the response headers, or right after them (no line at all). */
  stall?: "before-headers" | "after-headers";
  /** Stream this many lines, then stall until the client hangs up. */
  hangAfterTokens?: number;
  /** Stream this many lines, then end the response without the done line. */
  endAfterTokens?: number;
  /** Stream this many lines, then cut the connection. */
  dropAfterTokens?: number;
  /** Stream this many lines, then an `{"error"}` line (the model runner failing mid-reply), and end. */
  errorAfterTokens?: number;
  /** Answer with this HTTP status and Ollama's `{"error"}` JSON instead. */
  status?: number;
  /** The error's text (a realistic default per status otherwise). */
  message?: string;
  /** Sent as the Retry-After header. */
  retryAfter?: string;
}

/** Decides a reply from the request body (its messages, tool messages included, and its `tools`). */
export type FakeOllamaResponder = (body: any) => FakeOllamaReply;

export interface FakeOllama {
  /** The host for the SDK (OLLAMA_HOST). */
  url: string;
  /** Every /api/chat request, in arrival order. */
  calls: FakeCall[];
  enqueue(...replies: FakeOllamaReply[]): void;
  /** Stops the server, cutting any open (e.g. hanging) connections. */
  close(): Promise<void>;
}

/** The models the fake has "pulled". */
export const FAKE_OLLAMA_MODELS = ["llama3.2:latest", "qwen2.5:7b"];

/** Deterministic default: mentions the last user message. */
export function echoOllama(body: any): FakeOllamaReply {
  const last = (Array.isArray(body?.messages) ? body.messages : []).filter((m: any) => m?.role === "user").at(-1);
  return { text: last ? `You said: ${String(last.content)}` : "Hello from the fake model." };
}

export async function startFakeOllama(options: { respond?: FakeOllamaResponder } = {}): Promise<FakeOllama> {
  const respond = options.respond ?? echoOllama;
  const queue: FakeOllamaReply[] = [];
  const calls: FakeCall[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJSON(res, 500, { error: `fake server failed: ${String(err)}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (req.method === "GET" && path === "/api/tags") return sendJSON(res, 200, { models: FAKE_OLLAMA_MODELS.map(modelEntry) });
    if (req.method === "GET" && path === "/api/version") return sendJSON(res, 200, { version: "0.12.6" });
    // Ollama answers unknown routes in plain text.
    if (req.method !== "POST" || path !== "/api/chat") return void res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");

    const call = trackCall(req, res);
    try {
      call.body = JSON.parse(await readBody(req));
    } catch {
      return sendJSON(res, 400, { error: "invalid character 'x' looking for beginning of value" });
    }
    calls.push(call);
    const model = String(call.body.model ?? "");
    if (!FAKE_OLLAMA_MODELS.includes(model) && !FAKE_OLLAMA_MODELS.includes(`${model}:latest`)) {
      return sendJSON(res, 404, { error: `model "${model}" not found, try pulling it first` });
    }
    const reply = queue.shift() ?? respond(call.body);
    if (reply.stall === "before-headers") return; // the client has to give up
    if (reply.status) return sendError(res, reply, call.headers);
    await streamReply(res, call, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}


async function streamReply(res: ServerResponse, call: FakeCall, reply: FakeOllamaReply): Promise<void> {
  const body = call.body;
  // Every streamed line but the last: a token of text each, then the tool calls in one.
  const messages = tokenize(reply.text ?? "").map((content) => ({ role: "assistant", content }));
  if (reply.toolCalls?.length) messages.push({ role: "assistant", content: "", ...toolCalls(reply) });
  const send = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);

  res.writeHead(200, { "content-type": "application/x-ndjson" });
  if (reply.stall === "after-headers") return void res.flushHeaders();
  for (const [i, message] of messages.entries()) {
    if (i === reply.hangAfterTokens) return; // stall: the client has to give up
    if (i === reply.endAfterTokens) return void res.end();
    if (i === reply.dropAfterTokens) return void res.destroy();
    if (i === reply.errorAfterTokens) return void res.end(`${JSON.stringify({ error: reply.message ?? "llama runner process has terminated: signal: killed" })}\n`);
    if (reply.tokenDelayMs) await sleep(reply.tokenDelayMs);
    if (res.destroyed) return;
    send(line(body, message, false));
  }
  const at = messages.length;
  if (reply.hangAfterTokens !== undefined && reply.hangAfterTokens >= at) return;
  if (reply.endAfterTokens !== undefined && reply.endAfterTokens >= at) return void res.end();
  if (reply.dropAfterTokens !== undefined && reply.dropAfterTokens >= at) return void res.destroy();
  res.end(`${JSON.stringify({ ...line(body, { role: "assistant", content: "" }, true), ...finish(body, reply) })}\n`);
}

function line(body: any, message: object, done: boolean) {
  return { model: body.model, created_at: new Date().toISOString(), message, done };
}

const toolCalls = (reply: FakeOllamaReply) => (reply.toolCalls?.length ? { tool_calls: reply.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })) } : {});

/** The done line's fields. Word counts stand in for tokens: deterministic, and enough for assertions. */
function finish(body: any, reply: FakeOllamaReply) {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  const promptEvalCount = messages.reduce((n, m) => n + tokenize(String(m?.content ?? "")).length, 0);
  const evalCount = tokenize(reply.text ?? "").length + (reply.toolCalls?.length ?? 0);
  return {
    done_reason: reply.doneReason ?? "stop",
    total_duration: 1_200_000,
    load_duration: 100_000,
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: 300_000,
    eval_count: evalCount,
    eval_duration: 800_000,
  };
}

function modelEntry(name: string) {
  const [family] = name.split(":");
  return {
    name,
    model: name,
    modified_at: "2026-11-30T09:12:44.123456789Z",
    size: 2019393189,
    digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
    details: { parent_model: "", format: "gguf", family, families: [family], parameter_size: "3.2B", quantization_level: "Q4_K_M" },
  };
}

const ERRORS: Record<number, string> = {
  400: "invalid request",
  401: "unauthorized",
  429: "too many requests",
  500: "llama runner process has terminated: exit status 2",
  503: "server busy, please try again.  maximum pending requests exceeded",
};

// A 401 echoes the bearer token, as a careless proxy might, so tests prove the client redacts it.
function sendError(res: ServerResponse, reply: FakeOllamaReply, headers: Record<string, string>) {
  const status = reply.status!;
  const token = headers.authorization?.replace(/^Bearer\s+/i, "");
  const error = reply.message ?? (status === 401 && token ? `unauthorized: invalid key ${token}` : (ERRORS[status] ?? "internal error"));
  sendJSON(res, status, { error }, reply.retryAfter !== undefined ? { "retry-after": reply.retryAfter } : {});
}




const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
