// What keeps a local server local. A web page the user happens to visit can reach
// 127.0.0.1 too: DNS rebinding makes its requests carry a foreign Host header, and
// cross-site form posts or fetches carry a foreign Origin. Both are refused. There are no
// CORS headers, so no other origin can read a response, except on a deployment's endpoint for
// the origins that deployment allows (routes/deployments-cors.ts). Who may do what (accounts, the
// bearer token off loopback) is the auth middleware's, which runs next (auth/middleware.ts).
import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { drain } from "./drain.js";
import { ApiError } from "./errors.js";

export interface SecurityOptions {
  /** The address the server is bound to. */
  host: string;
  /** The port it listens on; a function because with port 0 it is known only once listening. */
  port: () => number;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
}

/** Paths that judge a request's origin themselves (a deployment's endpoint, by its allowed origins). */
export type OwnOrigins = (path: string) => boolean;

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);
export const STATE_CHANGING: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || h === "[::1]" || /^127(\.\d{1,3}){3}$/.test(h);
}

export function isWildcard(host: string): boolean {
  return WILDCARDS.has(host);
}

/** How a host appears in a URL or Host header: IPv6 in brackets. */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

export function security(options: SecurityOptions, ownOrigins: OwnOrigins = () => false): MiddlewareHandler {
  const names = new Set([...LOOPBACK_NAMES, urlHost(options.host.toLowerCase())]);

  return async (c, next) => {
    const host = (c.req.header("host") ?? "").toLowerCase();
    // Bound to every interface, the server answers to names we cannot list; the token guards it.
    if (!isWildcard(options.host) && !hostAllowed(host, names, options.port())) {
      throw new ApiError(403, "forbidden_host", `this server does not answer to host "${host}"`);
    }
    if (STATE_CHANGING.has(c.req.method) && !ownOrigins(c.req.path)) {
      const origin = c.req.header("origin");
      if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
        throw new ApiError(403, "forbidden_origin", `cross-origin ${c.req.method} from ${origin} refused`);
      }
      if (c.req.header("sec-fetch-site") === "cross-site") {
        throw new ApiError(403, "forbidden_origin", `cross-site ${c.req.method} refused`);
      }
    }
    await next();
  };
}

/** Largest run export that POST /api/runs/import takes. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

export function bodyLimit(maxSize = DEFAULT_BODY_LIMIT): MiddlewareHandler {
  return honoBodyLimit({
    maxSize,
    onError: async (c) => {
      // The client may still be sending: the rest is read and dropped first, so that it gets
      // this answer rather than a reset connection. A body too large even for that closes it.
      const drained = await drain(c.req.raw.body);
      throw new ApiError(
        413,
        "payload_too_large",
        `the request body is larger than the limit of ${maxSize} bytes`,
        undefined,
        undefined,
        drained ? {} : { Connection: "close" },
      );
    },
  });
}

export function isApi(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

function hostAllowed(hostHeader: string, names: Set<string>, port: number): boolean {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  if (!m) return false;
  return names.has(m[1]!) && Number(m[2] ?? 80) === port;
}
