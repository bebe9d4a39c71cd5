// Model calls admitted a few per turn of the event loop, the rest in later turns.
import { expect, it } from "vitest";
import { CallGate } from "../src/providers/call-gate.js";

const nextTurn = () => new Promise((r) => setImmediate(r));

it("admits perTurn calls at once and the rest perTurn a turn, in the order they asked", async () => {
  const gate = new CallGate(2);
  const started: number[] = [];
  for (let i = 0; i < 5; i++) void gate.turn().then(() => started.push(i));
  await Promise.resolve();
  expect(started).toEqual([0, 1]);
  await nextTurn();
  expect(started).toEqual([0, 1, 2, 3]);
  await nextTurn();
  expect(started).toEqual([0, 1, 2, 3, 4]);
});

it("each batch waits for a new turn of the event loop, so what became ready meanwhile runs first", async () => {
  const gate = new CallGate(1);
  const order: string[] = [];
  for (let i = 0; i < 3; i++) {
    void gate.turn().then(() => {
      order.push(`call ${i}`);
      if (i > 0) return;
      // Stands in for stream data that arrives while the first call starts: due before the
      // next turn begins, it must not wait behind the calls still queued.
      setTimeout(() => order.push("ready meanwhile"), 0);
      const busyUntil = performance.now() + 5;
      while (performance.now() < busyUntil);
    });
  }
  await new Promise((r) => setTimeout(r, 30));
  expect(order).toHaveLength(4);
  expect(order.indexOf("ready meanwhile")).toBeLessThan(order.indexOf("call 2"));
});

it("starts afresh each turn: a lone call later is admitted at once", async () => {
  const gate = new CallGate(1);
  await gate.turn();
  await nextTurn();
  let admitted = false;
  void gate.turn().then(() => (admitted = true));
  await Promise.resolve();
  expect(admitted).toBe(true);
});
