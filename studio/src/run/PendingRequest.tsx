// The human card for the run in view. When someone else answers first (another tab, the
// terminal, a timeout), the card stays and says so instead of vanishing mid-sentence; when
// this tab's answer is taken, it goes.
import { nodeById } from "@tandem/shared";
import { useRef, useState } from "react";
import { useRunView, useRunViewStore } from "../run-view/context.js";
import { isOwnAnswer } from "./answer.js";
import { HumanCard, type HumanCardProps } from "./HumanCard.js";

type Shown = Pick<HumanCardProps, "request" | "nodeName" | "review">;

export function PendingRequest() {
  useRunView((v) => v.version);
  const state = useRunViewStore().getState().state;
  const shown = useRef<Shown | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const pending = state?.pending ?? null;
  if (state && pending && shown.current?.request.requestId !== pending.requestId) {
    // Copied: the state is updated in place, and the card must keep what it asked about.
    const last = state.messages[state.messages.length - 1];
    shown.current = {
      request: { ...pending },
      nodeName: nodeById(state.flow, pending.nodeId)?.data.name ?? pending.nodeId,
      review: last && { name: last.name, content: last.content },
    };
  }
  const card = shown.current;
  if (!state || !card || dismissed === card.request.requestId) return null;
  const { requestId } = card.request;
  const answer = state.requests[requestId];
  const open = pending?.requestId === requestId;
  if (!open && (!answer?.answeredBy || isOwnAnswer(answer.key))) return null;
  return (
    <HumanCard
      key={requestId}
      runId={state.runId}
      {...card}
      answeredBy={open ? undefined : answer?.answeredBy}
      onDismiss={() => setDismissed(requestId)}
    />
  );
}
