// What a failed model call says: the error and its causes, with any key kept out.
import { ModelError } from "./types.js";
import { retryAfterMs } from "./retry-after.js";

/** The error's message plus its causes (a bare "Connection error." says too little). Never headers. */
export function describe(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== undefined; depth++) {
    const text = current instanceof Error ? current.message : String(current);
    if (text && !parts.includes(text)) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(": ");
}

/** Error text can echo what the server was sent; keep the key (and anything key-shaped) out of it. */
export function redact(text: string, key: string | undefined): string {
  let out = key ? text.split(key).join("[redacted]") : text;
  out = out.replace(/\b(sk-ant-|sk-|AIza)[A-Za-z0-9_-]{4,}/g, "$1[redacted]");
  return out.replace(/\bBearer\s+\S+/gi, "Bearer [redacted]");
}

/**
 * A provider's HTTP error as a ModelError: 408, 409, 429 and 5xx are worth another try (after
 * the wait the server asked for); other statuses are not. Without a status (connection
 * failures, broken streams) it is transient.
 */
export function httpModelError(message: string, status: number | undefined, headers?: Headers): ModelError {
  if (typeof status !== "number") return new ModelError(message, true);
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  return new ModelError(message, retryable, status, retryAfterMs(headers));
}
