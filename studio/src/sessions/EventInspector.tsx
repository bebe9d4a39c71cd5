// The event inspector: the events around the cursor (a click moves the cursor there) and the
// details of the one at the cursor — a model call, a person's answer, a tool call, or the event's
// fields, with who decided it, and the trace ids it was exported under — and who decided each
// human step of the run.
import { auditActor, isAuditEvent, nodeById, type RunEvent, type RunOrigin } from "@tandem/shared";
import { useCallback, useMemo } from "react";
import { useStore } from "zustand";
import { ActorLabel } from "../audit/ActorLabel.js";
import { paths } from "../router.js";
import { Decisions } from "./Decisions.js";
import { formatMs } from "../ui/time.js";
import { describeEvent } from "./describeEvent.js";
import { HumanDetails } from "./HumanDetails.js";
import { humanExchangeAt } from "./humanExchange.js";
import { ModelCallDetails } from "./ModelCallDetails.js";
import { modelCallAt } from "./modelCall.js";
import type { Replay } from "./replay.js";
import { markOf } from "./timeline.js";
import { toolCallAt } from "./toolCall.js";
import { ToolCallDetails } from "./ToolCallDetails.js";
import { TraceFacts } from "./TraceFacts.js";

/** Events listed before and after the cursor. */
const AROUND = 6;

export function EventInspector({ replay }: { replay: Replay }) {
  const cursor = useStore(replay.status, (s) => s.cursor);
  const lastSeq = useStore(replay.status, (s) => s.lastSeq);
  const started = replay.event(1);
  const name = useCallback(
    (id: string) => (started?.type === "run.started" ? nodeById(started.flow, id)?.data.name : undefined) ?? id,
    [started],
  );
  const event = replay.event(cursor);
  const seek = (seq: number) => replay.seek(seq);
  const from = Math.max(1, cursor - AROUND);
  const to = Math.min(lastSeq, cursor + AROUND);
  const rows: RunEvent[] = [];
  for (let seq = from; seq <= to; seq++) rows.push(replay.event(seq)!);

  return (
    <aside className="event-inspector" aria-label="Event inspector">
      <ol className="event-list" aria-label="Events around the cursor">
        {rows.map((e) => (
          <li key={e.seq}>
            <button
              type="button"
              className={e.seq === cursor ? "event-row is-current" : "event-row"}
              aria-current={e.seq === cursor ? "step" : undefined}
              onClick={() => seek(e.seq)}
            >
              <span className="event-seq mono">{e.seq}</span>
              <span className={`event-kind mark-${markOf(e.type)}`}>{e.type}</span>
              <span className="event-text">{describeEvent(e, name)}</span>
            </button>
          </li>
        ))}
      </ol>
      {event && started?.type === "run.started" && (
        <EventDetails key={event.seq} replay={replay} event={event} run={started} startedAt={started.at} name={name} onSeek={seek} />
      )}
      <Decisions replay={replay} cursor={cursor} onSeek={seek} />
    </aside>
  );
}

interface DetailsProps {
  replay: Replay;
  event: RunEvent;
  run: Pick<RunOrigin, "runId" | "parent">;
  startedAt: number;
  name: (id: string) => string;
  onSeek: (seq: number) => void;
}

function EventDetails({ replay, event, run, startedAt, name, onSeek }: DetailsProps) {
  const call = useMemo(() => modelCallAt(replay.snapshots, event.seq), [replay, event]);
  const exchange = useMemo(() => humanExchangeAt(replay.snapshots, event.seq), [replay, event]);
  const tool = useMemo(() => toolCallAt(replay.snapshots, event.seq), [replay, event]);
  return (
    <section className="event-details" aria-labelledby="event-title">
      <header className="event-details-head">
        <h2 id="event-title">
          <span className="mono">#{event.seq}</span> {event.type}
        </h2>
        <span className="muted small" title={new Date(event.at).toLocaleString()}>
          +{formatMs(event.at - startedAt)}
        </span>
      </header>
      <p className="event-summary">{describeEvent(event, name)}</p>
      <TraceFacts run={run} at={{ model: call?.request, tool: tool ?? undefined }} />
      {/* A person's answer says who in its own details. */}
      {isAuditEvent(event) && !exchange && (
        <dl className="facts">
          <dt>Decided by</dt>
          <dd>
            <ActorLabel actor={auditActor(event)} />
          </dd>
        </dl>
      )}
      {call && (
        <>
          {call.request.seq !== event.seq && (
            <button type="button" className="link-btn small" onClick={() => onSeek(call.request.seq)}>
              Go to the request (event {call.request.seq})
            </button>
          )}
          <ModelCallDetails call={call} onSeek={onSeek} />
        </>
      )}
      {exchange && <HumanDetails exchange={exchange} onSeek={onSeek} />}
      {tool && <ToolCallDetails call={tool} />}
      {!call && !exchange && !tool && <Fields event={event} />}
    </section>
  );
}

/** Any other event: its fields (a run's start shows its flow by name, not the whole snapshot). */
function Fields({ event }: { event: RunEvent }) {
  if (event.type === "run.started") {
    return (
      <dl className="facts">
        <dt>Flow</dt>
        <dd>
          {event.flow.name} <span className="muted">({event.flow.nodes.length} nodes{event.flowVersion ? `, version ${event.flowVersion}` : ""})</span>
        </dd>
        <dt>Input</dt>
        <dd className="pre">{event.input}</dd>
        <dt>Options</dt>
        <dd className="mono">{JSON.stringify(event.options)}</dd>
        {event.parent && (
          <>
            <dt>Forked from</dt>
            <dd>
              <a href={`#${paths.session(event.parent.runId)}`}>run {event.parent.runId.slice(0, 8)}</a> at event {event.parent.seq}
            </dd>
          </>
        )}
      </dl>
    );
  }
  const { seq: _seq, at: _at, type: _type, ...fields } = event;
  return <pre className="event-json">{JSON.stringify(fields, null, 2)}</pre>;
}
