// Forking: a new run that starts as a copy of another run's events up to a point, with
// optional changes (a message rewritten, a node's settings), then goes on live. Everything
// before the fork point is the recording itself, so no model call before it is made again.
import { fold, isFinished, type Flow, type ForkRequest, type HumanAnswer, type NodeChange, type RunEvent } from "@tandem/shared";
import { ForkError } from "./errors.js";

/** A fork request as the engine takes it: node settings in a Map, so any node id is data. */
export interface ForkOptions extends Omit<ForkRequest, "nodes"> {
  nodes?: ReadonlyMap<string, NodeChange>;
}

/** The events the child run starts with (its run id and parent link set), made at `now`. */
export function forkEvents(parent: readonly RunEvent[], childId: string, o: ForkOptions, now: number): RunEvent[] {
  const last = parent[parent.length - 1]?.seq ?? 0;
  if (!Number.isInteger(o.at) || o.at < 1 || o.at > last) throw new ForkError(`at: expected a seq from 1 to ${last}`, "at");
  const kept = parent.slice(0, o.at);
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
      return { ...origin, runId: childId, flow: changeNodes(e.flow, o.nodes ?? new Map()), parent: { runId: e.runId, seq: o.at, forkedAt: now } };
    }
    if (e.type === "message" && edits.has(e.seq)) return { ...e, content: edits.get(e.seq)! };
    return e;
  });
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
