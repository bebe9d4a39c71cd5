// Server logs: pino JSON lines on stderr (stdout carries the one "serving on" line), one
// line per request with method, path, status and time, never headers, query strings or
// bodies. As a last guard, known secret values are masked in every line written.
import type { MiddlewareHandler } from "hono";
import { pino, type Logger } from "pino";

export interface LoggerOptions {
  /** Values that must never be written (API keys, the token). */
  secrets?: (string | undefined)[];
  level?: string;
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  // Short values would mask ordinary words; real keys and tokens are long.
  const secrets = (options.secrets ?? []).filter((s): s is string => !!s && s.length >= 8);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const mask = (line: string) => secrets.reduce((out, s) => out.split(s).join("[redacted]"), line);
  return pino({ level: options.level ?? "info", base: undefined }, { write: (line) => write(mask(line)) });
}

export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 10) / 10;
    logger.info({ method: c.req.method, path: withoutLinkToken(c.req.path), status: c.res.status, ms }, "request");
  };
}

/** An answer link's token is a credential: its path is logged without it. */
export function withoutLinkToken(path: string): string {
  return path.replace(/^(\/answer\/|\/api\/links\/)[^/]+/, "$1[link]");
}
