// Prints a run's events as a readable transcript. The same printer serves a live run
// (deltas as they stream) and `tandem replay` (from stored events alone).
import { nodeById, toolCallOf, type RunEvent, type RunState, type ToolCallState } from "@tandem/shared";

export interface Printer {
  print(event: RunEvent, state: RunState): void;
}

/** A tool's answer on one line, cut when long: the transcript is for following along. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** As read from the model's JSON, or as it wrote them when they could not be read. */
const argumentsOf = (call: ToolCallState) => (call.arguments === undefined ? call.argumentsText : JSON.stringify(call.arguments));

/** "refund {"amount":200}" and, when a person decided, "approved by Tess" (with the edit). */
function callLine(call: ToolCallState): string {
  const decided = call.approval === "required" && call.decidedBy ? ` · approved by ${call.decidedBy}${call.edited ? ` (changed from ${JSON.stringify(call.edited.before)})` : ""}` : "";
  return `${call.name} ${argumentsOf(call)}${decided}`;
}

export function createPrinter(out: NodeJS.WritableStream): Printer {
  let streamingNode: string | null = null;
  const name = (state: RunState, id: string) => nodeById(state.flow, id)?.data.name ?? id;
  const endStream = () => {
    if (streamingNode) out.write("\n");
    streamingNode = null;
  };
  return {
    print(e, state) {
      switch (e.type) {
        case "run.started":
          out.write(`▶ ${e.flow.name} · run ${e.runId}\n`);
          break;
        case "node.started": {
          const node = nodeById(state.flow, e.nodeId);
          if (node?.type === "agent") out.write(`\n── ${node.data.name}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""} ──\n`);
          break;
        }
        case "message.delta":
          streamingNode = e.nodeId;
          out.write(e.text);
          break;
        case "llm.retry":
          endStream();
          out.write(`  ↻ ${e.error}; retrying in ${Math.round(e.delayMs / 100) / 10} s\n`);
          break;
        case "message":
          if (e.role === "user" && nodeById(state.flow, e.nodeId)?.type === "start") out.write(`\n${e.name}: ${e.content}\n`);
          else if (streamingNode === e.nodeId) endStream();
          else out.write(`${e.content}\n`);
          break;
        case "reply.read":
          endStream();
          out.write(e.outcome === null ? `  ↳ not sure how to read this: ${e.reason}\n` : `  ↳ read as: ${e.outcome} (${e.reason})\n`);
          break;
        case "human.requested": {
          endStream();
          if (e.reading) {
            const menu = e.outcomes.map((o, i) => `${i + 1}) ${o.name}`).join("  ");
            const accept = e.reading.outcome === null ? "type an outcome" : "Enter to accept, or type an outcome";
            out.write(`${accept}: ${menu}\n`);
            if (e.deadline) out.write(`Goes on with "${e.defaultOutcome}" at ${new Date(e.deadline).toLocaleTimeString()} unless corrected.\n`);
            break;
          }
          const node = nodeById(state.flow, e.nodeId);
          out.write(`\n── ${name(state, e.nodeId)} (a person) ──\n`);
          if (e.instructions || (node?.type === "human" && node.data.instructions)) out.write(`${e.instructions}\n`);
          if (e.outcomes.length) {
            const how = e.allowText ? " — type a number or /name, or reply in your own words" : " — type a number or a name";
            out.write(`Outcomes: ${e.outcomes.map((o, i) => `${i + 1}) ${o.name}`).join("  ")}${how}\n`);
          }
          if (e.deadline) out.write(`Takes "${e.defaultOutcome}" at ${new Date(e.deadline).toLocaleTimeString()} without an answer.\n`);
          break;
        }
        case "human.responded": {
          const said = [e.outcome, e.text].filter(Boolean).join(" — ");
          out.write(`${name(state, e.nodeId)} (${e.by}): ${said || "(edited the draft)"}\n`);
          break;
        }
        case "human.timed_out":
          out.write(`${name(state, e.nodeId)}: no answer in time, took "${e.outcome}"\n`);
          break;
        case "tool.approval.requested": {
          endStream();
          const call = toolCallOf(state, e.callId);
          const why = e.reason === "unknown" ? "was under way when the run stopped" : `asks for approval (${call?.why ?? "always"})`;
          out.write(`⏸ ${call?.name ?? e.callId} ${why}\n`);
          break;
        }
        case "tool.rejected": {
          const call = toolCallOf(state, e.callId);
          const what = e.result !== undefined ? `answered by ${e.by} instead: ${oneLine(e.result)}` : `rejected by ${e.by}${e.reason ? `: ${oneLine(e.reason)}` : ""}`;
          out.write(`✗ ${call ? `${call.name} ${argumentsOf(call)}` : e.callId} · ${what}\n`);
          break;
        }
        case "tool.result": {
          endStream();
          const call = toolCallOf(state, e.callId);
          out.write(`→ ${call ? callLine(call) : e.callId} · ${e.durationMs} ms: ${oneLine(e.content)}${e.isError ? " (the tool reported an error)" : ""}\n`);
          break;
        }
        case "tool.failed": {
          endStream();
          const call = toolCallOf(state, e.callId);
          out.write(`✗ ${call ? callLine(call) : e.callId} · failed (${e.code}): ${oneLine(e.error)}\n`);
          break;
        }
        case "run.paused":
          out.write(`⏸ paused before ${name(state, e.nodeId)} (${e.reason})\n`);
          break;
        case "run.finished":
          endStream();
          if (e.status === "completed") out.write(`\n✔ completed\n\n${e.output ?? ""}\n`);
          else if (e.status === "cancelled") out.write(`\n✖ cancelled${e.error ? `: ${e.error.message}` : ""}\n`);
          else out.write(`\n✖ failed: ${e.error?.message ?? "unknown error"}\n`);
          break;
        default:
          break;
      }
    },
  };
}
