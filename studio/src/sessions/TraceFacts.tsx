// The run's trace id and the span id of the call at the cursor, each with a Copy button, and a
// link to the trace when the server names a trace viewer.
import { CopyIcon } from "../ui/icons.js";
import { copyText } from "../ui/copy.js";
import type { RunOrigin } from "@tandem/shared";
import { traceIds, type CallAt } from "./traceIds.js";
import { useTraceUrl } from "./useTraceUrl.js";

export function TraceFacts({ run, at }: { run: Pick<RunOrigin, "runId" | "parent">; at: CallAt }) {
  const ids = traceIds(run, at, useTraceUrl());
  return (
    <dl className="facts trace-facts">
      <dt>Trace id</dt>
      <dd>
        <CopyableId label="trace id" value={ids.traceId} />
        {ids.link && (
          <>
            {" "}
            <a className="small" href={ids.link} target="_blank" rel="noreferrer">
              Open trace
            </a>
          </>
        )}
      </dd>
      {ids.span && (
        <>
          <dt>{ids.span.label}</dt>
          <dd title={`In trace ${ids.span.traceId}`}>
            <CopyableId label="span id" value={ids.span.spanId} />
          </dd>
        </>
      )}
    </dl>
  );
}

function CopyableId({ label, value }: { label: string; value: string }) {
  return (
    <span className="copyable-id">
      <code className="mono small">{value}</code>
      <button type="button" className="icon-btn" aria-label={`Copy the ${label}`} title={`Copy the ${label}`} onClick={() => void copyText(value, label)}>
        <CopyIcon />
      </button>
    </span>
  );
}
