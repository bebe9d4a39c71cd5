// The code-first way to describe the participants of a flow.
import type { z } from "zod";
import type { FieldOp, ScriptStep } from "@tandem/shared";
import type { CodeTool } from "../tools/code.js";

/** When a person must approve a call: always (the default), never, or when a condition on its arguments holds. */
export type ToolApproval = "always" | "never" | { when: { field: string; op?: FieldOp; value: string | number | boolean | null } };

/** A tool the agent may call, with when a person approves a call and how long one may take (default 30 s). */
export interface AgentToolUse {
  tool: CodeTool;
  approval?: ToolApproval;
  timeoutSeconds?: number;
}

/** An outcome by its name alone, or with the description the judge reads. */
export type OutcomeOption = string | { name: string; description?: string };

export interface AgentOptions {
  name: string;
  /** "provider/model", e.g. "openai/gpt-4o-mini" or "scripted/demo". */
  llm: string;
  systemMessage?: string;
  temperature?: number;
  /** The most tokens a reply may have (unset: the provider's default). */
  maxTokens?: number;
  maxVisits?: number;
  /** Replies for the offline scripted model, one per visit; a step may call tools first ({ calls, reply }). */
  script?: ScriptStep[];
  /** How long a call may wait on a silent model before it is retried (unset: the server's defaults). */
  connectTimeoutSeconds?: number;
  firstTokenTimeoutSeconds?: number;
  betweenTokensTimeoutSeconds?: number;
  /** What the reply can mean: rules `when: { outcome }` have it read by the judge. */
  outcomes?: OutcomeOption[];
  /** The reply is asked for as structured output of this zod schema; rules `when: { field }` route on it. */
  output?: z.ZodType;
  /** Tools from defineTool, alone (every call approved by a person) or with their approval policy. */
  tools?: (CodeTool | AgentToolUse)[];
  /** Tool calls in one visit; past it the model answers without tools (unset: 10). */
  maxToolCalls?: number;
}

export class Agent {
  readonly kind = "agent" as const;
  constructor(readonly options: AgentOptions) {}
  get name(): string {
    return this.options.name;
  }
}

export interface HumanAgentOptions {
  name: string;
  /** What the person is asked to do (shown with the request). */
  systemMessage?: string;
  /** What the answer can mean: picked by the person, or read from free text by the judge. */
  outcomes?: OutcomeOption[];
  allowText?: boolean;
  allowEdit?: boolean;
  timeoutSeconds?: number;
  defaultOutcome?: string;
  maxVisits?: number;
  /** How long a reading of free text can be corrected before the run goes on (seconds). */
  readingWindowSeconds?: number;
  /** Wait for the person to confirm every reading. */
  confirmReadings?: boolean;
  /** The model that reads free text ("provider/model"). */
  judgeModel?: string;
  /** Who answers, on a server with accounts: anyone with this role ("legal")… */
  role?: string;
  /** …and these people, by username. Neither: anyone who may answer questions. */
  users?: string[];
}

export class HumanAgent {
  readonly kind = "human" as const;
  constructor(readonly options: HumanAgentOptions) {}
  get name(): string {
    return this.options.name;
  }
}
