// Golden runs: each recorded run, replayed through the engine with the replay provider and
// the recorded answers (no network), must give the same events. A changed engine that
// records differently fails here, and so does a tampered recording. Runs recorded before
// outcomes (golden/v1) must still read, route and import as they did.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { edgesBySource, fold, routeFrom, type RunEvent } from "@tandem/shared";
import { Engine } from "../src/engine/engine.js";
import { createRegistry } from "../src/providers/registry.js";
import { comparable, replayRun } from "../src/replay/replay-run.js";
import { createMemoryEventStore } from "../src/store/memory-events.js";
import { goldenCases } from "./golden/cases.js";

function recording(name: string): RunEvent[] {
  return JSON.parse(readFileSync(new URL(`./golden/${name}.run.json`, import.meta.url), "utf8")).events;
}

// No model call may reach the network during a replay.
const realFetch = globalThis.fetch;

describe("golden runs replay identically", () => {
  for (const c of goldenCases) {
    it(c.name, async () => {
      let fetched = 0;
      globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
        fetched++;
        return realFetch(...args);
      }) as typeof fetch;
      try {
        const recorded = recording(c.name);
        const replayed = await replayRun(recorded);
        expect(recorded.at(-1)?.type).toBe("run.finished");
        expect(comparable(replayed)).toEqual(comparable(recorded));
        expect(fetched).toBe(0);
      } finally {
        globalThis.fetch = realFetch;
      }
    });
  }
});

describe("a tampered recording fails the comparison", () => {
  it("a changed reply in the recording shows up in the replay", async () => {
    const recorded = recording("seed-revise-then-approve");
    // The recorded model reply says one thing, the stored message another: the replay
    // (which re-derives the message from the reply) no longer matches.
    const altered = recorded.map((e) => (e.type === "message" && e.nodeId === "writer" ? { ...e, content: `${e.content} (altered)` } : e));
    const replayed = await replayRun(altered);
    expect(comparable(replayed)).not.toEqual(comparable(altered));
  });

  it("a changed reading in the recording shows up in the replay", async () => {
    const recorded = recording("seed-negated-approval");
    const altered = recorded.map((e) => (e.type === "reply.read" && e.outcome === "revise" ? { ...e, outcome: "approve" } : e));
    const replayed = await replayRun(altered);
    expect(comparable(replayed)).not.toEqual(comparable(altered));
  });

  it("a changed route in the recording shows up in the replay", async () => {
    const recorded = recording("seed-approve");
    const altered = recorded.map((e) => (e.type === "route.taken" && e.to === "end" ? { ...e, to: "writer" } : e));
    const replayed = await replayRun(altered);
    expect(comparable(replayed)).not.toEqual(comparable(altered));
  });
});

describe("runs recorded before outcomes (version 1)", () => {
  const dir = new URL("./golden/v1/", import.meta.url);
  const names = readdirSync(dir).filter((f) => f.endsWith(".run.json"));

  it("are all here", () => expect(names).toHaveLength(5));

  for (const name of names) {
    const doc = JSON.parse(readFileSync(new URL(name, dir), "utf8"));
    const events: RunEvent[] = doc.events;

    it(`${name}: folds to the recorded end, picked choices becoming outcomes`, () => {
      expect(events[0]).toMatchObject({ type: "run.started", flow: { schemaVersion: 1 } });
      const state = fold(events);
      const finished = events.at(-1)!;
      expect(finished.type).toBe("run.finished");
      expect(state).toMatchObject({ status: doc.run.status, output: finished.type === "run.finished" ? finished.output : undefined });
      const picked = events.flatMap((e) => (e.type === "human.responded" && (e as { choice?: string }).choice ? [(e as { choice?: string }).choice] : []));
      expect(state.messages.flatMap((m) => (m.outcome ? [m.outcome] : []))).toEqual(picked);
    });

    it(`${name}: every route is the one the upgraded flow takes from the state before it`, () => {
      const routes = events.filter((e) => e.type === "route.taken");
      expect(routes.length).toBeGreaterThan(2);
      for (const route of routes) {
        const before = fold(events.slice(0, route.seq - 1));
        const result = routeFrom(before, route.from, edgesBySource(before.flow).get(route.from) ?? []);
        expect(result.ok && result.edge.id).toBe(route.edgeId);
      }
    });

    it(`${name}: imports as a read-only run with the same state`, async () => {
      const engine = new Engine({ store: createMemoryEventStore(), registry: createRegistry({ env: {} }) });
      try {
        const id = await engine.importRun(doc);
        const imported = (await engine.state(id))!;
        const state = fold(events);
        expect(imported).toMatchObject({ status: state.status, output: state.output, steps: state.steps, messages: state.messages });
      } finally {
        await engine.shutdown();
      }
    });
  }
});
