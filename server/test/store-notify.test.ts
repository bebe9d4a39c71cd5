// What notifications keep, held to the same behaviour on SQLite and Postgres: the webhook
// delivery log (newest first, each try's outcome) and used answer-link nonces (a nonce is taken
// once, even by two uses at once; a use undone with its transaction leaves it free).
import { describe, expect, it } from "vitest";
import { createDeliveryLog, createUsedLinks } from "../src/store/notify.js";
import { sqlBackends } from "./helpers/backends.js";

const delivery = (id: string, createdAt: number) => ({ id, url: "https://hooks.example.com/tandem", type: "task.created", runId: "run-1", requestId: `req-${id}`, createdAt });

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.each(sqlBackends)("notifications on $name", (backend) => {
  describe("the delivery log", () => {
    it("lists deliveries newest first (the later added first at the same time), as many as asked", async () => {
      const log = createDeliveryLog(await backend.open());
      await log.add(delivery("d1", 1_700_000_000_001));
      await log.add(delivery("d3", 1_700_000_000_003));
      await log.add(delivery("d2a", 1_700_000_000_002));
      await log.add(delivery("d2b", 1_700_000_000_002));
      expect((await log.list(10)).map((d) => d.id)).toEqual(["d3", "d2b", "d2a", "d1"]);
      expect((await log.list(2)).map((d) => d.id)).toEqual(["d3", "d2b"]);
      expect(await log.list(1)).toEqual([
        {
          id: "d3",
          url: "https://hooks.example.com/tandem",
          type: "task.created",
          runId: "run-1",
          requestId: "req-d3",
          status: "pending",
          attempts: 0,
          createdAt: 1_700_000_000_003,
          updatedAt: 1_700_000_000_003,
        },
      ]);
    });

    it("records each try: status, attempts counted, the last status and error as of that try", async () => {
      const log = createDeliveryLog(await backend.open());
      await log.add(delivery("d1", 1));
      await log.add(delivery("d2", 2));
      await log.tried("d1", { status: "pending", lastStatus: 503, lastError: "HTTP 503", at: 10 });
      expect((await log.list(10)).find((d) => d.id === "d1")).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503, lastError: "HTTP 503", updatedAt: 10 });
      await log.tried("d1", { status: "pending", lastError: "ECONNREFUSED", at: 20 });
      const refused = (await log.list(10)).find((d) => d.id === "d1")!;
      expect(refused).toMatchObject({ attempts: 2, lastError: "ECONNREFUSED", updatedAt: 20 });
      expect(refused.lastStatus).toBeUndefined();
      await log.tried("d1", { status: "delivered", lastStatus: 204, at: 30 });
      const [d2, d1] = await log.list(10);
      expect(d1).toEqual({ ...delivery("d1", 1), status: "delivered", attempts: 3, lastStatus: 204, updatedAt: 30 });
      expect(d2).toMatchObject({ id: "d2", status: "pending", attempts: 0, updatedAt: 2 });
    });
  });

  describe("used answer-link nonces", () => {
    it("a nonce is taken once", async () => {
      const used = createUsedLinks(await backend.open());
      expect(await used.use("n1", "run-1", "req-1", 1)).toBe(true);
      expect(await used.use("n1", "run-1", "req-1", 2)).toBe(false);
      expect(await used.use("n2", "run-1", "req-1", 3)).toBe(true);
    });

    it("of many uses of one nonce at once, exactly one takes it", async () => {
      const used = createUsedLinks(await backend.open());
      const taken = await Promise.all(Array.from({ length: 8 }, (_, i) => used.use("n1", "run-1", "req-1", i)));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });

    it("of two answers at once, each in its transaction, one takes the nonce; an answer undone leaves it to the other", async () => {
      const sql = await backend.open();
      const used = createUsedLinks(sql);

      // The first takes the nonce and holds its transaction open while the second tries; it commits.
      const held = gate();
      const tookFirst = gate();
      const first = sql.tx(async () => {
        const took = await used.use("n1", "run-1", "req-1", 1);
        tookFirst.open();
        await held.opened;
        return took;
      });
      await tookFirst.opened;
      const second = sql.tx(() => used.use("n1", "run-1", "req-1", 2));
      held.open();
      expect([await first, await second]).toEqual([true, false]);

      // The first takes it, then its answer is refused: rolled back, the nonce is the second's.
      const refused = gate();
      const tookAgain = gate();
      const undone = sql.tx(async () => {
        expect(await used.use("n2", "run-1", "req-1", 3)).toBe(true);
        tookAgain.open();
        await refused.opened;
        throw new Error("the answer was refused");
      });
      await tookAgain.opened;
      const retried = sql.tx(() => used.use("n2", "run-1", "req-1", 4));
      refused.open();
      await expect(undone).rejects.toThrow("the answer was refused");
      expect(await retried).toBe(true);
      expect(await used.use("n2", "run-1", "req-1", 5)).toBe(false);
    });
  });
});
