export { Agent, HumanAgent, type AgentOptions, type AgentToolUse, type HumanAgentOptions, type ToolApproval } from "./agents.js";
export { Orchestrator, type Rule, type OrchestratorOptions } from "./orchestrator.js";
export { Conversation, type ConversationOptions, type ConversationResult } from "./conversation.js";
export type { CodeAnswers } from "./answer-in-code.js";
export type { PendingApproval } from "../terminal/approval-task.js";
export { defineTool, type CodeTool, type ToolContext, type ToolDefinition } from "../tools/code.js";
