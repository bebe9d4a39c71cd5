// A small Server-Sent Events client for tests: fetch + a parser for the wire format, keeping
// every event (with its `id:` and `event:` lines) and every comment line it receives.
//
//   const sub = await subscribe(`${url}/api/runs/${id}/events`, { lastEventId: 4 });
//   await sub.waitFor((e) => e.type === "human.requested");
//   sub.abort();                    // drop the connection, as a client that goes away
//   await sub.closed;               // settles when the server ended the stream (or we aborted)
import type { RunEvent } from "@tandem/shared";

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface Subscription {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed events (data as JSON), in arrival order. */
  readonly events: RunEvent[];
  /** Raw messages, with their id and event lines. */
  readonly messages: SseMessage[];
  /** Comment lines (without the leading ":"), e.g. "heartbeat". */
  readonly comments: string[];
  /** Everything received, as text. */
  readonly raw: () => string;
  /** Resolves with the first event (seen so far or later) that matches; rejects on timeout or end. */
  waitFor(match: (e: RunEvent) => boolean, timeoutMs?: number): Promise<RunEvent>;
  /** Resolves once a comment matching `text` arrived. */
  waitForComment(text: string, timeoutMs?: number): Promise<void>;
  /** Settles when the stream is over: "ended" if the server closed it, "aborted" if we did. */
  readonly closed: Promise<"ended" | "aborted" | "error">;
  abort(): void;
  /** Called for each event as it is parsed (before waiters are told). */
  onEvent?: (e: RunEvent) => void;
}

export async function subscribe(
  url: string,
  opts: { lastEventId?: number | string; headers?: Record<string, string> } = {},
): Promise<Subscription> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: "text/event-stream", ...opts.headers };
  if (opts.lastEventId !== undefined) headers["last-event-id"] = String(opts.lastEventId);
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: RunEvent[] = [];
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  let text = "";
  let ended = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const sub: Subscription = {
    status: res.status,
    headers: res.headers,
    events,
    messages,
    comments,
    raw: () => text,
    waitFor(match, timeoutMs = 10_000) {
      return waitUntil(() => events.find(match), timeoutMs, () => `no matching event; got ${events.map((e) => `${e.seq}:${e.type}`).join(" ")}`);
    },
    async waitForComment(comment, timeoutMs = 10_000) {
      await waitUntil(() => (comments.includes(comment) ? true : undefined), timeoutMs, () => `no comment "${comment}"; got ${JSON.stringify(comments)}`);
    },
    closed: undefined as never,
    abort: () => controller.abort(),
  };

  function waitUntil<T>(find: () => T | undefined, timeoutMs: number, why: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          cleanup();
          resolve(found);
        } else if (ended) {
          cleanup();
          reject(new Error(`the stream ended: ${why()}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms: ${why()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  const parseBlock = (block: string) => {
    const msg: SseMessage = { data: "" };
    const data: string[] = [];
    let isMessage = false;
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) {
        comments.push(line.slice(1).trim());
        continue;
      }
      const at = line.indexOf(":");
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
      if (field === "data") data.push(value);
      else if (field === "id") msg.id = value;
      else if (field === "event") msg.event = value;
      else continue;
      isMessage = true;
    }
    if (!isMessage) return;
    msg.data = data.join("\n");
    messages.push(msg);
    const event = JSON.parse(msg.data) as RunEvent;
    events.push(event);
    sub.onEvent?.(event);
  };

  (sub as { closed: Promise<"ended" | "aborted" | "error"> }).closed = (async () => {
    if (!res.body) return "ended" as const;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let pending: string[] = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        text += chunk;
        // A long message arrives in many chunks: keep them apart until its end is here, so
        // that each chunk is searched once rather than the whole message again each time.
        const part = chunk.replace(/\r\n?/g, "\n");
        const edge = pending.length > 0 && pending.at(-1)!.endsWith("\n") && part.startsWith("\n");
        if (!edge && !part.includes("\n\n")) {
          pending.push(part);
          continue;
        }
        let buffer = pending.join("") + part;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          parseBlock(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
        pending = buffer ? [buffer] : [];
        notify();
      }
      return "ended" as const;
    } catch {
      return controller.signal.aborted ? ("aborted" as const) : ("error" as const);
    } finally {
      ended = true;
      notify();
    }
  })();
  return sub;
}
