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
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "The Tandem server cannot be reached. Is it running?");
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (payload as Partial<ApiErrorBody> | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? "http",
      error?.message ?? `The server answered ${response.status} ${response.statusText}`,
      error?.path,
      error?.problems,
    );
  }
  return payload as T;
}

export const api = {
  models: () => request<ModelList>("GET", "/models"),
  listFlows: async () => (await request<FlowList>("GET", "/flows")).flows,
  getFlow: (id: string) => request<FlowRecord>("GET", `/flows/${encodeURIComponent(id)}`),
  createFlow: (flow: Flow) => request<FlowRecord>("POST", "/flows", { flow }),
  /** Saves the next version; with `baseVersion`, fails (409) if someone else saved since. */
  saveFlow: (id: string, flow: Flow, baseVersion?: number) =>
    request<FlowRecord>("PUT", `/flows/${encodeURIComponent(id)}`, { flow, baseVersion }),
  deleteFlow: (id: string) => request<void>("DELETE", `/flows/${encodeURIComponent(id)}`),
};
