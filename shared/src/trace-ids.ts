// A run's OpenTelemetry ids, worked out from the run id alone: the server exports spans with them
// and the studio shows them, so both agree without storing anything, and a span exported again
// (after a restart) keeps its id.

const UUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;
const MASK = (1n << 64n) - 1n;
const FNV_PRIME = 0x100000001b3n;
const FNV_OFFSET = 0xcbf29ce484222325n;

/** 64-bit FNV-1a of the text's UTF-16 units, started from a seed so two seeds give independent halves. */
function fnv64(text: string, seed: bigint): bigint {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * FNV_PRIME) & MASK;
  }
  return h;
}

const hex16 = (n: bigint) => n.toString(16).padStart(16, "0");

/** An id of all zeros is invalid in OpenTelemetry. */
const nonZero = (id: string) => (/^0+$/.test(id) ? `${id.slice(0, -1)}1` : id);

/** The run's trace id (32 hex digits): a UUID's own digits, else a 128-bit hash of the id. */
export function traceIdOf(runId: string): string {
  const uuid = UUID.exec(runId);
  if (uuid) return nonZero(uuid.slice(1).join("").toLowerCase());
  return nonZero(hex16(fnv64(runId, 0n)) + hex16(fnv64(runId, 0x9e3779b97f4a7c15n)));
}

/** The span id (16 hex digits) of one part of the run, named by a key from SPAN_KEY. */
export function spanIdOf(runId: string, key: string): string {
  return nonZero(hex16(fnv64(`${runId}\u0000${key}`, 0n)));
}

/** The keys of a run's spans (the node id last, so no two keys can read alike). */
export const SPAN_KEY = {
  run: () => "run",
  visit: (nodeId: string, visit: number, attempt: number) => `visit/${visit}/${attempt}/${nodeId}`,
  model: (callId: string) => `model/${callId}`,
  tool: (callId: string) => `tool/${callId}`,
  approval: (requestId: string) => `approval/${requestId}`,
  human: (requestId: string) => `human/${requestId}`,
  budget: (requestId: string) => `budget/${requestId}`,
};
