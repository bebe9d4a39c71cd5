// The human card for the run in view, while its request is open. Once it is answered the card
// goes, whoever answered; when someone else did (another tab, the terminal, HTTP, a timeout)
// and this tab had typed something, a notice keeps that text in its place.
import { nodeById, requestOf, type HumanNode } from "@tandem/shared";
import { useRef } from "react";
import { useRunView, useRunViewStore } from "../run-view/context.js";
import { isOwnAnswer } from "./answer.js";
import { HumanCard, type HumanCardProps } from "./HumanCard.js";
import { escalationNow } from "./people.js";
import { UnsentReply } from "./UnsentReply.js";

type Shown = Pick<HumanCardProps, "request" | "nodeName" | "review" | "problemNode">;

export function PendingRequest() {
  useRunView((v) => v.version);
  const state = useRunViewStore().getState().state;
  const shown = useRef<Shown | null>(null);
  const pending = state?.pending ?? null;
  if (state && pending && shown.current?.request.requestId !== pending.requestId) {
    // Copied: the state is updated in place, and the card must keep what it asked about.
    const last = state.messages[state.messages.length - 1];
    shown.current = {
      request: { ...pending },
      nodeName: nodeById(state.flow, pending.nodeId)?.data.name ?? pending.nodeId,
      review: last && { name: last.name, content: last.content },
      ...(pending.problem && { problemNode: nodeById(state.flow, pending.problem.nodeId)?.data.name ?? pending.problem.nodeId }),
    };
  }
  const card = shown.current;
  if (!state || !card) return null;
  const { requestId } = card.request;
  if (pending?.requestId === requestId) {
    // Claims, votes and escalations change while the card is open: read afresh each version.
    const record = requestOf(state, requestId);
    const node = nodeById(state.flow, pending.nodeId) as HumanNode | undefined;
    const people = record && { record: { ...record }, escalation: escalationNow(node?.data.escalation, record) };
    return <HumanCard key={requestId} runId={state.runId} {...card} people={people} />;
  }
  const answer = requestOf(state, requestId);
  if (!answer?.answeredBy || isOwnAnswer(answer.key)) return null;
  return <UnsentReply key={requestId} runId={state.runId} requestId={requestId} nodeName={card.nodeName} reviewed={card.review?.content} by={answer.answeredBy} />;
}
