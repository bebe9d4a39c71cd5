// Calling an HTTP tool: the request filled from the call's arguments (and secrets, in headers),
// sent only to an allowed destination with the call's Idempotency-Key, redirects not followed.
// What it reports never holds a secret: the values sent are replaced by [secret NAME].
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { fillHttpRequest, secretMark, TemplateError, type HttpRequestText, type HttpTool } from "@tandem/shared";
import { checkDestination, type HttpPolicy, type Resolve } from "./destination.js";
import type { HttpPart } from "./toolbox.js";
import { ToolError, type CallOptions, type ToolOutcome } from "./types.js";

/** The most of a response body the model is given. */
export const MAX_RESULT_CHARS = 20_000;

export interface HttpCallOptions extends CallOptions {
  policy: HttpPolicy;
  /** A secret's value from the tools configuration; undefined when it names none. */
  secret(name: string): string | undefined;
  /** How names become addresses (the system's resolver unless given). */
  resolve?: Resolve;
}

export async function callHttpTool(def: HttpTool, args: unknown, o: HttpCallOptions): Promise<ToolOutcome> {
  const sent = new Map<string, string>();
  const hide = (text: string) => [...sent].reduce((out, [name, value]) => out.replaceAll(value, secretMark(name)), text);
  const request = fill(def, args, (name) => {
    const value = o.secret(name);
    if (value === undefined) throw new ToolError("unavailable", `the secret "${name}" is not configured (secrets in the tools configuration)`);
    if (value) sent.set(name, value);
    return value;
  });
  if (!URL.canParse(request.url)) throw new ToolError("error", `url: "${request.url}" is not a URL`);
  const url = new URL(request.url);

  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = AbortSignal.any([o.signal, timeout]);
  try {
    const { status, location, body } = await untilAborted(send(url, request, o, signal), signal);
    const moved = status >= 300 && status < 400 && location ? ` (redirect to ${location}, not followed)` : "";
    return { content: hide(`HTTP ${status}${moved}${body ? `\n${body}` : ""}`), ...(status < 200 || status >= 300 ? { isError: true } : {}) };
  } catch (e) {
    if (o.signal.aborted) throw o.signal.reason;
    if (timeout.aborted) throw new ToolError("timeout", `no answer from ${url.host} within ${o.timeoutMs / 1000} s`);
    if (e instanceof ToolError) throw new ToolError(e.code, hide(e.message));
    throw new ToolError("error", hide(`${def.method} ${url.origin}${url.pathname} failed: ${(e as Error).message}`));
  }
}

/** HTTP tools for a ToolBox: sent under the configuration's policy, with its secrets (`names` is what GET /api/tools shows). */
export function httpPart(policy: HttpPolicy, secrets: { names: string[]; secret(name: string): string | undefined }): HttpPart {
  return {
    allow: policy.allow,
    allowPrivate: policy.allowPrivate,
    secrets: secrets.names,
    call: (def, args, o) => callHttpTool(def, args, { ...o, policy, secret: secrets.secret }),
  };
}

function fill(def: HttpTool, args: unknown, secret: (name: string) => string): HttpRequestText {
  try {
    return fillHttpRequest(def, args, secret);
  } catch (e) {
    if (e instanceof TemplateError) throw new ToolError("error", `${e.field}: ${e.message}`);
    throw e;
  }
}

async function send(url: URL, request: HttpRequestText, o: HttpCallOptions, signal: AbortSignal): Promise<{ status: number; location?: string; body: string }> {
  const lookup = await checkDestination(url, o.policy, o.resolve);
  const headers: Record<string, string> = {};
  // The call's own key wins over any the tool's headers set; a JSON body says so unless the tool does.
  for (const [name, value] of Object.entries(request.headers)) if (name.toLowerCase() !== "idempotency-key") headers[name] = value;
  headers["Idempotency-Key"] = o.idempotencyKey;
  if (request.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";

  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, { method: request.method, headers, lookup, signal }, resolve);
    req.on("error", reject);
    req.end(request.body);
  });
  return { status: res.statusCode ?? 0, location: res.headers.location, body: await readText(res) };
}

/** The body as text, cut (and the rest not read) past MAX_RESULT_CHARS. */
async function readText(res: IncomingMessage): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of res) {
    text += decoder.decode(chunk as Buffer, { stream: true });
    if (text.length > MAX_RESULT_CHARS) {
      return `${text.slice(0, MAX_RESULT_CHARS)}\n[truncated: the response is longer than ${MAX_RESULT_CHARS.toLocaleString("en")} characters]`;
    }
  }
  return text + decoder.decode();
}

/** Settles with the work, or rejects as soon as the signal aborts (a DNS lookup cannot be cancelled). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}
