// A fallback request's part of the human card: what went wrong (the node that failed or is stuck,
// and the message), and what the person can do about it: run that node again, answer in its
// place (routing goes on from it), or fail the run. The node's own outcomes route elsewhere.
import type { HumanAnswer, RunProblem } from "@tandem/shared";
import { useId, useState } from "react";
import { ErrorIcon } from "../ui/icons.js";

interface Props {
  problem: RunProblem;
  /** The failed node's name. */
  nodeName: string;
  disabled: boolean;
  onSend: (answer: HumanAnswer) => void;
}

export function FallbackActions({ problem, nodeName, disabled, onSend }: Props) {
  const id = useId();
  const [answering, setAnswering] = useState(false);
  const [text, setText] = useState("");
  return (
    <div className="fallback" role="group" aria-label="What went wrong">
      <p className="fallback-what">
        <ErrorIcon size={16} />
        <span>
          <strong>{nodeName}</strong> {problem.kind === "error" ? "failed" : "is stuck"}: {problem.message}
          {problem.code && <code className="fallback-code">{problem.code}</code>}
        </span>
      </p>
      <div className="human-actions">
        <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => onSend({ fallback: "retry" })}>
          Retry
        </button>
        <button type="button" className="btn" disabled={disabled} aria-expanded={answering} onClick={() => setAnswering(!answering)}>
          Answer instead
        </button>
        <button type="button" className="btn btn-danger" disabled={disabled} onClick={() => onSend({ fallback: "fail" })}>
          Fail the run
        </button>
      </div>
      {answering && (
        <div className="field">
          <label htmlFor={`${id}-instead`}>{nodeName}'s reply (the run goes on from {nodeName} with it)</label>
          <textarea id={`${id}-instead`} className="input" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="button" className="btn btn-primary btn-sm" disabled={disabled || !text.trim()} onClick={() => onSend({ fallback: "instead", text })}>
            Send as {nodeName}'s reply
          </button>
        </div>
      )}
    </div>
  );
}
