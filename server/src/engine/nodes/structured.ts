// A structured reply is checked against the node's output schema before anything routes on it.
// One that does not fit is asked for again once, with what is wrong (models usually fix it when
// told); a second misfit fails the node with the reason, since routing on a guess would mislead.
import { readStructured, type AgentNode, type OutputSchema, type SchemaRetry } from "@tandem/shared";
import { RunFailure } from "../errors.js";

/** The first reply that fits `schema`: `reply`, or the answer to asking again with its problems. */
export async function checkedReply(
  node: AgentNode,
  schema: OutputSchema,
  reply: string,
  askAgain: (retryOf: SchemaRetry) => Promise<string>,
): Promise<string> {
  const read = readStructured(schema, reply);
  if (read.ok) return reply;
  const again = await askAgain({ reply, problems: read.problems });
  const reread = readStructured(schema, again);
  if (reread.ok) return again;
  throw new RunFailure("invalid_output", `${node.data.name}: the reply does not match its output schema: ${reread.problems.join("; ")}`, node.id);
}
