// How long a server asked us to wait before retrying, read from its response headers.

/**
 * `retry-after-ms` (OpenAI's, milliseconds) wins over the standard `retry-after`
 * (seconds, or an HTTP date). Returns undefined when neither is present or readable;
 * capping the wait is the caller's business.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = parseNumber(headers?.get("retry-after-ms"));
  if (ms !== undefined) return ms;

  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseNumber(value: string | null | undefined): number | undefined {
  if (!value || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}
