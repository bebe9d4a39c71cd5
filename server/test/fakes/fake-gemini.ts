// A fake Gemini API server speaking the real wire format, for tests.
//
//   const fake = await startFakeGemini({ key: "AIza-test" });   // other keys get Gemini's API_KEY_INVALID
//   new GoogleGenAI({ apiKey: "AIza-test", httpOptions: { baseUrl: fake.url } });
//   fake.enqueue({ text: "hello world" }, { status: 429, retryDelay: "7s" });   // next replies, in order
//   fake.enqueue({ stall: "after-headers" }, { text: "a b c", hangAfterTokens: 2 }, { finishReason: "SAFETY" });
//   fake.enqueue({ toolCalls: [{ name: "refund", args: { amount: 250 } }] });   // whole functionCall parts
//   fake.calls[0].body.contents; fake.calls[0].model; await fake.calls[0].ended; fake.calls[0].aborted;
//
// POST /v1beta/models/{model}:streamGenerateContent?alt=sse streams SSE chunks of
// GenerateContentResponse (usageMetadata on each, finishReason on the last); GET /v1beta/models
// lists models. Errors are Google's JSON ({"error":{code,message,status,details}}). When the
// queue is empty, `respond` decides.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, sendJSON, tokenize, trackCall, type FakeCall } from "../fake-openai.js";

export interface FakeGeminiReply {
  /** The reply, streamed a word-sized token per chunk. */
  text?: string;
  /** Thinking, streamed as `thought: true` parts before the text. */
  thoughts?: string;
  /** Function calls, each a whole part in a chunk of its own after the text (no id unless given). */
  toolCalls?: { id?: string; name: string; args: Record<string, unknown> }[];
  /** The last chunk's finishReason (default STOP); SAFETY-like ones carry a blocked safety rating. */
  finishReason?: string;
  /** Block the prompt: one chunk with promptFeedback.blockReason and no candidates. */
  blockPrompt?: string;
  /** Reported as usageMetadata.cachedContentTokenCount. */
  cachedTokens?: number;
  /** Pause before each streamed chunk. */
  tokenDelayMs?: number;
  /** Stall until the client hangs up: before sending the response headers, or right after them. */
  stall?: "before-headers" | "after-headers";
  /** Stream this many chunks (text tokens, then calls), then stall until the client hangs up. */
  hangAfterTokens?: number;
  /** Stream this many chunks, then end the response without a finishReason. */
  endAfterTokens?: number;
  /** Answer with this HTTP status and Google's error JSON instead. */
  status?: number;
  /** Stream this many chunks, then Google's error JSON (of `status`, default 503) as a data event, and end. */
  errorAfterTokens?: number;
  /** The error's message ("{key}" is replaced by the request's key); a realistic default per status otherwise. */
  message?: string;
  /** An ErrorInfo reason in the error's details (API_KEY_INVALID). */
  reason?: string;
  /** A RetryInfo retryDelay in the error's details ("7s"). */
  retryDelay?: string;
}

export interface FakeGeminiCall extends FakeCall {
  /** The model from the path, without "models/". */
  model: string;
}

export interface FakeGemini {
  /** Base URL for the SDK's httpOptions.baseUrl (it adds /v1beta). */
  url: string;
  /** Every generate request, in arrival order. */
  calls: FakeGeminiCall[];
  enqueue(...replies: FakeGeminiReply[]): void;
  /** Stops the server, cutting any open (e.g. hanging) connections. */
  close(): Promise<void>;
}

export interface FakeGeminiOptions {
  /** The only key accepted; unset: any. */
  key?: string;
  /** Answers calls when the queue is empty; defaults to echoing the last user text. */
  respond?: (body: any) => FakeGeminiReply;
}

/** What GET /v1beta/models lists: two models that write replies and one that only embeds. */
export const FAKE_GEMINI_MODELS = [
  { name: "models/gemini-2.5-flash", supportedGenerationMethods: ["generateContent", "countTokens", "createCachedContent"] },
  { name: "models/gemini-2.5-pro", supportedGenerationMethods: ["generateContent", "countTokens"] },
  { name: "models/text-embedding-004", supportedGenerationMethods: ["embedContent"] },
];

export function echoGemini(body: any): FakeGeminiReply {
  const last = (body?.contents ?? []).filter((c: any) => c?.role === "user").at(-1);
  const text = last?.parts?.map((p: any) => p.text ?? "").join("");
  return { text: text ? `You said: ${text}` : "Hello from the fake model." };
}

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const respond = options.respond ?? echoGemini;
  const queue: FakeGeminiReply[] = [];
  const calls: FakeGeminiCall[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, { status: 500, message: `fake server failed: ${String(err)}` }, "");
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const key = String(req.headers["x-goog-api-key"] ?? "");
    if (options.key !== undefined && key !== options.key) return sendError(res, BAD_KEY, key);
    if (req.method === "GET" && url.pathname === "/v1beta/models") return sendJSON(res, 200, { models: FAKE_GEMINI_MODELS });
    const generate = url.pathname.match(/^\/v1beta\/models\/([^/:]+):streamGenerateContent$/);
    if (req.method !== "POST" || !generate || url.searchParams.get("alt") !== "sse") {
      return sendError(res, { status: 404, message: `The requested URL ${url.pathname} was not found on this server.` }, key);
    }
    const call: FakeGeminiCall = Object.assign(trackCall(req, res), { model: decodeURIComponent(generate[1]!) });
    try {
      call.body = JSON.parse(await readBody(req));
    } catch {
      return sendError(res, { status: 400, message: "Invalid JSON payload received." }, key);
    }
    calls.push(call);
    const reply = queue.shift() ?? respond(call.body);
    if (reply.stall === "before-headers") return; // the client has to give up
    if (reply.status && reply.errorAfterTokens === undefined) return sendError(res, reply, key);
    return streamReply(res, call, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Gemini's answer to a wrong key: a 400, not a 401. */
export const BAD_KEY: FakeGeminiReply = { status: 400, message: "API key not valid. Please pass a valid API key.", reason: "API_KEY_INVALID" };

async function streamReply(res: ServerResponse, call: FakeGeminiCall, reply: FakeGeminiReply): Promise<void> {
  const promptTokenCount = promptWords(call.body);
  let written = 0;
  let thought = 0;
  const usageMetadata = () => ({
    promptTokenCount,
    candidatesTokenCount: written,
    totalTokenCount: promptTokenCount + written + thought,
    ...(thought ? { thoughtsTokenCount: thought } : {}),
    ...(reply.cachedTokens ? { cachedContentTokenCount: reply.cachedTokens } : {}),
  });
  const send = (fields: object) => res.write(`data: ${JSON.stringify({ ...fields, usageMetadata: usageMetadata(), modelVersion: call.model, responseId: "fake-response" })}\r\n\r\n`);
  const candidate = (parts: object[], extra: object = {}) => ({ candidates: [{ content: { role: "model", parts }, index: 0, ...extra }] });
  // Every streamed chunk but the last, in order: a token of thought or text is one, and so is each call.
  const chunks: (() => object)[] = [
    ...tokenize(reply.thoughts ?? "").map((token) => () => (thought++, candidate([{ text: token, thought: true }]))),
    ...tokenize(reply.text ?? "").map((token) => () => (written++, candidate([{ text: token }]))),
    ...(reply.toolCalls ?? []).map(({ id, name, args }) => () => candidate([{ functionCall: { ...(id ? { id } : {}), name, args } }])),
  ];

  res.writeHead(200, { "content-type": "text/event-stream", "x-content-type-options": "nosniff", vary: "Origin, X-Origin, Referer" });
  if (reply.stall === "after-headers") return void res.flushHeaders();
  if (reply.blockPrompt) {
    send({ promptFeedback: { blockReason: reply.blockPrompt, safetyRatings: [{ category: "HARM_CATEGORY_HARASSMENT", probability: "HIGH" }] } });
    return void res.end();
  }
  for (const [i, chunk] of chunks.entries()) {
    if (i === reply.hangAfterTokens) return; // stall: the client has to give up
    if (i === reply.endAfterTokens) return void res.end();
    if (i === reply.errorAfterTokens) return void res.end(`data: ${JSON.stringify(errorJSON({ status: 503, ...reply }, ""))}\r\n\r\n`);
    if (reply.tokenDelayMs) await sleep(reply.tokenDelayMs);
    if (res.destroyed) return;
    send(chunk());
  }
  if (reply.hangAfterTokens !== undefined && reply.hangAfterTokens >= chunks.length) return;
  if (reply.endAfterTokens !== undefined && reply.endAfterTokens >= chunks.length) return void res.end();
  const finishReason = reply.finishReason ?? "STOP";
  const blocked = finishReason !== "STOP" && finishReason !== "MAX_TOKENS";
  const rating = blocked ? { safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true }] } : {};
  send(candidate(blocked ? [] : [{ text: "" }], { finishReason, ...rating }));
  res.end();
}

const STATUS_NAMES: Record<number, [string, string]> = {
  400: ["INVALID_ARGUMENT", "Request contains an invalid argument."],
  401: ["UNAUTHENTICATED", "Request had invalid authentication credentials."],
  403: ["PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."],
  404: ["NOT_FOUND", "models/unknown is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."],
  429: ["RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details."],
  500: ["INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"],
  503: ["UNAVAILABLE", "The model is overloaded. Please try again later."],
};

function sendError(res: ServerResponse, reply: FakeGeminiReply, key: string) {
  sendJSON(res, reply.status ?? 500, errorJSON(reply, key));
}

function errorJSON(reply: FakeGeminiReply, key: string) {
  const status = reply.status ?? 500;
  const [name, message] = STATUS_NAMES[status] ?? ["UNKNOWN", "Unknown error."];
  const details = [
    ...(reply.reason ? [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: reply.reason, domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } }] : []),
    ...(reply.retryDelay ? [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: reply.retryDelay }] : []),
  ];
  return { error: { code: status, message: (reply.message ?? message).replace("{key}", key), status: name, ...(details.length ? { details } : {}) } };
}

/** Words stand in for tokens: the system instruction's and every text or function result the request holds. */
function promptWords(body: any): number {
  const parts: any[] = [...(body?.systemInstruction?.parts ?? []), ...(body?.contents ?? []).flatMap((c: any) => c?.parts ?? [])];
  return parts.reduce((n, p) => n + tokenize(String(p?.text ?? p?.functionResponse?.response?.content ?? "")).length, 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
