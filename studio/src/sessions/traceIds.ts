// The OpenTelemetry ids the server exported a run under (shared/trace-ids.ts): the run's trace,
// and the span of the model or tool call at the cursor, with a link when the server names a
// trace viewer (GET /api/health → traceUrl). A fork's copied calls were exported in the trace
// of the run they were copied from.
import { SPAN_KEY, spanIdOf, traceIdOf, type RunOrigin } from "@tandem/shared";

export interface TraceIds {
  traceId: string;
  /** The trace in the viewer, when the server has one. */
  link?: string;
  /** The span of the call at the cursor, and the trace it is in. */
  span?: { label: string; spanId: string; traceId: string };
}

/** The call at the cursor, with the seq of the event that started it. */
export interface CallAt {
  model?: { callId: string; seq: number };
  tool?: { id: string; seq: number };
}

export function traceIds(run: Pick<RunOrigin, "runId" | "parent">, at: CallAt, traceUrl: string | undefined): TraceIds {
  const traceId = traceIdOf(run.runId);
  const seq = at.model?.seq ?? at.tool?.seq;
  const owner = run.parent && seq !== undefined && seq <= run.parent.seq ? run.parent.runId : run.runId;
  const key = at.model ? SPAN_KEY.model(at.model.callId) : at.tool ? SPAN_KEY.tool(at.tool.id) : undefined;
  const label = `${at.model ? "Model" : "Tool"} call span${owner === run.runId ? "" : " (in the parent run's trace)"}`;
  return {
    traceId,
    ...(traceUrl ? { link: traceUrl.split("{traceId}").join(traceId) } : {}),
    ...(key ? { span: { label, spanId: spanIdOf(owner, key), traceId: traceIdOf(owner) } } : {}),
  };
}
