// Subscribers of one run that another server drives, woken by the same notice, share one read
// of the store: only a read begun since that notice (so it sees what the notice told of), from
// no later a seq than theirs.
import { expect, test } from "vitest";
import type { RunEvent } from "@tandem/shared";
import { SseHub } from "../src/http/sse.js";

const events = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ type: "message.delta", nodeId: "writer", text: "t", seq: from + i, at: 0 }) as RunEvent);

/** A store read that resolves when told, counting how often it was begun. */
function reads() {
  const begun: { after: number; resolve: (e: RunEvent[]) => void }[] = [];
  const read = (after: number) => () => new Promise<RunEvent[]>((resolve) => begun.push({ after, resolve }));
  return { begun, read };
}

test("subscribers woken by one notice share the read begun since it; each gets what is after its own last seq", async () => {
  const hub = new SseHub();
  const { begun, read } = reads();
  const toldAt = process.hrtime.bigint();
  const first = hub.storedAfter("run-a", 3, toldAt, read(3));
  const same = hub.storedAfter("run-a", 3, toldAt, read(3));
  const ahead = hub.storedAfter("run-a", 5, toldAt, read(5));
  expect(begun).toHaveLength(1);
  begun[0]!.resolve(events(4, 7));
  expect((await first).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
  expect((await same).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
  expect((await ahead).map((e) => e.seq)).toEqual([6, 7]);
  // Done: the next read is a read of its own.
  void hub.storedAfter("run-a", 7, process.hrtime.bigint(), read(7));
  expect(begun).toHaveLength(2);
});

test("a read begun before the notice, from a later seq, or of another run is not shared", async () => {
  const hub = new SseHub();
  const { begun, read } = reads();
  void hub.storedAfter("run-a", 3, process.hrtime.bigint(), read(3));
  // Woken by a later notice: the read under way may have begun before what it told of was stored.
  void hub.storedAfter("run-a", 3, process.hrtime.bigint(), read(3));
  expect(begun).toHaveLength(2);
  const toldAt = process.hrtime.bigint();
  void hub.storedAfter("run-a", 6, toldAt, read(6));
  // Behind the read under way (it begins after 6): a read from its own seq.
  void hub.storedAfter("run-a", 2, toldAt, read(2));
  void hub.storedAfter("run-b", 6, toldAt, read(6));
  expect(begun.map((b) => b.after)).toEqual([3, 3, 6, 2, 6]);
  for (const b of begun) b.resolve([]);
});
