// The code-first way to describe the participants of a flow.
export interface AgentOptions {
  name: string;
  /** "provider/model", e.g. "openai/gpt-4o-mini" or "scripted/demo". */
  llm: string;
  systemMessage?: string;
  temperature?: number;
  maxVisits?: number;
  /** Replies for the offline scripted model, one per visit. */
  script?: string[];
  /** How long a call may wait on a silent model before it is retried (unset: the server's defaults). */
  connectTimeoutSeconds?: number;
  firstTokenTimeoutSeconds?: number;
  betweenTokensTimeoutSeconds?: number;
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
  choices?: string[];
  allowText?: boolean;
  allowEdit?: boolean;
  timeoutSeconds?: number;
  defaultChoice?: string;
  maxVisits?: number;
}

export class HumanAgent {
  readonly kind = "human" as const;
  constructor(readonly options: HumanAgentOptions) {}
  get name(): string {
    return this.options.name;
  }
}
