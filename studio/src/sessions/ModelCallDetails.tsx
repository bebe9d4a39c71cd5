// A model call in the inspector: model, parameters, every message sent, the reply, tokens (prompt,
// cached, completion), cost, why it stopped, latency and retries, and the tools it called.
import type { ChatMessage } from "@tandem/shared";
import { useState } from "react";
import { STOP_REASON_LABEL } from "../run-view/labels.js";
import { costText } from "../ui/cost.js";
import { formatMs } from "../ui/time.js";
import type { ModelCall } from "./modelCall.js";

/** The latest messages sent are listed, this many more on each request: a late call in a long run was sent thousands. */
const SHOWN_STEP = 20;

export function ModelCallDetails({ call, onSeek }: { call: ModelCall; onSeek: (seq: number) => void }) {
  const { request, response, retries, messages } = call;
  const usage = response?.usage;
  const [shown, setShown] = useState(SHOWN_STEP);
  const system = messages[0]?.role === "system" ? messages[0] : undefined;
  const rest = system ? messages.slice(1) : messages;
  const hidden = Math.max(rest.length - shown, 0);
  return (
    <section className="model-call" aria-label="Model call">
      <dl className="facts">
        <dt>Model</dt>
        <dd className="mono">{request.model}</dd>
        <dt>Parameters</dt>
        <dd className="mono">{Object.keys(request.params).length ? JSON.stringify(request.params) : "defaults"}</dd>
        <dt>Tokens</dt>
        <dd>{usage ? `${usage.promptTokens} in (${usage.cachedPromptTokens ?? 0} cached) · ${usage.completionTokens} out` : "—"}</dd>
        <dt>Cost</dt>
        <dd>{costText(response?.costUsd)}</dd>
        <dt>Stop reason</dt>
        <dd>{response?.stopReason ? STOP_REASON_LABEL[response.stopReason] : "—"}</dd>
        <dt>Latency</dt>
        <dd>{response ? formatMs(response.latencyMs) : "no reply"}</dd>
        <dt>Retries</dt>
        <dd>{response?.retries ?? retries.length}</dd>
      </dl>
      {retries.length > 0 && (
        <ul className="retries">
          {retries.map((r) => (
            <li key={r.seq}>
              <button type="button" className="link-btn mono" onClick={() => onSeek(r.seq)}>
                #{r.seq}
              </button>{" "}
              attempt {r.attempt}: {r.error} (waited {formatMs(r.delayMs)})
            </li>
          ))}
        </ul>
      )}
      <h3 className="inspector-subtitle">
        Messages sent <span className="muted">({messages.length})</span>
      </h3>
      <ol className="chat-messages">
        {system && <SentMessage message={system} />}
        {hidden > 0 && (
          <li className="chat-more">
            <button type="button" className="link-btn small" onClick={() => setShown(shown + SHOWN_STEP * 5)}>
              {hidden} earlier message{hidden === 1 ? "" : "s"} · show more
            </button>
          </li>
        )}
        {rest.slice(hidden).map((m, i) => (
          <SentMessage key={hidden + i} message={m} />
        ))}
      </ol>
      <h3 className="inspector-subtitle">Reply</h3>
      {response ? (
        <>
          {(response.content || !response.toolCalls?.length) && <pre className="message-text">{response.content}</pre>}
          {response.toolCalls?.length ? (
            <ul className="chat-tool-calls" aria-label="Tools called">
              {response.toolCalls.map((c) => (
                <li key={c.id}>
                  <span className="mono">{c.name}</span> <code className="small">{c.arguments}</code>
                </li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="link-btn small" onClick={() => onSeek(response.seq)}>
            Go to the reply (event {response.seq})
          </button>
        </>
      ) : (
        <p className="muted">No reply was recorded for this call.</p>
      )}
    </section>
  );
}

/** Long messages start folded, so the list of what was sent stays readable. */
function SentMessage({ message }: { message: ChatMessage }) {
  // A turn that only called tools has no text.
  const text = message.content ?? "";
  const long = text.length > 400;
  const [open, setOpen] = useState(!long);
  return (
    <li className={`chat-message chat-${message.role}`}>
      <div className="chat-head">
        <span className="chip">{message.role}</span>
        {message.name && message.name !== message.role && <span className="mono small">{message.name}</span>}
        {long && (
          <button type="button" className="link-btn small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "Fold" : `Show all ${text.length} characters`}
          </button>
        )}
      </div>
      <pre className="message-text">{open ? text : `${text.slice(0, 300)}…`}</pre>
    </li>
  );
}
