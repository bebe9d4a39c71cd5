// The run's shared transcript as it grows: every message, the reply streaming now (token by
// token), edits made in review, and how the run ended. Reads the run view in context.
import { nodeById, type NodeKind, type RunState } from "@tandem/shared";
import { memo, useState, type ReactNode } from "react";
import { useRunView, useRunViewStore } from "../run-view/context.js";
import { AgentIcon, EndIcon, ErrorIcon, PersonIcon, StartIcon } from "../ui/icons.js";
import { EditDiff } from "./EditDiff.js";
import { Markdown } from "./Markdown.js";
import { ModelWait } from "./ModelWait.js";
import { AgentReply } from "./StructuredReply.js";

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
  if (!state) return null;
  const { streaming, active } = state;
  const thinking = !streaming && active && state.nodes[active]?.status === "running" && kindOf(state, active) === "agent";
  return (
    <ol className="transcript" aria-label="Transcript">
      {state.messages.map((m) => (
        // Primitives, not the message: an edit in review changes the message object in place.
        <Message key={m.seq} seq={m.seq} name={m.name} content={m.content} original={m.original} kind={kindOf(state, m.nodeId)} />
      ))}
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

function MessageHead({ kind, name, note }: { kind: NodeKind; name: string; note?: ReactNode }) {
  return (
    <div className="msg-head">
      <span className={`msg-icon msg-icon-${kind}`}>{ICONS[kind]()}</span>
      <span className="msg-name">{name}</span>
      {note && <span className="msg-note">{note}</span>}
    </div>
  );
}

interface MessageProps {
  seq: number;
  name: string;
  content: string;
  original: string | undefined;
  kind: NodeKind;
}

const Message = memo(function Message({ seq, name, content, original, kind }: MessageProps) {
  const [showChanges, setShowChanges] = useState(true);
  const edited = original !== undefined && original !== content;
  const note = edited && (
    <button type="button" className="link-btn msg-edited" aria-expanded={showChanges} onClick={() => setShowChanges(!showChanges)}>
      edited in review · {showChanges ? "hide" : "show"} changes
    </button>
  );
  return (
    <li className={`msg msg-${kind}`} data-seq={seq}>
      <MessageHead kind={kind} name={name} note={note} />
      {kind === "agent" ? <AgentReply text={content} /> : <Markdown text={content} />}
      {edited && showChanges && <EditDiff original={original} content={content} />}
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
