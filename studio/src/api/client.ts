// The studio's only way to talk to the Tandem server. Pages and stores call these functions,
// never fetch() directly, so the API's shape lives in one place.
import type { ApiErrorBody, Flow, FlowList, FlowRecord, ModelList, Problem } from "@tandem/shared";

/** An error answered by the server (`{ error: { code, message, path?, problems? } }`) or the network. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly problems?: Problem[],
    /** From Retry-After: how long to wait before asking again (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Routes that answer 401 as part of signing in (wrong password), not because a session ended. */
const SIGN_IN_PATHS = new Set(["/auth/me", "/auth/sign-in", "/auth/setup"]);

/** The session's CSRF token (from GET /api/auth/me), sent back on state-changing requests. */
let csrfToken: string | undefined;
/** Called when the server answers 401: the session ended or was never there. */
let onUnauthenticated: (() => void) | undefined;

export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

export function whenUnauthenticated(handler: () => void) {
  onUnauthenticated = handler;
}

/** The headers every request carries: how it reached the server, and the CSRF token where it changes state. */
export function requestHeaders(method: string, token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { "x-tandem-via": "studio" };
  if (token && !SAFE_METHODS.has(method.toUpperCase())) headers["x-csrf-token"] = token;
  return headers;
}

export async function request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: "same-origin",
      headers: {
        ...requestHeaders(method, csrfToken),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "The Tandem server cannot be reached. Is it running?");
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (payload as Partial<ApiErrorBody> | undefined)?.error;
    // A wrong password is a 401 too: only other routes mean the session is gone.
    if (response.status === 401 && !SIGN_IN_PATHS.has(path)) onUnauthenticated?.();
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new ApiError(
      response.status,
      error?.code ?? "http",
      error?.message ?? `The server answered ${response.status} ${response.statusText}`,
      error?.path,
      error?.problems,
      retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return payload as T;
}

export const api = {
  models: () => request<ModelList>("GET", "/models"),
  listFlows: async () => (await request<FlowList>("GET", "/flows")).flows,
  /** The latest version, or `version`. */
  getFlow: (id: string, version?: number) => request<FlowRecord>("GET", `/flows/${encodeURIComponent(id)}${version === undefined ? "" : `?version=${version}`}`),
  createFlow: (flow: Flow) => request<FlowRecord>("POST", "/flows", { flow }),
  /** Saves the next version; with `baseVersion`, fails (409) if someone else saved since. */
  saveFlow: (id: string, flow: Flow, baseVersion?: number) =>
    request<FlowRecord>("PUT", `/flows/${encodeURIComponent(id)}`, { flow, baseVersion }),
  deleteFlow: (id: string) => request<void>("DELETE", `/flows/${encodeURIComponent(id)}`),
};
