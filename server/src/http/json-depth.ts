// Refuses JSON bodies nested deeper than any Tandem document goes, before they are parsed:
// JSON.parse spends seconds on millions of levels, and code that walks the result recurses.
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors.js";

/** Flows and run exports nest about ten levels; this leaves room and stops abuse. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const [OPEN_ARRAY, OPEN_OBJECT, CLOSE_ARRAY, CLOSE_OBJECT] = [91, 123, 93, 125];

/** Where `text` first nests deeper than `max` arrays and objects (brackets in strings do not count), or -1. */
export function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return i;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return -1;
}

/** Checks the depth of every JSON request body (one linear pass over its text, which Hono keeps for the parser). */
export function jsonDepthLimit(max = MAX_JSON_DEPTH): MiddlewareHandler {
  return async (c, next) => {
    if (/json/i.test(c.req.header("content-type") ?? "")) {
      const at = tooDeepAt(await c.req.text(), max);
      if (at >= 0) throw new ApiError(400, "too_deep", `the request body nests deeper than ${max} levels (the limit), at character ${at}`);
    }
    await next();
  };
}
