// The HTTP API's payloads, declared once: the server's schemas are checked against these types
// at compile time and the studio sends and reads them. Types and constants only.
import type { Flow, Outcome } from "./flow.js";
import type { DeploymentRunStarted } from "./deploy.js";
import type { BudgetDecision, HumanAnswer, ReplyReading, RunError, RunEvent, RunProblem, RunStatus, ToolDecision, Vote } from "./events.js";
import type { Actor, Assignment, Permission, Quorum } from "./people.js";
import type { Problem } from "./problems.js";
import type { ModelPrice } from "./prices.js";
import type { ToolSpec } from "./tools.js";
import type { RunState } from "./state.js";
import { listOf } from "./union.js";

/** The longest input, reply or edited message a request may carry, in characters. */
export const MAX_INPUT_CHARS = 100_000;

/** Every failed request answers this. */
export interface ApiErrorBody {
  error: { code: string; message: string; path?: string; problems?: Problem[] };
}

// ---------------------------------------------------------------- flows

/** The latest run of a saved flow. */
export interface LastRun {
  id: string;
  status: RunStatus;
  startedAt: number;
}

/** A saved flow as listed (GET /api/flows). */
export interface FlowSummary {
  id: string;
  name: string;
  /** The latest version. */
  version: number;
  createdAt: number;
  updatedAt: number;
  /** The latest version has no error-severity problems. */
  valid: boolean;
  lastRun: LastRun | null;
}

export interface FlowList {
  flows: FlowSummary[];
}

/** One version of a saved flow, with what validation finds in it. */
export interface FlowRecord {
  id: string;
  name: string;
  /** The version this record holds. */
  version: number;
  latestVersion: number;
  createdAt: number;
  updatedAt: number;
  /** When this version was saved. */
  savedAt: number;
  /** No error-severity problems: the flow can run. */
  valid: boolean;
  problems: Problem[];
  flow: Flow;
}

export interface CreateFlowRequest {
  flow: Flow;
}

export interface SaveFlowRequest {
  flow: Flow;
  /** The version this edit started from; the save is refused (409) if another came first. */
  baseVersion?: number;
  /** What changed and why, shown in the flow's history (at most MAX_VERSION_MESSAGE characters). */
  message?: string;
}

/** The longest message a saved version may carry, in characters. */
export const MAX_VERSION_MESSAGE = 500;

/** Who saved a version: an account (with its id), or on a server without accounts the name given. */
export interface SavedBy {
  userId?: string;
  name: string;
}

/** One saved version as the history lists it (GET /api/flows/{id}/versions). */
export interface FlowVersionInfo {
  version: number;
  savedAt: number;
  /** Null for versions saved before who saved was recorded. */
  savedBy: SavedBy | null;
  message: string | null;
  valid: boolean;
}

export interface FlowVersionList {
  /** Newest first. */
  versions: FlowVersionInfo[];
}

// ---------------------------------------------------------------- runs

/** A run as listed and filtered (GET /api/runs), kept current with each event it stores. */
export interface RunSummary {
  id: string;
  /** The saved flow the run was started from (null for an inline flow). */
  flowId: string | null;
  flowVersion: number | null;
  flowName: string;
  input: string;
  status: RunStatus;
  /** The human node the run waits for. */
  waitingNode: string | null;
  steps: number;
  tokens: number;
  /** What its model calls cost, in US dollars (unpriced models count nothing). */
  costUsd: number;
  lastSeq: number;
  /** Set on a fork: the run it was copied from, and the last event it kept. */
  parentRunId: string | null;
  parentSeq: number | null;
  /** Taken in by an import: read-only. */
  imported: boolean;
  /** The deployment that started the run, or null. */
  deployment: string | null;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** Why the run cannot be read (its events do not fold into a run), or null. */
  damaged: string | null;
}

export interface RunList {
  runs: RunSummary[];
  /** Runs matching the filters, all pages. */
  total: number;
}

/** GET /api/runs's filters. */
export interface RunListQuery {
  /** Only runs of this saved flow. */
  flow?: string;
  /** Only runs this deployment started. */
  deployment?: string;
  status?: RunStatus;
  /** Words said in the run (its input, messages, people's replies and edits). */
  text?: string;
  limit?: number;
  offset?: number;
}

/** A run whole: its summary, its state and all its events (GET /api/runs/:id). */
export interface RunRecord {
  run: RunSummary;
  state: RunState;
  events: RunEvent[];
}

/** How a run starts (POST /api/flows/:id/runs). */
export interface StartRunRequest {
  input: string;
  /** Pause before every agent and human node. */
  stepMode?: boolean;
  /** Node ids to pause before. */
  breakpoints?: string[];
  /** Stop to ask a person once the run's model calls cost this much (US dollars); unset: the deployment's, else the flow's. */
  budgetUsd?: number;
}

/** POST /api/runs: a run of a flow sent along. */
export interface StartInlineRunRequest extends StartRunRequest {
  flow: Flow;
}

export interface RunCreated {
  runId: string;
}

/** A person's decision on a run at its budget (POST /api/runs/{id}/budget/{requestId}), and who gives it. */
export interface BudgetAnswerRequest extends BudgetDecision {
  by?: string;
}

/** A person's answer over HTTP, and who gives it. */
export interface AnswerRequest extends HumanAnswer {
  by?: string;
}

export interface AnswerAccepted {
  accepted: true;
  /** The human.responded event. */
  event: RunEvent;
  /** How the free text was read, when the node routes on outcomes. */
  reading?: AnswerReading;
}

export interface AnswerReading extends ReplyReading {
  /** Who read it: "offline" or the judge model. */
  judge: string;
  /** The request that confirms or corrects the reading, when there is one: answer it with an outcome. */
  confirm?: { requestId: string; deadline?: number; defaultOutcome?: string };
}

export type ControlAction = "pause" | "step" | "continue" | "cancel";

export const CONTROL_ACTIONS = listOf({ pause: true, step: true, continue: true, cancel: true } satisfies Record<ControlAction, true>);

export interface ControlRequest {
  action: ControlAction;
}

export interface ControlResult {
  ok: true;
  /** The run's status now. */
  status: RunStatus;
}

/** New settings for an agent node of a fork. */
export interface NodeChange {
  systemMessage?: string;
  model?: string;
  temperature?: number;
}

/** A node's nth visit in a run (visits count from 1). */
export interface NodeVisit {
  nodeId: string;
  visit: number;
}

/** A new run from another run's events up to `at` (or up to just before a node visit, `from`), with optional changes. */
export interface ForkRequest {
  /** The last event (seq) of the parent that the fork keeps. Exactly one of `at` and `from`. */
  at?: number;
  /** Keep the parent's events up to just before this node visit started: the node runs again, live. */
  from?: NodeVisit;
  /** Answer for the human request that is waiting at the fork point. */
  answer?: HumanAnswer;
  /** Rewritten messages: the seq of a `message` event at or before `at`, and its new content. */
  edits?: { seq: number; content: string }[];
  /** New settings for agent nodes, by node id (applied to the run's flow snapshot). */
  nodes?: Record<string, NodeChange>;
}

export const EXPORT_FORMAT = "tandem.run";
export const EXPORT_VERSION = 1;

/** The run an export holds, as it stood when exported. */
export interface ExportedRun {
  id: string;
  flowName: string;
  status: RunStatus;
  input: string;
  startedAt: number;
  finishedAt: number | null;
}

/** A run as one JSON document: its events (which hold the flow snapshot) and nothing secret. */
export interface RunExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  run: ExportedRun;
  events: RunEvent[];
}

// ---------------------------------------------------------------- tasks, models, health

/** A tool call waiting for a person: what the agent wants to do, and why it asks. */
export interface ApprovalTask {
  callId: string;
  /** The tool's name as the model called it, and how the agent names it ("mcp:payments/refund"). */
  tool: string;
  ref: string;
  arguments: unknown;
  /** The tool's argument schema: edits are checked against it. */
  parameters: Record<string, unknown>;
  /** "policy": the approval policy asks (why: "amount > 100"); "unknown": the call was under way when the server stopped. */
  reason: "policy" | "unknown";
  why: string;
  /** What the agent said with the call (its reasoning so far), possibly empty. */
  said: string;
}

/** A person's decision on a waiting tool call (POST /api/runs/{runId}/approvals/{requestId}). */
export interface ApprovalRequest extends ToolDecision {
  /** Who decides: a name the studio asks once per browser. */
  by?: string;
}

export interface ApprovalAccepted {
  accepted: true;
  /** The tool.approved or tool.rejected event. */
  event: RunEvent;
}

/** A question a person is asked now, in some run (GET /api/tasks): a human node's, a tool call to approve, or a run at its budget. */
export interface Task {
  kind: "question" | "approval" | "budget";
  runId: string;
  flowId: string | null;
  flowName: string;
  /** The run's input. */
  input: string;
  nodeId: string;
  /** The human node's name. */
  nodeName: string;
  requestId: string;
  instructions: string;
  outcomes: Outcome[];
  allowText: boolean;
  allowEdit: boolean;
  askedAt: number;
  /** At this time (epoch ms) the node takes `defaultOutcome`. */
  deadline?: number;
  defaultOutcome?: string;
  /** Set when the person is asked to confirm or correct how a reply was read. */
  reading?: ReplyReading;
  /** Set on an approval: the call to decide. */
  approval?: ApprovalTask;
  /** Who may answer (besides admins); unset: anyone who may answer questions. */
  assignees?: Assignment;
  /** Who took it on. */
  claimedBy?: Actor;
  /** A quorum question: how many votes of which outcome decide, and the votes so far. */
  quorum?: Quorum;
  votes?: Vote[];
  /** Escalation steps fired so far, and the next one to fire (epoch ms). */
  escalations?: number;
  nextEscalation?: { at: number; action: "remind" | "reassign" | "default" };
  /** Set on a fallback question: what went wrong. */
  problem?: RunProblem;
  /** Set on a budget task: what the run has spent of its budget. */
  budget?: { spentUsd: number; budgetUsd: number };
  /** For the person asking: "user" (named), "role" (one of their roles), "anyone" (unassigned), or null (not theirs: only an admin may answer). */
  mine?: "user" | "role" | "anyone" | null;
}

export interface TaskList {
  tasks: Task[];
  /** Tasks, all pages. */
  total: number;
}

/** A model a flow can name: an id and a label, never a key. */
export interface ModelInfo {
  id: string;
  provider: string;
  label: string;
  /** Its price per million tokens, when the server knows it. */
  price?: ModelPrice;
}

/** A provider as GET /api/models shows it: configured or not, and its models. */
export interface ProviderModels {
  id: string;
  label: string;
  /** Its key (or server address) is set on this server. */
  configured: boolean;
  /** What to set to configure it. */
  setup: string;
  /** The models were read from the provider just now (false: the shipped list). */
  live: boolean;
  /** Why the live list could not be read. */
  error?: string;
  models: ModelInfo[];
}

export interface ModelList {
  /** No real model provider is configured: the scripted model answers. */
  offline: boolean;
  /** Every model a flow can name now, of configured providers (and the scripted one). */
  models: ModelInfo[];
  /** Every provider, configured or not, with its models, for a picker that groups them. */
  providers: ProviderModels[];
  /** The date of the shipped prices. */
  pricesAsOf: string;
}

/** A configured MCP server as GET /api/tools shows it: its tools live, or why it is down. */
export interface McpServerStatus {
  name: string;
  transport: "stdio" | "http";
  status: "up" | "down";
  error?: string;
  tools: ToolSpec[];
}

/** Every tool this server can offer now (GET /api/tools): secrets by name only. */
export interface ToolCatalog {
  servers: McpServerStatus[];
  code: ToolSpec[];
  http: { allow: string[]; allowPrivate: boolean; secrets: string[] };
}

/** Open event streams and run listeners: what a leak check counts. */
export interface LiveStats {
  open: number;
  timers: number;
  listeners: number;
}

/** GET /api/health. */
export interface Health {
  /** False when the database does not answer (the response is then a 503). */
  ok: boolean;
  offline: boolean;
  /** The database, and whether it answered just now. */
  database: { kind: "sqlite" | "postgres"; ok: boolean };
  /** This server among those sharing the database (the owner id on the runs it drives). */
  serverId: string;
  /** The studio's URL, or how to build it. */
  studio: string;
  sse?: LiveStats;
  /** Where a run's trace opens, "{traceId}" standing for its trace id (the server's TANDEM_TRACE_URL). */
  traceUrl?: string;
}

/** A Tandem process on the database (a server, or a `tandem run` in a terminal) as GET /api/cluster lists it. */
export interface ServerInfo {
  /** Its owner id: what its /api/health calls `serverId`. */
  id: string;
  host: string;
  pid: number;
  /** When it last marked itself alive (ms); 0 once it closed. */
  beatAt: number;
  /** Whether it holds its runs now: alive and marked recently. Runs of one that is not are taken on by the others. */
  live: boolean;
  /** Unfinished runs it drives. */
  runs: number;
  /** The server that answered. */
  self: boolean;
}

export interface ClusterInfo {
  database: { kind: "sqlite" | "postgres" };
  servers: ServerInfo[];
}

// ---------------------------------------------------------------- people and audit

/** An account as the API shows it: never a password hash. */
export interface UserInfo {
  id: string;
  username: string;
  name: string;
  /** Where answer links and reminders are sent, when the server sends email. */
  email?: string;
  roles: string[];
  createdAt: number;
  disabled?: boolean;
  lastSignInAt?: number;
}

/** GET /api/auth/me: how this server admits people, and who the caller is. */
export interface Me {
  /** "open": no accounts and on loopback, so no sign-in (single user); "accounts": every route needs one. */
  mode: "open" | "accounts";
  /** No account exists yet: the first one made (POST /api/auth/setup) is an admin. */
  setupNeeded: boolean;
  user: UserInfo | null;
  permissions: Permission[];
  /** Sent back as X-CSRF-Token on state-changing requests made with the session cookie. */
  csrfToken?: string;
}

export interface SetupRequest {
  username: string;
  name: string;
  password: string;
}

export interface SignInRequest {
  username: string;
  password: string;
}

export interface CreateUserRequest {
  username: string;
  name: string;
  email?: string;
  password: string;
  roles: string[];
}

export interface UpdateUserRequest {
  name?: string;
  email?: string;
  roles?: string[];
  password?: string;
  disabled?: boolean;
}

export interface RoleInfo {
  name: string;
  builtin: boolean;
  description: string;
  members: number;
}

export interface CreateRoleRequest {
  name: string;
  description?: string;
}

/** A personal API token as listed: never the token itself. */
export interface TokenInfo {
  id: string;
  name: string;
  /** The token's first characters, to tell tokens apart. */
  prefix: string;
  createdAt: number;
  lastUsedAt?: number;
}

/** A token made now: `token` is shown this once. */
export interface TokenCreated {
  token: string;
  info: TokenInfo;
}

/** What an audit entry records. */
export type AuditAction =
  | "answer"
  | "vote"
  | "approve"
  | "reject"
  | "edit"
  | "correct"
  | "claim"
  | "release"
  | "escalate"
  | "timeout"
  | "budget"
  | "sign-in"
  | "sign-in-failed"
  | "sign-out"
  | "token-created"
  | "token-revoked"
  | "user-created"
  | "user-updated"
  | "role-created"
  | "role-deleted";

/** One thing a person (or a timer) did: from a run's events, or from the accounts log. */
export interface AuditEntry {
  at: number;
  action: AuditAction;
  /** Null for what Tandem did itself (a deadline, an escalation). */
  actor: Actor | null;
  runId?: string;
  flowId?: string | null;
  flowName?: string;
  nodeId?: string;
  nodeName?: string;
  requestId?: string;
  /** The event's seq in the run. */
  seq?: number;
  /** What was decided, in a line: "approve", "rejected: too high", "amount 250 → 200". */
  detail: string;
}

export interface AuditList {
  entries: AuditEntry[];
  total: number;
}

/**
 * A deployment's run as its caller sees it: GET /api/deployments/:name/runs/:runId, and the answer
 * of a run started with ?wait=true (200 once finished; 202 while a person is asked or still running).
 */
export interface DeploymentRunStatus extends DeploymentRunStarted {
  status: RunStatus;
  /** The run's result, once it completed. */
  output: string | null;
  /** Why it failed. */
  error: RunError | null;
  /** What a person is asked now (the first, when several are), else null. */
  task: Task | null;
}
