// Property: for any flow and any answers, the run's stored events fold to exactly the state the
// engine held live. Random small flows (agents with scripted replies, human nodes, edges with
// random conditions) are run by the real engine against the memory, SQLite or Postgres store, with
// people answering at random (at once, a moment later, or not at all so a timeout fires),
// random pauses (step mode, breakpoints) and the odd cancel.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  fold,
  hasErrors,
  validateFlow,
  parseFlow,
  type EdgeCondition,
  type EventOf,
  type HumanAnswer,
  type RunEvent,
} from "@tandem/shared";
import { Engine } from "../src/engine/engine.js";
import { AnswerError, ControlError } from "../src/engine/errors.js";
import { createRegistry } from "../src/providers/registry.js";
import { createMemoryEventStore } from "../src/store/memory-events.js";
import type { EventStore } from "../src/store/types.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { sqlBackends } from "./helpers/backends.js";
import { checkFlowDocument } from "../src/engine/checked-flow.js";

const WORDS = ["approve", "Approved.", "revise", "done", "draft", "ok", "ship it", "needs work", "LGTM", "APPROVE"];
const REGEXES = ["^ok", "appro?ve", "\\bdone\\b", "draft \\d*", "^$"];
const CHOICES = ["approve", "revise", "reject"];
const TEXTS = ["please approve", "make it shorter", "done", "   ", "ok"];
const EDITS = ["edited draft", "approve this edit", ""];

// ---- generated flows --------------------------------------------------------------------

const condGene = fc.record({
  kind: fc.constantFrom("none", "always", "otherwise", "contains", "contains", "regex", "choice", "choice"),
  pick: fc.nat(),
});
type CondGene = { kind: string; pick: number };

const reply = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(" "));

const agentGene = fc.record({
  rank: fc.nat(),
  script: fc.option(fc.array(reply, { maxLength: 3 }), { nil: undefined, freq: 4 }),
  maxVisits: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

const humanGene = fc.record({
  rank: fc.nat(),
  choices: fc.subarray(CHOICES),
  allowText: fc.boolean(),
  allowEdit: fc.boolean(),
  timeout: fc.option(fc.constantFrom(0.005, 0.02), { nil: undefined, freq: 2 }),
  defaultPick: fc.nat(),
  maxVisits: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

const edgeGene = fc.record({ from: fc.nat(), to: fc.nat(), cond: condGene, at: fc.nat() });

const flowGene = fc.record({
  agents: fc.array(agentGene, { minLength: 1, maxLength: 4 }),
  humans: fc.array(humanGene, { maxLength: 2 }),
  // Chain edges mostly hold, so that runs get deep into the flow.
  chain: fc.array(
    fc.oneof(
      { arbitrary: fc.record({ kind: fc.constantFrom("none", "always", "otherwise"), pick: fc.nat() }), weight: 3 },
      { arbitrary: condGene, weight: 1 },
    ),
    { minLength: 7, maxLength: 7 },
  ),
  chainAt: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
  extra: fc.array(edgeGene, { maxLength: 8 }),
  // Usually each node also has an unconditional edge to the end; without one a run can fail with no_route.
  fallback: fc.array(fc.integer({ min: 0, max: 11 }).map((x) => x > 0), { minLength: 7, maxLength: 7 }),
  maxSteps: fc.integer({ min: 2, max: 8 }),
});

type FlowGene = typeof flowGene extends fc.Arbitrary<infer T> ? T : never;

interface Doc {
  schemaVersion: 2;
  name: string;
  maxSteps: number;
  nodes: Array<{ id: string; type: string; data?: Record<string, unknown> }>;
  edges: Array<{ id: string; source: string; target: string; data: { when?: EdgeCondition } }>;
}

function buildFlow(g: FlowGene): Doc {
  const work: Array<{ id: string; rank: number; node: Doc["nodes"][number]; choices: string[] }> = [];
  g.agents.forEach((a, i) => {
    const data: Record<string, unknown> = { name: `agent${i}`, model: "scripted/demo" };
    if (a.script) data.script = a.script;
    if (a.maxVisits) data.maxVisits = a.maxVisits;
    work.push({ id: `a${i}`, rank: a.rank, node: { id: `a${i}`, type: "agent", data }, choices: [] });
  });
  g.humans.forEach((h, i) => {
    const data: Record<string, unknown> = {
      name: `person${i}`,
      instructions: "Approve or revise",
      outcomes: h.choices.map((name) => ({ name, description: "" })),
      allowText: h.allowText,
      allowEdit: h.allowEdit,
      // A reply read as an outcome is confirmed within this window, or taken: short, as timeouts are here.
      readingWindowSeconds: 0.02,
    };
    if (h.maxVisits) data.maxVisits = h.maxVisits;
    if (h.timeout && h.choices.length) {
      data.timeoutSeconds = h.timeout;
      data.defaultOutcome = h.choices[h.defaultPick % h.choices.length];
    }
    work.push({ id: `h${i}`, rank: h.rank, node: { id: `h${i}`, type: "human", data }, choices: h.choices });
  });
  work.sort((x, y) => x.rank - y.rank);

  const sources = [{ id: "start", choices: [] as string[] }, ...work];
  const targets = [...work.map((w) => w.id), "end"];
  const out = new Map<string, Doc["edges"]>(sources.map((s) => [s.id, []]));
  let n = 0;
  const cond = (gene: CondGene, source: { id: string; choices: string[] }): EdgeCondition | undefined => {
    switch (gene.kind) {
      case "always":
        return { kind: "always" };
      case "otherwise":
        return { kind: "otherwise" };
      case "regex":
        return { kind: "regex", value: REGEXES[gene.pick % REGEXES.length]! };
      case "choice":
        if (source.choices.length) return { kind: "outcome", value: source.choices[gene.pick % source.choices.length]! };
        return { kind: "contains", value: WORDS[gene.pick % WORDS.length]! };
      case "contains":
        return { kind: "contains", value: WORDS[gene.pick % WORDS.length]! };
      default:
        return undefined;
    }
  };
  const edge = (source: { id: string; choices: string[] }, target: string, when: EdgeCondition | undefined) => ({
    id: `e${++n}`,
    source: source.id,
    target,
    data: when ? { when } : {},
  });
  for (const x of g.extra) {
    const source = sources[x.from % sources.length]!;
    out.get(source.id)!.push(edge(source, targets[x.to % targets.length]!, cond(x.cond, source)));
  }
  // A chain start → w0 → w1 → … → end, so that every node is reachable and can reach the end.
  sources.forEach((source, i) => {
    const list = out.get(source.id)!;
    list.splice(g.chainAt[i]! % (list.length + 1), 0, edge(source, targets[i]!, cond(g.chain[i]!, source)));
    if (g.fallback[i]) list.push(edge(source, "end", undefined));
  });
  return {
    schemaVersion: 2,
    name: "generated",
    maxSteps: g.maxSteps,
    nodes: [{ id: "start", type: "start" }, ...work.map((w) => w.node), { id: "end", type: "end" }],
    edges: sources.flatMap((s) => out.get(s.id)!),
  };
}

// ---- generated people -------------------------------------------------------------------

const answerGene = fc.record({
  mode: fc.constantFrom("sync", "async", "async", "timeout"),
  useChoice: fc.boolean(),
  choicePick: fc.nat(),
  text: fc.option(fc.constantFrom(...TEXTS), { nil: undefined }),
  edit: fc.option(fc.constantFrom(...EDITS), { nil: undefined }),
});
type AnswerGene = typeof answerGene extends fc.Arbitrary<infer T> ? T : never;

function answerFor(gene: AnswerGene, req: EventOf<"human.requested">): HumanAnswer {
  const a: HumanAnswer = {};
  if (gene.useChoice && req.outcomes.length) a.outcome = req.outcomes[gene.choicePick % req.outcomes.length]!.name;
  if (gene.text !== undefined && req.allowText) a.text = gene.text;
  if (gene.edit !== undefined && req.allowEdit) a.edit = gene.edit;
  if (a.outcome === undefined && !a.text?.trim() && a.edit === undefined) {
    if (req.outcomes.length) a.outcome = req.outcomes[gene.choicePick % req.outcomes.length]!.name;
    else if (req.allowText) a.text = "ok";
    else a.edit = "edited";
  }
  return a;
}

const runGene = fc.record({
  flow: flowGene,
  input: fc.constantFrom("Write a summary", "approve", ""),
  answers: fc.array(answerGene, { minLength: 1, maxLength: 8 }),
  stepMode: fc.boolean(),
  breakpoints: fc.subarray(["a0", "a1", "a2", "h0", "h1", "end"]),
  resumes: fc.array(fc.record({ mode: fc.constantFrom("continue", "step") as fc.Arbitrary<"continue" | "step">, sync: fc.boolean() }), {
    minLength: 1,
    maxLength: 4,
  }),
  // Now and then, a cancel once the k-th event is published.
  cancelAt: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.integer({ min: 2, max: 40 }), weight: 1 }),
  store: fc.constantFrom("memory", "sqlite", "postgres"),
  deltaFlushMs: fc.constantFrom(0, 1, 10),
  scriptedDelayMs: fc.constantFrom(0, 0, 1),
  split: fc.nat(),
});

// ---- the property -----------------------------------------------------------------------

const stores: Record<string, EventStore> = { memory: createMemoryEventStore() };
const tally = { runs: 0, completed: 0, failed: 0, cancelled: 0, maxSteps: 0, noRoute: 0, answered: 0, timedOut: 0, paused: 0, edits: 0 };

beforeAll(async () => {
  for (const backend of sqlBackends) stores[backend.name] = createSqlEventStore(await backend.open());
});

// FOLD_RUNS=3000 for a longer search.
const RUNS = Number(process.env.FOLD_RUNS ?? 60);

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

describe("fold(stored events) = live state", () => {
  it("holds for random flows, answers, pauses and cancels", async () => {
    await fc.assert(
      fc.asyncProperty(runGene, async (g) => {
        const doc = buildFlow(g.flow);
        const parsed = parseFlow(doc);
        fc.pre(parsed.ok && !hasErrors(validateFlow(parsed.flow)));

        const store = stores[g.store]!;
        const engine = new Engine({
          store,
          registry: createRegistry({ env: {}, scriptedDelayMs: g.scriptedDelayMs }),
          deltaFlushMs: g.deltaFlushMs,
        });
        const run = await engine.start(checkFlowDocument(doc), g.input, { options: { stepMode: g.stepMode, breakpoints: g.breakpoints } });

        // What a viewer (the studio) builds from the stored start and the published events: it
        // listens at once (the run goes on while anything is awaited), and folds them at the end.
        const published: RunEvent[] = [];
        const seen: number[] = [];
        const problems: string[] = [];
        let answers = 0;
        let resumes = 0;
        let cancelAsked = false;
        const timeouts = new Set<string>();
        const tolerate = (err: unknown, ok: boolean) => {
          if (!ok) problems.push(`${(err as Error).constructor.name}: ${(err as Error).message}`);
        };

        run.subscribe((e: RunEvent) => {
          seen.push(e.seq);
          published.push(e);
          if (g.cancelAt !== undefined && e.seq >= g.cancelAt && !cancelAsked) {
            cancelAsked = true;
            setImmediate(() => {
              try {
                run.control("cancel");
              } catch (err) {
                tolerate(err, err instanceof ControlError && err.code === "not_running");
              }
            });
          }
          if (e.type === "human.requested") {
            const gene = g.answers[answers++ % g.answers.length]!;
            if (gene.mode === "timeout" && e.deadline !== undefined) {
              timeouts.add(e.requestId);
              return;
            }
            const act = async () => {
              try {
                await run.answer(e.requestId, answerFor(gene, e), `person-${answers}`);
              } catch (err) {
                // A late answer loses to the timeout, or to a cancel; anything else is a bug.
                const ok =
                  err instanceof AnswerError &&
                  ((err.code === "already_answered" && e.deadline !== undefined) || (err.code === "not_waiting" && cancelAsked));
                tolerate(err, ok);
              }
            };
            if (gene.mode === "sync") void act();
            else setImmediate(() => void act());
          }
          if (e.type === "run.paused") {
            const r = g.resumes[resumes++ % g.resumes.length]!;
            const act = () => {
              try {
                run.control(r.mode);
              } catch (err) {
                tolerate(err, err instanceof ControlError && err.code === "not_running" && cancelAsked);
              }
            };
            if (r.sync) act();
            else setImmediate(act);
          }
        });

        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), 5_000)));
        const outcome = await Promise.race([run.done, hung]);
        clearTimeout(timer);
        if (outcome === "hung") {
          run.control("cancel");
          await run.done;
          throw new Error(`run did not finish: status ${run.state.status}, pending ${JSON.stringify(run.state.pending)}, problems ${problems}`);
        }
        // Let answers and control requests still scheduled run (and fail as they should).
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));

        const live = run.state;
        const events = await store.events(run.id);
        const n = events.length;

        // Stored seqs are 1..n, no gaps; one start, one finish, at the ends.
        expect(events.map((e) => e.seq)).toEqual(range(1, n));
        expect(events[0]!.type).toBe("run.started");
        expect(events[n - 1]!.type).toBe("run.finished");
        expect(events.filter((e) => e.type === "run.finished")).toHaveLength(1);
        expect(live.lastSeq).toBe(n);

        // The property: the stored events fold to the live state.
        const snapshot = structuredClone(events);
        const folded = fold(events);
        expect(folded).toEqual(live);
        // Re-folding is deterministic, and folding changes no event.
        expect(fold(events)).toEqual(folded);
        expect(events).toEqual(snapshot);
        // Folding from any point on gives the same state (crash recovery, forks).
        const k = g.split % (n + 1);
        expect(fold(events.slice(k), fold(events.slice(0, k)))).toEqual(folded);
        // A subscriber sees every event after run.started, once, in order, and folds to the same state.
        expect(seen).toEqual(range(2, n));
        expect(fold([events[0]!, ...published])).toEqual(live);
        // The run's row agrees with the state.
        expect(await store.run(run.id)).toMatchObject({ status: live.status, lastSeq: n, steps: live.steps, finishedAt: live.finishedAt });
        // A finished run leaves nothing running, waiting or pending.
        expect(live.pending).toBeNull();
        expect(Object.values(live.nodes).map((s) => s.status)).not.toContain("running");
        expect(Object.values(live.nodes).map((s) => s.status)).not.toContain("waiting");
        expect(live.steps).toBeLessThanOrEqual(g.flow.maxSteps);
        expect(problems).toEqual([]);

        tally.runs++;
        tally[live.status as "completed" | "failed" | "cancelled"]++;
        if (live.error?.code === "max_steps") tally.maxSteps++;
        if (live.error?.code === "no_route") tally.noRoute++;
        for (const e of events) {
          if (e.type === "human.responded") tally.answered++;
          if (e.type === "human.timed_out") tally.timedOut++;
          if (e.type === "run.paused") tally.paused++;
          if (e.type === "human.responded" && e.edit !== undefined) tally.edits++;
        }
      }),
      { numRuns: RUNS },
    );
    // The generator reaches the interesting paths (not only runs that end at once).
    expect(tally.runs).toBe(RUNS);
    expect(tally.completed).toBeGreaterThan(0);
    expect(tally.answered).toBeGreaterThan(0);
    expect(tally.failed + tally.cancelled).toBeGreaterThan(0);
  }, Math.max(30_000, RUNS * 50));
});
