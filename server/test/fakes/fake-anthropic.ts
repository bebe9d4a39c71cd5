// A fake Anthropic Messages API server speaking the real wire format, for tests.
//
//   const fake = await startFakeAnthropic();          // or startFakeAnthropic({ respond: body => ({ text: "..." }) })
//   new Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test" });
//   fake.enqueue({ text: "hello world" }, { status: 429, retryAfter: "1" });   // next replies, in order
//   fake.enqueue({ stall: "before-headers" }, { stall: "after-headers" }, { text: "a b c", hangAfterTokens: 2 });
//   fake.enqueue({ toolCalls: [{ name: "refund", input: { amount: 250 } }] });  // stop_reason "tool_use"
//   fake.calls[0].body.messages; await fake.calls[0].ended; fake.calls[0].aborted;
//   await fake.close();
//
// POST /v1/messages streams SSE events (message_start, ping, content_block_start/delta/stop,
// message_delta, message_stop; Tandem only streams); GET /v1/models lists models. Like the
// real API it wants a key, the anthropic-version header and max_tokens. When the queue is
// empty, `respond` decides.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, tokenize, trackCall, type FakeCall, type FakeReply as FakeOpenAIReply } from "../fake-openai.js";

/**
 * One reply. The timing, stall and error fields mean what they do for the fake OpenAI server
 * ("tokens" are text words and input pieces; a cut-off stream lacks message_delta and
 * message_stop); "{key}" in an error's message becomes the request's key.
 */
export interface FakeReply
  extends Pick<FakeOpenAIReply, "tokenDelayMs" | "stall" | "hangAfterTokens" | "endAfterTokens" | "status" | "message" | "retryAfter" | "headers"> {
  /** The reply, streamed in word-sized tokens. */
  text?: string;
  /** tool_use blocks after the text, each input streamed as input_json_delta pieces. Ids default to toolu_fake_<n>. */
  toolCalls?: FakeToolUse[];
  /** The stop_reason (default: "tool_use" with tool calls, else "end_turn"). */
  stopReason?: "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";
  /** Prompt tokens reported as read from, and written to, the cache (input_tokens leaves them out). */
  cacheRead?: number;
  cacheCreation?: number;
  /** Stream this many tokens, then send an `event: error` of this type (as the API does when overloaded mid-reply). */
  errorAfterTokens?: { tokens: number; type: string; message: string };
}

export interface FakeToolUse {
  id?: string;
  name: string;
  /** The input as an object, or the JSON text the model writes. */
  input: string | object;
}

/** Decides a reply from the request body (its messages, tool results included, and its `tools`). */
export type FakeResponder = (body: any) => FakeReply;

export type { FakeCall };

export interface FakeAnthropic {
  /** Base URL for the SDK (without /v1, as ANTHROPIC_BASE_URL takes it). */
  url: string;
  /** Every messages request, in arrival order. */
  calls: FakeCall[];
  /** Queue the replies to the next calls, in order. */
  enqueue(...replies: FakeReply[]): void;
  /** Stops the server, cutting any open (e.g. hanging) connections. */
  close(): Promise<void>;
}

export const FAKE_MODELS = ["claude-haiku-4-5", "claude-sonnet-4-5"];

/** Deterministic default: mentions the last user text. */
export function echoReply(body: any): FakeReply {
  const last = (Array.isArray(body?.messages) ? body.messages : []).filter((m: any) => m?.role === "user").at(-1);
  const text = last ? textOf(last.content).trim() : "";
  return { text: text ? `You said: ${text}` : "Hello from the fake model." };
}

export async function startFakeAnthropic(options: { respond?: FakeResponder } = {}): Promise<FakeAnthropic> {
  const respond = options.respond ?? echoReply;
  const queue: FakeReply[] = [];
  const calls: FakeCall[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, 500, { message: `fake server failed: ${String(err)}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (req.method === "GET" && path === "/v1/models") {
      const data = FAKE_MODELS.map((id) => ({ type: "model", id, display_name: id, created_at: "2025-10-01T00:00:00Z" }));
      return sendJSON(res, 200, { data, has_more: false, first_id: data[0]!.id, last_id: data.at(-1)!.id });
    }
    if (req.method !== "POST" || path !== "/v1/messages") return sendError(res, 404, { message: `Not found: ${req.method} ${path}` });

    const call = trackCall(req, res);
    // The key comes as x-api-key, or (SDK 1.x, API version 2026-10-21) as a bearer token.
    const key = call.headers["x-api-key"] ?? call.headers.authorization?.replace(/^Bearer\s+/i, "");
    if (!key) return sendError(res, 401, { message: "x-api-key header is required" });
    if (!call.headers["anthropic-version"]) return sendError(res, 400, { message: "anthropic-version: header is required" });
    try {
      call.body = JSON.parse(await readBody(req));
    } catch {
      return sendError(res, 400, { message: "There was an error parsing the body of your request." });
    }
    if (typeof call.body.max_tokens !== "number") return sendError(res, 400, { message: "max_tokens: Field required" });
    if (!Array.isArray(call.body.messages) || call.body.messages.length === 0) return sendError(res, 400, { message: "messages: at least one message is required" });
    calls.push(call);
    const reply = queue.shift() ?? respond(call.body);
    if (reply.stall === "before-headers") return; // the client has to give up
    if (reply.status) return sendError(res, reply.status, { ...reply, key });
    streamReply(res, call.body, reply);
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

/** One content block as streamed: its opening, then its deltas. */
interface StreamedBlock {
  start: object;
  deltas: object[];
}

function blocksOf(reply: FakeReply): StreamedBlock[] {
  const blocks: StreamedBlock[] = [];
  if (reply.text !== undefined) blocks.push({ start: { type: "text", text: "" }, deltas: tokenize(reply.text).map((text) => ({ type: "text_delta", text })) });
  for (const [i, call] of (reply.toolCalls ?? []).entries()) {
    const pieces = inputText(call).match(/[\s\S]{1,8}/g) ?? [];
    blocks.push({ start: { type: "tool_use", id: toolUseId(call, i), name: call.name, input: {} }, deltas: pieces.map((partial_json) => ({ type: "input_json_delta", partial_json })) });
  }
  return blocks;
}

async function streamReply(res: ServerResponse, body: any, reply: FakeReply): Promise<void> {
  const send = (event: string, data: object) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  const blocks = blocksOf(reply);
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": requestId(), ...reply.headers });
  if (reply.stall === "after-headers") return void res.flushHeaders();
  send("message_start", { message: message(body, reply) });
  send("ping", {});
  let sent = 0;
  for (const [index, block] of blocks.entries()) {
    send("content_block_start", { index, content_block: block.start });
    for (const delta of block.deltas) {
      if (sent === reply.hangAfterTokens) return; // stall: the client has to give up
      if (sent === reply.endAfterTokens) return void res.end();
      if (sent === reply.errorAfterTokens?.tokens) return void res.end(errorEvent(reply.errorAfterTokens.type, reply.errorAfterTokens.message));
      if (reply.tokenDelayMs) await sleep(reply.tokenDelayMs);
      if (res.destroyed) return;
      send("content_block_delta", { index, delta });
      sent++;
    }
    send("content_block_stop", { index });
  }
  if (sent === reply.hangAfterTokens) return;
  if (sent === reply.endAfterTokens) return void res.end();
  if (sent === reply.errorAfterTokens?.tokens) return void res.end(errorEvent(reply.errorAfterTokens.type, reply.errorAfterTokens.message));
  send("message_delta", { delta: { stop_reason: stopReason(reply), stop_sequence: null }, usage: { output_tokens: sent } });
  send("message_stop", {});
  res.end();
}

function errorEvent(type: string, message: string): string {
  return `event: error\ndata: ${JSON.stringify({ type: "error", error: { type, message } })}\n\n`;
}

/** The message as message_start opens it: no content yet, the prompt counted. */
function message(body: any, reply: FakeReply) {
  return {
    id: `msg_fake_${Date.now()}`,
    type: "message",
    role: "assistant",
    model: body.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: {
      input_tokens: promptWords(body),
      cache_creation_input_tokens: reply.cacheCreation ?? 0,
      cache_read_input_tokens: reply.cacheRead ?? 0,
      output_tokens: 1,
    },
  };
}

const stopReason = (reply: FakeReply) => reply.stopReason ?? (reply.toolCalls?.length ? "tool_use" : "end_turn");
const toolUseId = (call: FakeToolUse, index: number) => call.id ?? `toolu_fake_${index + 1}`;
const inputText = (call: FakeToolUse) => (typeof call.input === "string" ? call.input : JSON.stringify(call.input));

/** Word counts stand in for tokens: the system text and every text block and tool result (cache reads are extra). */
function promptWords(body: any): number {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  return [body.system, ...messages.map((m) => m?.content)].reduce((n: number, c) => n + tokenize(textOf(c)).length, 0);
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((b: any) => (b?.type === "text" ? b.text : b?.type === "tool_result" ? textOf(b.content) : "")).join(" ");
}

const ERRORS: Record<number, { type: string; message: string }> = {
  400: { type: "invalid_request_error", message: "Invalid request." },
  401: { type: "authentication_error", message: "invalid x-api-key" },
  403: { type: "permission_error", message: "Your API key does not have permission to use the specified resource." },
  404: { type: "not_found_error", message: "Not found." },
  413: { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." },
  429: { type: "rate_limit_error", message: "This request would exceed the rate limit for your organization of 50 requests per minute." },
  500: { type: "api_error", message: "Internal server error" },
  529: { type: "overloaded_error", message: "Overloaded" },
};

function sendError(res: ServerResponse, status: number, opts: { message?: string; retryAfter?: string; headers?: Record<string, string>; key?: string }) {
  const known = ERRORS[status] ?? { type: "api_error", message: "Internal server error" };
  const message = (opts.message ?? known.message).replace("{key}", opts.key ?? "");
  // A 429 says when each limit resets, besides retry-after.
  const limits: Record<string, string> = status === 429 ? { "anthropic-ratelimit-requests-limit": "50", "anthropic-ratelimit-requests-remaining": "0", "anthropic-ratelimit-requests-reset": new Date(Date.now() + 1000).toISOString() } : {};
  const headers = { ...limits, ...opts.headers, ...(opts.retryAfter !== undefined ? { "retry-after": opts.retryAfter } : {}) };
  sendJSON(res, status, { type: "error", error: { type: known.type, message } }, headers);
}

function sendJSON(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "request-id": requestId(), ...headers });
  res.end(JSON.stringify(value));
}

const requestId = () => `req_fake_${Math.random().toString(36).slice(2, 12)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
