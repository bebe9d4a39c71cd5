// Asks a person in the terminal to decide one tool call: approve it, edit its arguments (one line
// of JSON, checked against the tool's schema), reject it with a reason, or answer instead of it.
import { valueProblems, type ToolDecision } from "@tandem/shared";
import type { PendingApproval } from "./approval-task.js";

export interface LinePrompt {
  /** Writes `question` then "> " and reads a line; null when there is no more input or nothing to ask any more. */
  ask(question: string): Promise<string | null>;
}

export const APPROVAL_MENU = "[a]pprove, [e]dit, [r]eject, a[n]swer instead";
/** A call that may have run already is retried as it was, or its result entered by hand. */
const UNKNOWN_MENU = "[a]pprove (call it again), [r]eject, a[n]swer with its result";

function whyAsked(task: PendingApproval): string {
  if (task.reason === "unknown") return "it was under way when the run stopped and its result is unknown; approving calls it again with the same key";
  return task.why === "always" ? "asks before every call" : `asks because ${task.why}`;
}

/** What the person sees before deciding. */
export function approvalCard(task: PendingApproval, agent: string): string {
  const said = task.said.trim() ? `${agent} said: ${task.said.trim()}\n` : "";
  return `\n── approve ${task.tool}? (${whyAsked(task)}) ──\n${said}arguments:\n${JSON.stringify(task.arguments, null, 2)}\n`;
}

/** Reads edited arguments until they parse and fit the schema; null to go back to the menu. */
async function editedArguments(task: PendingApproval, prompt: LinePrompt): Promise<unknown> {
  let question = "The arguments as one line of JSON (Enter to go back):\n";
  for (;;) {
    const line = await prompt.ask(question);
    if (line === null || !line.trim()) return null;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      question = `Not JSON (${(e as Error).message}); try again:\n`;
      continue;
    }
    const problems = value !== null && typeof value === "object" && !Array.isArray(value) ? valueProblems(task.parameters, value) : ["expected a JSON object"];
    if (problems.length === 0) return value;
    question = `${problems.join("; ")}; try again:\n`;
  }
}

/** The person's decision, or null when input ended or the call was decided elsewhere. */
export async function askApproval(task: PendingApproval, prompt: LinePrompt): Promise<ToolDecision | null> {
  const menu = `${task.reason === "unknown" ? UNKNOWN_MENU : APPROVAL_MENU}\n`;
  let question = menu;
  for (;;) {
    const line = await prompt.ask(question);
    if (line === null) return null;
    question = menu;
    switch (line.trim().toLowerCase()) {
      case "a":
      case "approve":
        return { decision: "approve" };
      case "e":
      case "edit": {
        if (task.reason === "unknown") {
          question = `A call that may have run already is retried as it was. ${menu}`;
          break;
        }
        const edited = await editedArguments(task, prompt);
        if (edited !== null) return { decision: "approve", arguments: edited };
        break;
      }
      case "r":
      case "reject": {
        const reason = await prompt.ask("Why (the agent is told; Enter for no reason):\n");
        if (reason === null) return null;
        return { decision: "reject", ...(reason.trim() ? { reason: reason.trim() } : {}) };
      }
      case "n":
      case "answer": {
        const result = await prompt.ask(`The result the agent gets for this call of ${task.tool} (Enter to go back):\n`);
        if (result === null) return null;
        if (result.trim()) return { decision: "reject", result: result.trim() };
        break;
      }
      default:
        question = `Type a letter in brackets. ${menu}`;
    }
  }
}
