// While a run is paused: what the next node will receive. For an agent that is exactly what
// the model is sent (its system message, then the transcript as chatMessages builds it).
import { chatMessages, nodeById, type FlowNode, type RunState } from "@tandem/shared";
import { useRunView, useRunViewStore } from "../run-view/context.js";

export function NextInputPanel() {
  useRunView((v) => v.version);
  const state = useRunViewStore().getState().state;
  if (state?.status !== "paused" || !state.pausedBefore) return null;
  const node = nodeById(state.flow, state.pausedBefore);
  if (!node) return null;
  return (
    <section className="next-input" aria-label="Next input">
      <h2 className="next-input-title">
        Paused before <strong>{node.data.name}</strong>
      </h2>
      <NextFor node={node} state={state} />
    </section>
  );
}

function NextFor({ node, state }: { node: FlowNode; state: RunState }) {
  const last = state.messages[state.messages.length - 1];
  switch (node.type) {
    case "agent": {
      const messages = chatMessages(node.data.systemMessage, node.data.name, state.messages);
      return (
        <>
          <p className="muted small">
            <code>{node.data.model}</code>
            {node.data.temperature !== undefined && ` · temperature ${node.data.temperature}`} · {messages.length} message{messages.length === 1 ? "" : "s"} will be sent:
          </p>
          <ol className="next-messages">
            {messages.map((m, i) => (
              <li key={i} className={`next-message next-${m.role}`}>
                <span className="next-role">
                  {m.role}
                  {m.name && m.name !== m.role && ` · ${m.name}`}
                </span>
                <pre className="next-content">{m.content}</pre>
              </li>
            ))}
          </ol>
        </>
      );
    }
    case "human":
      return (
        <p className="small">
          A person will be asked{node.data.instructions ? `: “${node.data.instructions}”` : ""}
          {node.data.outcomes.length > 0 && ` — outcomes: ${node.data.outcomes.map((o) => o.name).join(", ")}`}
          {last && `, reviewing ${last.name}'s last message`}.
        </p>
      );
    case "end":
      return <p className="small">The run will finish; its output is the last agent message.</p>;
    case "start":
      return <p className="small">The run's input becomes the first message.</p>;
  }
}
