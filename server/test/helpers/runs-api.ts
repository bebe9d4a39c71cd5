// Calls to a running server's API and the flows the run tests use.
import type { RunEvent } from "@tandem/shared";
import { afterAll, beforeAll } from "vitest";
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from "./server-process.js";

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Calls to the server at `base`, each with the headers `always` (say who calls). */
export function client(base: string | (() => string), always: Record<string, string> = {}) {
  const url = () => (typeof base === "string" ? base : base());
  const call = async (method: string, path: string, body?: unknown, opts: { headers?: Record<string, string>; raw?: string } = {}): Promise<Reply> => {
    const hasBody = body !== undefined || opts.raw !== undefined;
    const res = await fetch(url() + path, {
      method,
      headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...always, ...opts.headers },
      body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  const api = {
    call,
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call("POST", path, body ?? {}, { headers }),
    /** Starts a run of an inline flow; expects 201. */
    async start(flow: unknown, input = "Write a haiku about rivers.", extra: Record<string, unknown> = {}): Promise<string> {
      const res = await call("POST", "/api/runs", { flow, input, ...extra });
      if (res.status !== 201) throw new Error(`start failed: ${res.status} ${res.text}`);
      return res.body.runId;
    },
    async run(id: string): Promise<{ run: any; state: any; events: RunEvent[] }> {
      const res = await call("GET", `/api/runs/${id}`);
      if (res.status !== 200) throw new Error(`GET run failed: ${res.status} ${res.text}`);
      return res.body;
    },
    /** Polls the run until `done(state, events)` holds. */
    async until(id: string, done: (state: any, events: RunEvent[]) => boolean, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      let last: { run: any; state: any; events: RunEvent[] } | undefined;
      while (Date.now() < end) {
        last = await api.run(id);
        if (done(last.state, last.events)) return last;
        await sleep(20);
      }
      throw new Error(`run ${id} did not get there in ${timeoutMs} ms; status ${last?.state.status}, events ${last?.events.map((e) => e.type).join(" ")}`);
    },
    /** Waits for one of these statuses, and for the stored log to hold the event that set it (a live run's state is ahead of its writes). */
    status: (id: string, ...statuses: string[]) => api.until(id, (s, events) => statuses.includes(s.status) && (events.at(-1)?.seq ?? 0) === s.lastSeq),
    answer: (id: string, requestId: string, body: unknown, headers?: Record<string, string>) =>
      call("POST", `/api/runs/${id}/human/${requestId}`, body, { headers }),
    control: (id: string, action: string) => call("POST", `/api/runs/${id}/control`, { action }),
    async health() {
      return (await call("GET", "/api/health")).body;
    },
  };
  return api;
}

/** Starts a server process before the tests of the calling file and stops it after them; `api` calls it. */
export function withServer(options?: ServerProcessOptions): { server: ServerProcess; api: ReturnType<typeof client> } {
  const running = {} as { server: ServerProcess; api: ReturnType<typeof client> };
  beforeAll(async () => {
    running.server = await startServerProcess(options);
    running.api = client(running.server.url);
  });
  afterAll(() => running.server?.stop());
  return running;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns something other than undefined/false. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000, what = "condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await sleep(20);
  }
}

const pos = { x: 0, y: 0 };

export interface ReviewOptions {
  model?: string;
  script?: string[];
  outcomes?: string[];
  allowText?: boolean;
  allowEdit?: boolean;
  timeoutSeconds?: number;
  defaultOutcome?: string;
  name?: string;
}

/** user → writer (agent) → reviewer (human: approve ends, anything else back to the writer) → end. */
export function reviewFlow(o: ReviewOptions = {}) {
  return {
    schemaVersion: 2,
    name: o.name ?? "Write and review",
    nodes: [
      { id: "user", type: "start", position: pos },
      {
        id: "writer",
        type: "agent",
        position: pos,
        data: { name: "writer", model: o.model ?? "scripted/demo", systemMessage: "You write.", ...(o.script ? { script: o.script } : {}) },
      },
      {
        id: "reviewer",
        type: "human",
        position: pos,
        data: {
          name: "reviewer",
          instructions: "Approve or ask for a revision.",
          outcomes: (o.outcomes ?? ["approve", "revise"]).map((name) => ({ name, description: "" })),
          allowText: o.allowText ?? true,
          allowEdit: o.allowEdit ?? true,
          ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds, defaultOutcome: o.defaultOutcome ?? "approve" } : {}),
        },
      },
      { id: "end", type: "end", position: pos },
    ],
    edges: [
      { id: "e1", source: "user", target: "writer" },
      { id: "e2", source: "writer", target: "reviewer" },
      { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
      { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "otherwise" } } },
    ],
  };
}

/** The flow with node ids renamed (names stay), e.g. `{ writer: "__proto__" }`; edges follow. */
export function withNodeIds<F extends { nodes: { id: string }[]; edges: { source: string; target: string }[] }>(flow: F, rename: Record<string, string>): F {
  const id = (old: string) => (Object.hasOwn(rename, old) ? rename[old]! : old);
  return {
    ...flow,
    nodes: flow.nodes.map((n) => ({ ...n, id: id(n.id) })),
    edges: flow.edges.map((e) => ({ ...e, source: id(e.source), target: id(e.target) })),
  };
}

/** user → a → b → end: two agents in a row (for step mode and breakpoints). */
export function chainFlow(model = "scripted/demo") {
  return {
    schemaVersion: 2,
    name: "Two agents",
    nodes: [
      { id: "user", type: "start", position: pos },
      { id: "a", type: "agent", position: pos, data: { name: "alpha", model, script: ["alpha says hi"] } },
      { id: "b", type: "agent", position: pos, data: { name: "beta", model, script: ["beta says bye"] } },
      { id: "end", type: "end", position: pos },
    ],
    edges: [
      { id: "e1", source: "user", target: "a" },
      { id: "e2", source: "a", target: "b" },
      { id: "e3", source: "b", target: "end" },
    ],
  };
}

/** The events without `at` and with run.started's runId blanked: what two copies of one log share. */
export function comparable(events: RunEvent[]) {
  return events.map((e) => (e.type === "run.started" ? { ...e, runId: "" } : e));
}
