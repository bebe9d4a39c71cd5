// Forking: a new run that starts as a copy of another run's events up to a point (an event, or
// just before a node visit: "re-run from here"), with optional changes (a message rewritten, a
// node's settings), then goes on live. Everything before the fork point is the recording
// itself, so no model call before it is made again.
import { fold, isFinished, type Flow, type ForkRequest, type HumanAnswer, type NodeChange, type NodeVisit, type RunEvent } from "@tandem/shared";
import { ForkError } from "./errors.js";

/** A fork request as the engine takes it: node settings in a Map, so any node id is data. */
export interface ForkOptions extends Omit<ForkRequest, "nodes"> {
  nodes?: ReadonlyMap<string, NodeChange>;
}

/** The events the child run starts with (its run id and parent link set), made at `now`. */
export function forkEvents(parent: readonly RunEvent[], childId: string, o: ForkOptions, now: number): RunEvent[] {
  const at = cutOf(parent, o);
  const kept = parent.slice(0, at);
  if (kept.some((e) => e.type === "run.finished")) throw new ForkError("at: the run has finished by then; fork from an earlier event", "at");
  const edits = new Map((o.edits ?? []).map((e) => [e.seq, e.content]));
  for (const seq of edits.keys()) {
    const target = kept[seq - 1];
    if (!target || target.type !== "message") throw new ForkError(`edits: event ${seq} is not a message at or before the fork point`, "edits");
  }
  return kept.map((e): RunEvent => {
    if (e.type === "run.started") {
      // A fork is a person's experiment, not a run of the deployment that started its parent.
      const { deployment: _deployment, ...origin } = e;
      return { ...origin, runId: childId, flow: changeNodes(e.flow, o.nodes ?? new Map()), parent: { runId: e.runId, seq: at, forkedAt: now } };
    }
    if (e.type === "message" && edits.has(e.seq)) return { ...e, content: edits.get(e.seq)! };
    return e;
  });
}

/** The last seq the fork keeps: `at`, or the event before the node visit `from` started. */
export function cutOf(parent: readonly RunEvent[], o: Pick<ForkOptions, "at" | "from">): number {
  if (o.at !== undefined && o.from) throw new ForkError("from: give either at or from, not both", "from");
  if (o.from) return visitCut(parent, o.from);
  const last = parent[parent.length - 1]?.seq ?? 0;
  if (o.at === undefined) throw new ForkError("at: give the event to fork at (or from: a node visit)", "at");
  if (!Number.isInteger(o.at) || o.at < 1 || o.at > last) throw new ForkError(`at: expected a seq from 1 to ${last}`, "at");
  return o.at;
}

function visitCut(parent: readonly RunEvent[], { nodeId, visit }: NodeVisit): number {
  // The first attempt of the visit: a retried attempt belongs to the same visit.
  const started = parent.find((e) => e.type === "node.started" && e.nodeId === nodeId && e.visit === visit);
  if (started) return started.seq - 1;
  const visits = parent.filter((e) => e.type === "node.started" && e.nodeId === nodeId && e.attempt === 1).length;
  if (!visits) throw new ForkError(`from.nodeId: node "${nodeId}" never ran in this run`, "from.nodeId");
  throw new ForkError(`from.visit: node "${nodeId}" ran ${visits} time${visits === 1 ? "" : "s"} in this run; expected a visit from 1 to ${visits}`, "from.visit");
}

function changeNodes(flow: Flow, changes: ReadonlyMap<string, NodeChange>): Flow {
  for (const id of changes.keys()) {
    const node = flow.nodes.find((n) => n.id === id);
    if (!node || node.type !== "agent") throw new ForkError(`nodes.${id}: not an agent node of this run's flow`, `nodes.${id}`);
  }
  return {
    ...flow,
    nodes: flow.nodes.map((n) => {
      const change = changes.get(n.id);
      return n.type === "agent" && change ? { ...n, data: { ...n.data, ...change } } : n;
    }),
  };
}

/** Checks that the fork can go on: an answer needs a waiting request at the cut. */
export function checkForkState(events: RunEvent[], answer: HumanAnswer | undefined): void {
  const state = fold(events);
  if (isFinished(state)) throw new ForkError("at: the run has finished by then", "at");
  if (answer && !state.pending) throw new ForkError("answer: no person is being asked at that point; fork at a human request", "answer");
}
