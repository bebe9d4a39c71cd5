// The run's shared transcript as it grows: every message, the reply streaming now (token by
// token), edits made in review, who answered each person's step and the outcome they picked or
// how their words were read, an agent's tool calls as cards (their results in the cards, not
// as messages of their own), and how the run ended. In a fork, what was copied from the parent
// is marked "from the recording"; on a finished run an agent's reply can be re-run from there.
// Reads the run view in context.
import { nodeById, toolCallOf, type MessageReading, type NodeKind, type RunState, type TranscriptMessage } from "@tandem/shared";
import { memo, useState, type ReactNode } from "react";
import { useRunView, useRunViewStore } from "../run-view/context.js";
import { answeredNote } from "./answer.js";
import { actorLine } from "./people.js";
import { AgentIcon, EndIcon, ErrorIcon, PersonIcon, StartIcon } from "../ui/icons.js";
import { EditDiff } from "./EditDiff.js";
import { Markdown } from "./Markdown.js";
import { ModelWait } from "./ModelWait.js";
import { ReadingLine } from "./ReadingLine.js";
import { useRerun, type RerunTarget } from "./rerun.js";
import { AgentReply } from "./StructuredReply.js";
import { ToolCallCard } from "./ToolCallCard.js";
import { callsOf } from "./toolCalls.js";

const ICONS: Record<NodeKind, () => ReactNode> = {
  start: () => <StartIcon size={14} />,
  agent: () => <AgentIcon size={14} />,
  human: () => <PersonIcon size={14} />,
  end: () => <EndIcon size={14} />,
};

const kindOf = (state: RunState, nodeId: string): NodeKind => nodeById(state.flow, nodeId)?.type ?? "agent";

export function Transcript() {
  // The state is updated in place: the version says when to look again.
  useRunView((v) => v.version);
  // A replay (fed by no link) stands at the time of its cursor.
  const replayed = useRunView((v) => v.link === "idle");
  const state = useRunViewStore().getState().state;
  const rerun = useRerun();
  if (!state) return null;
  // A fork's events up to its fork point are its parent's, copied.
  const recordedUpTo = state.parent?.seq ?? 0;
  const { streaming, active } = state;
  const answers = answerers(state);
  const thinking = !streaming && active && state.nodes[active]?.status === "running" && kindOf(state, active) === "agent" && !toolsAtWork(state, active);
  return (
    <ol className="transcript" aria-label="Transcript">
      {state.messages.map((m) =>
        m.role === "tool" ? null : m.toolCalls?.length ? (
          <ToolTurn key={m.seq} state={state} message={m} recorded={m.seq <= recordedUpTo} />
        ) : (
          // Primitives, not the message: an edit in review changes the message object in place.
          <Message
            key={m.seq}
            seq={m.seq}
            name={m.name}
            content={m.content}
            original={m.original}
            outcome={m.outcome}
            reading={m.reading}
            kind={kindOf(state, m.nodeId)}
            by={answers.get(m.seq)}
            recorded={m.seq <= recordedUpTo}
            rerun={m.role === "assistant" && kindOf(state, m.nodeId) === "agent" ? rerun : null}
            nodeId={m.nodeId}
          />
        ),
      )}
      {streaming && (
        <li className="msg msg-agent is-streaming" data-streaming={streaming.nodeId}>
          <MessageHead kind="agent" name={nameOf(state, streaming.nodeId)} note="writing…" />
          <Markdown text={streaming.text} />
        </li>
      )}
      {thinking && (
        <li className="msg msg-agent is-thinking">
          <MessageHead kind="agent" name={nameOf(state, active)} note={<ModelWait retry={state.retry} now={replayed ? state.updatedAt : undefined} />} />
        </li>
      )}
      <Ending state={state} />
    </ol>
  );
}

const nameOf = (state: RunState, nodeId: string) => nodeById(state.flow, nodeId)?.data.name ?? nodeId;

const SETTLED = new Set(["done", "failed", "rejected"]);

/** Whether the node's latest turn still has calls to settle: then the tools are at work, not the model. */
function toolsAtWork(state: RunState, nodeId: string): boolean {
  return (state.nodes[nodeId]?.toolTurn ?? []).some((id) => !SETTLED.has(toolCallOf(state, id)?.status ?? "done"));
}

/** An agent's turn that called tools: whatever it said with them, then a card per call. */
function ToolTurn({ state, message, recorded }: { state: RunState; message: TranscriptMessage; recorded: boolean }) {
  const calls = callsOf(state, message);
  return (
    <li className="msg msg-agent msg-tools" data-seq={message.seq}>
      <MessageHead kind="agent" name={message.name} note={`calls ${calls.length === 1 ? "a tool" : `${calls.length} tools`}`} recorded={recorded} />
      {message.content.trim() && <AgentReply text={message.content} />}
      <div className="tool-calls">
        {calls.map((c) => (
          <ToolCallCard key={c.id} call={c} />
        ))}
      </div>
    </li>
  );
}

/** Who answered, by the seq of the answer (which is the seq of the message it wrote): "Ana (legal) · studio" where the answer names its actor. */
function answerers(state: RunState): Map<number, string> {
  const by = new Map<number, string>();
  for (const r of Object.values(state.requests)) {
    if (r.answerSeq !== undefined && r.answeredBy) by.set(r.answerSeq, r.actor ? actorLine(r.actor, r.assignees) : r.answeredBy);
  }
  return by;
}

function MessageHead({ kind, name, note, recorded }: { kind: NodeKind; name: string; note?: ReactNode; recorded?: boolean }) {
  return (
    <div className="msg-head">
      <span className={`msg-icon msg-icon-${kind}`}>{ICONS[kind]()}</span>
      <span className="msg-name">{name}</span>
      {note && <span className="msg-note">{note}</span>}
      {recorded && (
        <span className="msg-recorded" title="Copied from the run this one was forked from: no model was called again">
          from the recording
        </span>
      )}
    </div>
  );
}

interface MessageProps {
  seq: number;
  name: string;
  content: string;
  original: string | undefined;
  outcome: string | undefined;
  reading: MessageReading | undefined;
  kind: NodeKind;
  /** For a person's answer: who gave it. */
  by: string | undefined;
  /** Copied from the parent run (this run is a fork). */
  recorded: boolean;
  /** Offered on an agent's reply of a finished run. */
  rerun: ((target: RerunTarget) => void) | null;
  nodeId: string;
}

const Message = memo(function Message({ seq, name, content, original, outcome, reading, kind, by, recorded, rerun, nodeId }: MessageProps) {
  const [showChanges, setShowChanges] = useState(true);
  const edited = original !== undefined && original !== content;
  const note =
    by !== undefined ? (
      <span className="msg-by">{answeredNote(by)}</span>
    ) : (
      edited && (
        <button type="button" className="link-btn msg-edited" aria-expanded={showChanges} onClick={() => setShowChanges(!showChanges)}>
          edited in review · {showChanges ? "hide" : "show"} changes
        </button>
      )
    );
  return (
    <li className={`msg msg-${kind}`} data-seq={seq}>
      <MessageHead
        kind={kind}
        name={name}
        note={
          (outcome !== undefined || note) && (
            <>
              {outcome !== undefined && (
                <span className="msg-outcome">
                  picked <strong>{outcome}</strong>
                </span>
              )}
              {note}
            </>
          )
        }
        recorded={recorded}
      />
      {kind === "agent" ? <AgentReply text={content} /> : <Markdown text={content} />}
      {edited && showChanges && <EditDiff original={original} content={content} />}
      {reading && <ReadingLine reading={reading} />}
      {rerun && (
        <button type="button" className="link-btn msg-rerun" onClick={() => rerun({ nodeId, seq })}>
          Re-run from here
        </button>
      )}
    </li>
  );
});

function Ending({ state }: { state: RunState }) {
  if (state.finishStatus === "completed") {
    return (
      <li className="run-ending run-ending-completed" aria-label="Run output">
        <div className="run-ending-title">Run completed · output</div>
        {state.output ? <Markdown text={state.output} /> : <p className="muted">No output.</p>}
      </li>
    );
  }
  if (state.finishStatus === "failed") {
    const where = state.error?.nodeId ? `${nameOf(state, state.error.nodeId)} failed` : "The run failed";
    return (
      <li className="run-ending run-ending-failed" role="alert">
        <ErrorIcon size={16} />
        <div>
          <div className="run-ending-title">{where}</div>
          <p className="run-error-message">{state.error?.message ?? "No reason was recorded."}</p>
        </div>
      </li>
    );
  }
  if (state.finishStatus === "cancelled") return <li className="run-ending run-ending-cancelled">The run was cancelled.</li>;
  return null;
}
