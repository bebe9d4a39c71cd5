// What a model call was sent, rebuilt from the run's state as the engine built it: the system
// message, the transcript's first `messageCount` messages as the speaker reads them, and when
// the call asks again for a reply that fits the schema, the rejected reply and the note.
import type { EventOf } from "./events.js";
import { schemaRetryMessages } from "./schema-retry.js";
import { nodeById, type RunState } from "./state.js";
import { chatMessages, type ChatMessage } from "./transcript.js";

/** `state` is the run's state at the request or later (the transcript only grows). */
export function callMessages(state: Pick<RunState, "flow" | "messages">, request: EventOf<"llm.request">): ChatMessage[] {
  const speaker = nodeById(state.flow, request.nodeId)?.data.name ?? request.nodeId;
  const retry = request.retryOf ? schemaRetryMessages(request.nodeId, speaker, request.retryOf) : [];
  return chatMessages(request.system, speaker, [...state.messages.slice(0, request.messageCount), ...retry]);
}
