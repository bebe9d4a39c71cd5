// A model call as the inspector shows it: what was asked (model, parameters, every message
// sent, rebuilt from the log by callMessages), what came back, retries on the way.
import { callMessages, type ChatMessage, type EventOf, type RunEvent } from "@tandem/shared";
import type { Snapshots } from "./snapshots.js";

export interface ModelCall {
  request: EventOf<"llm.request">;
  retries: EventOf<"llm.retry">[];
  response?: EventOf<"llm.response">;
  messages: ChatMessage[];
}

const isCallEvent = (e: RunEvent): e is EventOf<"llm.request" | "llm.retry" | "llm.response"> =>
  e.type === "llm.request" || e.type === "llm.retry" || e.type === "llm.response";

/**
 * The call an event belongs to: a request, retry or response; or the streamed text and the
 * final message of an agent, which belong to the call of their node before them.
 */
export function modelCallAt(snapshots: Snapshots, seq: number): ModelCall | undefined {
  const e = snapshots.event(seq);
  if (!e) return undefined;
  let callId: string | undefined;
  if (isCallEvent(e)) callId = e.callId;
  else if (e.type === "message.delta" || (e.type === "message" && e.role === "assistant")) {
    for (let s = seq - 1; s > 0; s--) {
      const before = snapshots.event(s)!;
      if (isCallEvent(before) && before.nodeId === e.nodeId) {
        callId = before.callId;
        break;
      }
      if (before.type === "node.started") break;
    }
  }
  return callId === undefined ? undefined : modelCall(snapshots, callId, seq);
}

function modelCall(snapshots: Snapshots, callId: string, near: number): ModelCall | undefined {
  let requestSeq = near;
  for (; requestSeq > 0; requestSeq--) {
    const e = snapshots.event(requestSeq)!;
    if (e.type === "llm.request" && e.callId === callId) break;
  }
  const request = snapshots.event(requestSeq);
  if (request?.type !== "llm.request") return undefined;
  const call: ModelCall = { request, retries: [], messages: [] };
  for (let s = requestSeq + 1; s <= snapshots.lastSeq; s++) {
    const e = snapshots.event(s)!;
    if (e.type === "llm.retry" && e.callId === callId) call.retries.push(e);
    else if (e.type === "llm.response" && e.callId === callId) {
      call.response = e;
      break;
    } else if (e.type === "node.started" || e.type === "run.finished") break;
  }
  call.messages = callMessages(snapshots.stateAt(request.seq), request);
  return call;
}
