// Errors the engine reports to whoever drives it (HTTP maps `code` to a status).

/** The run cannot go on: recorded in run.finished as its error. */
export class RunFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
  }
}

export type AnswerErrorCode = "unknown_request" | "already_answered" | "not_waiting" | "invalid_answer";

/** A person's answer that cannot be taken. */
export class AnswerError extends Error {
  constructor(
    readonly code: AnswerErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

export type ControlErrorCode = "not_running" | "invalid_action";

export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}

/** A fork request that cannot be carried out; `path` names the field. */
export class ForkError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** A stored run whose events cannot be read or do not fold into a run (say a newer Tandem wrote them). */
export class RunDamagedError extends Error {
  constructor(
    readonly runId: string,
    readonly reason: string,
  ) {
    super(`run ${runId} cannot be read: ${reason}`);
  }
}
