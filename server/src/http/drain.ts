// Reading the rest of a request body that will not be used (one over the size limit), so that
// the client, still sending it, gets the answer instead of a connection reset.

/** Past this many bytes a body is not read to its end: the connection is closed instead. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** Reads and drops the body: true once it has ended, false if it could not be read or went past `max` bytes. */
export async function drain(body: ReadableStream<Uint8Array> | null, max = MAX_DRAIN_BYTES): Promise<boolean> {
  if (!body) return true;
  if (body.locked) return false;
  const reader = body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      read += value.byteLength;
      if (read > max) {
        await reader.cancel();
        return false;
      }
    }
  } catch {
    return false;
  }
}
