// "Re-run from here" on an agent's reply: a new run that keeps everything before that visit of
// the agent as recorded (no model call made again) and runs the agent again, live, with the
// settings changed here. The new run's page offers the comparison with this one.
import type { NodeVisit, RunState } from "@tandem/shared";
import { useEffect, useState } from "react";
import { runsApi } from "../api/runs.js";
import type { RerunTarget } from "../run/rerun.js";
import { ForkFrame } from "./ForkFrame.js";
import { forkRequest, nodeSettingsOf, type ForkForm } from "./forkRequest.js";
import { NodeFields } from "./NodeFields.js";
import { visitAt } from "./nodeVisit.js";

interface Props {
  runId: string;
  /** The run's state (its flow gives the agent's settings as they were). */
  state: RunState;
  target: RerunTarget;
  onClose: () => void;
}

export function RerunDialog({ runId, state, target, onClose }: Props) {
  const [form, setForm] = useState<ForkForm>(() => ({ answer: null, message: null, nodes: nodeSettingsOf(state) }));
  const [visit, setVisit] = useState<NodeVisit | null | "failed">(null);
  const name = state.flow.nodes.find((n) => n.id === target.nodeId)?.data.name ?? target.nodeId;

  // The run view holds the folded state, not the events that say which visit the reply was.
  useEffect(() => {
    let live = true;
    runsApi.get(runId).then(
      ({ events }) => live && setVisit(visitAt(events, target.nodeId, target.seq) ?? "failed"),
      () => live && setVisit("failed"),
    );
    return () => {
      live = false;
    };
  }, [runId, target]);

  const from = visit && visit !== "failed" ? visit : null;
  return (
    <ForkFrame runId={runId} title={`Re-run ${name} from here`} body={() => from && forkRequest({ from }, state, form)} started={`Re-running ${name}`} onClose={onClose}>
      {visit === "failed" ? (
        <p className="alert alert-error" role="alert">
          This reply's visit could not be found in the run's events.
        </p>
      ) : (
        <p className="muted small">
          Everything before {name}
          {from ? `'s visit ${from.visit}` : ""} comes from the recording, without calling any model again; {name} then runs again, live, with the
          settings below, and the run goes on from there.
        </p>
      )}
      <NodeFields state={state} form={form} setForm={setForm} only={target.nodeId} />
    </ForkFrame>
  );
}
