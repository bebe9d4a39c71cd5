// A failed Gemini call as a ModelError. The SDK keeps Gemini's error JSON as the message text;
// from it come a readable message, a hint for the errors a person must fix, and the wait
// Gemini asks for before a retry.
import { ApiError } from "@google/genai";
import { describe, httpModelError, redact } from "./errors.js";
import { ModelError } from "./types.js";

/** Gemini's error body (the SDK keeps it as JSON text in the message). */
interface GeminiErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: { "@type"?: string; reason?: string; retryDelay?: string }[];
}

/** `model` is named when Gemini does not know it (404); the key is kept out of the message. */
export function geminiError(err: unknown, key: string | undefined, model: string | undefined): ModelError {
  if (!(err instanceof ApiError)) return httpModelError(redact(`gemini: ${describe(err)}`, key), undefined);
  const body = errorBody(err.message);
  const reason = body?.details?.find((d) => d.reason)?.reason;
  const said = body ? [`${err.status} ${body.status ?? ""}`.trim(), body.message].filter(Boolean).join(": ") : err.message;
  const hint = errorHint(err.status, reason, body?.message ?? "", model);
  const { retryable, status } = httpModelError("", err.status);
  return new ModelError(redact(`gemini: ${hint ? `${hint}: ` : ""}${said}${reason ? ` (${reason})` : ""}`, key), retryable, status, retryDelayMs(body));
}

/** What a person should read first, for the errors that need them to act. */
function errorHint(status: number, reason: string | undefined, message: string, model: string | undefined): string | undefined {
  if (reason === "API_KEY_INVALID" || status === 401 || status === 403) return "the API key was refused (check GEMINI_API_KEY)";
  if (status === 404) return model ? `unknown model "${model}"` : undefined;
  if (status === 400 && /exceeds the maximum number of tokens/i.test(message)) return "the conversation is too long for the model";
  return undefined;
}

/** The error JSON in the SDK's message: the whole of it, or after "got status: ..." for an error sent inside the stream. */
function errorBody(message: string): GeminiErrorBody | undefined {
  const start = message.indexOf("{");
  if (start < 0) return undefined;
  try {
    const parsed = JSON.parse(message.slice(start)) as { error?: GeminiErrorBody };
    return parsed.error && typeof parsed.error === "object" ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

/** Gemini asks for a wait in the body, as google.rpc.RetryInfo's retryDelay ("7s", "0.5s"), not in Retry-After. */
function retryDelayMs(body: GeminiErrorBody | undefined): number | undefined {
  const delay = body?.details?.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo"))?.retryDelay;
  const seconds = delay?.match(/^(\d+(?:\.\d+)?)s$/)?.[1];
  return seconds === undefined ? undefined : Math.round(Number(seconds) * 1000);
}
