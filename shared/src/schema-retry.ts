// Asking again after a structured reply that did not fit its schema: the messages that end the
// second call's transcript. Built here so that the engine sends them and the inspector shows them alike.
import type { SchemaRetry } from "./events.js";
import type { TranscriptMessage } from "./state.js";

/** The name the note is sent under: it comes from Tandem, not from a person or an agent. */
export const SCHEMA_RETRY_SENDER = "tandem";

/** The rejected reply (as the speaker's own) and a note naming what is wrong with it; never in the run's transcript, hence no seq. */
export function schemaRetryMessages(nodeId: string, speaker: string, retry: SchemaRetry): TranscriptMessage[] {
  const note =
    `Your reply does not match the required output schema: ${retry.problems.join("; ")}. ` +
    "Reply again with only a JSON value that matches the schema.";
  return [
    { seq: 0, nodeId, role: "assistant", name: speaker, content: retry.reply },
    { seq: 0, nodeId, role: "user", name: SCHEMA_RETRY_SENDER, content: note },
  ];
}
