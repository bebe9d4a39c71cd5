// An SDK agent's tools as the flow names them ({ ref: "code:refund", approval }), and the code
// tools a conversation's process must be able to run.
import type { ApprovalPolicy, ToolUse } from "@tandem/shared";
import { CodeTools, type CodeTool } from "../tools/code.js";
import type { Agent, AgentToolUse, HumanAgent, ToolApproval } from "./agents.js";

const useOf = (t: CodeTool | AgentToolUse): AgentToolUse => ("tool" in t ? t : { tool: t });

function policy(approval: ToolApproval = "always"): ApprovalPolicy {
  if (typeof approval === "string") return { mode: approval };
  const { field, op = "==", value } = approval.when;
  return { mode: "when", path: field, op, value };
}

export function toolUses(tools: readonly (CodeTool | AgentToolUse)[]): ToolUse[] {
  return tools.map(useOf).map(({ tool, approval, timeoutSeconds }) => ({
    ref: `code:${tool.name}`,
    approval: policy(approval),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  }));
}

/** Every agent's code tools in one registry; two different tools of one name are refused. */
export function codeToolsOf(agents: readonly (Agent | HumanAgent)[]): CodeTools {
  return new CodeTools(agents.flatMap((a) => (a.kind === "agent" ? (a.options.tools ?? []).map((t) => useOf(t).tool) : [])));
}
