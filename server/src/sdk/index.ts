export { Agent, HumanAgent, type AgentOptions, type HumanAgentOptions } from "./agents.js";
export { Orchestrator, type Rule, type OrchestratorOptions } from "./orchestrator.js";
export { Conversation, type ConversationOptions, type ConversationResult } from "./conversation.js";
