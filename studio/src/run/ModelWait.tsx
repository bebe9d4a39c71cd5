// What an agent waits for before its reply streams: the first token, or a retry of a call that
// failed or stalled ("waiting for the model (retry 2 of 3 in 4 s)"), counting down each second.
import type { PendingRetry } from "@tandem/shared";
import { useNow } from "../ui/useNow.js";

/** `now`: the time to count from (a replay passes the time of its cursor); live when absent. */
export function ModelWait({ retry, now }: { retry: PendingRetry | null; now?: number }) {
  const clock = useNow(now === undefined && retry !== null);
  if (!retry) return <>{waitNote(null, 0)}</>;
  return (
    <>
      {waitNote(retry, now ?? clock)}
      <span className="msg-retry-reason"> · {retry.error}</span>
    </>
  );
}

export function waitNote(retry: PendingRetry | null, now: number): string {
  if (!retry) return "waiting for the first token…";
  const of = retry.maxRetries === undefined ? "" : ` of ${retry.maxRetries}`;
  // The server's clock may differ from this one: the wait never reads longer than it was.
  const left = Math.min(retry.delayMs, Math.max(0, retry.at + retry.delayMs - now));
  if (left > 0) return `waiting for the model (retry ${retry.attempt}${of} in ${Math.ceil(left / 1000)} s)`;
  return `waiting for the first token… (retry ${retry.attempt}${of})`;
}
