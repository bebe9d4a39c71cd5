// What a human node's people fields need beyond their shape: an escalation chain whose steps
// come one after another and end in the default (if any), instead of a plain timeout; a quorum
// counting one of the node's own outcomes.
import type { HumanNode } from "./flow.js";

type Report = (path: string, message: string, ids: { nodeId: string }) => void;

export function peopleProblems(node: HumanNode, at: string, err: Report): void {
  const { escalation, quorum, timeoutSeconds, defaultOutcome, outcomes } = node.data;
  const ids = { nodeId: node.id };
  if (escalation?.length) {
    if (timeoutSeconds !== undefined) {
      err(`${at}.data.escalation`, "a node takes its default either after timeoutSeconds or by an escalation chain, not both: remove one", ids);
    }
    escalation.forEach((step, i) => {
      const before = escalation[i - 1];
      if (before && step.afterSeconds <= before.afterSeconds) {
        err(`${at}.data.escalation[${i}].afterSeconds`, `step ${i + 1} must come after step ${i} (${before.afterSeconds} s after the question)`, ids);
      }
      if (step.action === "default" && i < escalation.length - 1) {
        err(`${at}.data.escalation[${i}]`, "taking the default ends the chain: it must be the last step", ids);
      }
      if (step.action === "default" && defaultOutcome === undefined) {
        err(`${at}.data.defaultOutcome`, "an escalation step that takes the default needs a default outcome", ids);
      }
    });
  }
  if (quorum && !outcomes.some((o) => o.name.toLowerCase() === quorum.outcome.toLowerCase())) {
    const names = outcomes.map((o) => o.name).join(", ") || "none";
    err(`${at}.data.quorum.outcome`, `"${quorum.outcome}" is not one of ${node.data.name}'s outcomes (${names})`, ids);
  }
}
