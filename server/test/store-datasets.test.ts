// The dataset store's conformance suite: SQLite and Postgres are held to the same behaviour.
// Each test gets a new, empty database of its backend.
import type { RunEvent } from "@tandem/shared";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createDatasetStore, DatasetExistsError, type NewCase } from "../src/store/datasets.js";
import { sqlBackends } from "./helpers/backends.js";

/** A run's events as a case made from it keeps them: quotes, a newline and non-ASCII text included. */
function recording(runId: string, reply: string): RunEvent[] {
  return [
    { type: "run.started", runId, flow: { name: "write" } as never, input: "Write about rivers.", options: {}, seq: 1, at: 1_767_225_600_000 },
    { type: "message", nodeId: "writer", role: "assistant", name: "writer", content: reply, seq: 2, at: 1_767_225_600_001 },
    { type: "run.finished", status: "completed", seq: 3, at: 1_767_225_600_002 } as RunEvent,
  ];
}

const fromRun: NewCase = { input: "Write about rivers.", expected: { outcome: "approve", contains: "rivers" }, runId: "run-1", recording: recording("run-1", 'Rivers "run"\nfast — über alles, 川') };
const fromFile: NewCase = { input: "Write about lakes.", expected: { regex: "^L", schema: { type: "string" } } };

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(sqlBackends)("$name", (backend) => {
  const open = async () => createDatasetStore(await backend.open());

  test("a dataset keeps its cases in order, with who made it, when, and which cases are recorded", async () => {
    const datasets = await open();
    const before = Date.now();
    const made = await datasets.create("rivers", [fromRun, fromFile], "Ana");
    expect(made).toMatchObject({ name: "rivers", cases: 2, createdBy: "Ana" });
    expect(made.createdAt).toBeGreaterThanOrEqual(before);
    expect(typeof made.createdAt).toBe("number");
    expect(made.items).toEqual([
      { id: "case-1", input: fromRun.input, expected: fromRun.expected, runId: "run-1", recorded: true },
      { id: "case-2", input: fromFile.input, expected: fromFile.expected, runId: null, recorded: false },
    ]);
    expect(await datasets.get(made.id)).toEqual(made);
  });

  test("the cases come back with their recordings as stored, and none where there was none", async () => {
    const datasets = await open();
    const { id } = await datasets.create("rivers", [fromRun, fromFile], "Ana");
    const cases = await datasets.cases(id);
    expect(cases.map((c) => [c.id, c.recorded, c.recording])).toEqual([
      ["case-1", true, fromRun.recording],
      ["case-2", false, null],
    ]);
    expect(await datasets.cases("nope")).toEqual([]);
  });

  test("many cases keep their order and numbering", async () => {
    const datasets = await open();
    const many = Array.from({ length: 250 }, (_, i): NewCase => (i % 3 === 0 ? { ...fromRun, input: `case ${i}` } : { ...fromFile, input: `case ${i}` }));
    const made = await datasets.create("many", many, "Ana");
    expect(made.cases).toBe(250);
    const cases = await datasets.cases(made.id);
    expect(cases.map((c) => [c.id, c.input, c.recorded])).toEqual(many.map((c, i) => [`case-${i + 1}`, `case ${i}`, i % 3 === 0]));
    expect(made.items.map((c) => c.recorded)).toEqual(cases.map((c) => c.recorded));
  });

  test("a dataset is found by id or by name; an id wins over a name spelled like it", async () => {
    const datasets = await open();
    const first = await datasets.create("rivers", [fromFile], "Ana");
    const named = await datasets.create(first.id, [fromFile, fromFile], "Ben");
    expect((await datasets.get("rivers"))?.id).toBe(first.id);
    expect((await datasets.get(first.id))?.id).toBe(first.id);
    expect((await datasets.get(named.id))?.id).toBe(named.id);
    expect(await datasets.get("lakes")).toBeUndefined();
    // Names are matched exactly.
    expect(await datasets.get("Rivers")).toBeUndefined();
  });

  test("the list is newest first; of those made in the same millisecond, the last made first", async () => {
    const datasets = await open();
    expect(await datasets.list()).toEqual([]);
    const now = vi.spyOn(Date, "now").mockReturnValue(1_000);
    await datasets.create("a", [fromFile], "Ana");
    await datasets.create("b", [fromFile, fromRun], "Ana");
    now.mockReturnValue(500);
    await datasets.create("older", [fromFile], "Ben");
    now.mockReturnValue(2_000);
    await datasets.create("newest", [fromRun], "Ben");
    now.mockRestore();
    const listed = await datasets.list();
    expect(listed.map((d) => [d.name, d.cases, d.createdAt, d.createdBy])).toEqual([
      ["newest", 1, 2_000, "Ben"],
      ["b", 2, 1_000, "Ana"],
      ["a", 1, 1_000, "Ana"],
      ["older", 1, 500, "Ben"],
    ]);
  });

  test("a name taken is refused and changes nothing; a name differing in case is another name", async () => {
    const datasets = await open();
    const first = await datasets.create("rivers", [fromRun], "Ana");
    await expect(datasets.create("rivers", [fromFile, fromFile], "Ben")).rejects.toThrow(DatasetExistsError);
    await expect(datasets.create("rivers", [fromFile], "Ben")).rejects.toThrow('a dataset named "rivers" exists already');
    expect(await datasets.list()).toEqual([{ id: first.id, name: "rivers", cases: 1, createdAt: first.createdAt, createdBy: "Ana" }]);
    expect(await datasets.get("rivers")).toEqual(first);
    expect((await datasets.create("Rivers", [fromFile], "Ben")).name).toBe("Rivers");
  });

  test("of two made at once with one name, one is made and the other refused", async () => {
    const datasets = await open();
    const results = await Promise.allSettled([datasets.create("same", [fromRun], "Ana"), datasets.create("same", [fromFile, fromFile], "Ben")]);
    const made = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(made).toHaveLength(1);
    expect(refused.map((r) => r.reason)).toEqual([expect.any(DatasetExistsError)]);
    const [only] = await datasets.list();
    expect(await datasets.cases(only!.id)).toHaveLength(only!.cases);
  });

  test("a case the database refuses leaves no dataset behind, and the name free", async () => {
    const datasets = await open();
    await expect(datasets.create("broken", [fromFile, { ...fromFile, input: null as never }], "Ana")).rejects.toThrow();
    expect(await datasets.list()).toEqual([]);
    expect(await datasets.get("broken")).toBeUndefined();
    expect((await datasets.create("broken", [fromFile], "Ana")).cases).toBe(1);
  });

  test("deleting a dataset removes it and its cases, once", async () => {
    const datasets = await open();
    const gone = await datasets.create("gone", [fromRun, fromFile], "Ana");
    const kept = await datasets.create("kept", [fromFile], "Ana");
    expect(await datasets.delete(gone.id)).toBe(true);
    expect(await datasets.get(gone.id)).toBeUndefined();
    expect(await datasets.cases(gone.id)).toEqual([]);
    expect(await datasets.delete(gone.id)).toBe(false);
    expect((await datasets.list()).map((d) => d.name)).toEqual(["kept"]);
    expect(await datasets.cases(kept.id)).toHaveLength(1);
    // The name can be used again.
    expect((await datasets.create("gone", [fromFile], "Ben")).cases).toBe(1);
  });
});
