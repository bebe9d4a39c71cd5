// Every error the engine reports to whoever drives it, in one hierarchy: each has a stable
// `code` and keeps what caused it (`cause`). A RunFailure ends a run and is recorded in its
// run.finished; the others refuse a request and leave the run as it was. The HTTP edge maps
// the codes to statuses in one place (http/api-error.ts); the CLI prints the message.
import { describeProblems, type Problem } from "@tandem/shared";

export abstract class EngineError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    /** The field of the request the error is about, e.g. "outcome" or "edit". */
    readonly path?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The run cannot go on: recorded in run.finished as its error. */
export class RunFailure extends EngineError {
  constructor(
    readonly code: string,
    message: string,
    readonly nodeId?: string,
    options?: ErrorOptions,
  ) {
    super(message, undefined, options);
  }
}

/** The codes of the errors that refuse a request (a RunFailure's code is the run's affair). */
export type RequestErrorCode = RequestError["code"];

/** Every error that refuses a request. */
export type RequestError =
  | FlowInvalidError
  | UnknownRunError
  | RunHeldError
  | RunClosedError
  | AnswerError
  | ControlError
  | ForkError
  | ImportError
  | RunDamagedError
  | RunUnfinishedError;

/** A flow that cannot run; `problems` lists every error, their paths under `at` (where the flow sits in the request). */
export class FlowInvalidError extends EngineError {
  readonly code = "invalid_flow";
  readonly problems: Problem[];

  constructor(problems: readonly Problem[], at = "") {
    const placed = problems.map((p) => ({ ...p, path: at && p.path ? `${at}.${p.path}` : at || p.path }));
    super(`the flow is not valid:\n${describeProblems(placed)}`, placed[0]?.path);
    this.problems = placed;
  }
}

export class UnknownRunError extends EngineError {
  readonly code = "unknown_run";

  constructor(readonly runId: string) {
    super(`unknown run "${runId}"`);
  }
}

/** The run is driven by another process on the same data (see store/owners.ts). */
export class RunHeldError extends EngineError {
  readonly code = "held_elsewhere";

  constructor(
    readonly runId: string,
    readonly pid: number,
  ) {
    super(`run ${runId} is being driven by another Tandem process (pid ${pid}): answer or control it there, or stop that process`);
  }
}

/** The run takes no more answers or control: it has finished, or it was imported (read-only). */
export class RunClosedError extends EngineError {
  constructor(
    readonly code: "not_running" | "read_only",
    message: string,
  ) {
    super(message);
  }
}

export type AnswerErrorCode =
  | "unknown_request"
  | "already_answered"
  | "not_waiting"
  | "invalid_answer"
  /** The request is assigned to others (see people.ts). */
  | "not_assignee"
  /** The person may not answer requests assigned to nobody. */
  | "forbidden"
  | "already_voted"
  | "already_claimed"
  | "not_claimed";

/** A person's answer that cannot be taken. */
export class AnswerError extends EngineError {
  constructor(
    readonly code: AnswerErrorCode,
    message: string,
    path?: string,
  ) {
    super(message, path);
  }
}

export type ControlErrorCode = "not_running" | "invalid_action";

export class ControlError extends EngineError {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A fork request that cannot be carried out; `path` names the field. */
export class ForkError extends EngineError {
  readonly code = "invalid_fork";

  constructor(
    message: string,
    override readonly path: string,
  ) {
    super(message, path);
  }
}

/** A document that is not a run export this server can take back; `path` names the field. */
export class ImportError extends EngineError {
  readonly code = "invalid_export";

  constructor(message: string, path?: string) {
    super(path ? `${path}: ${message}` : message, path);
  }
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}

/** A stored run whose events cannot be read or do not fold into a run (say a newer Tandem wrote them). */
export class RunDamagedError extends EngineError {
  readonly code = "damaged";

  constructor(
    readonly runId: string,
    readonly reason: string,
  ) {
    super(`run ${runId} cannot be read: ${reason}; it can be exported or deleted`);
  }
}

/** A run that has not finished cannot be deleted: it must be cancelled first. */
export class RunUnfinishedError extends EngineError {
  readonly code = "not_finished";

  constructor(
    readonly runId: string,
    status: string,
  ) {
    super(`run ${runId} is ${status}: cancel it first`);
  }
}
