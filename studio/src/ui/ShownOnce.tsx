// A secret just made (an API token, a deployment key), the only time it is shown: a field to
// copy it from, a Copy button, and Done to put it away.
import { useId } from "react";
import { copyText } from "./copy.js";

interface Props {
  /** "Token "laptop" is ready". */
  title: string;
  /** "token", "key": what the secret is called in the messages. */
  noun: string;
  secret: string;
  onDone: () => void;
}

export function ShownOnce({ title, noun, secret, onDone }: Props) {
  const titleId = useId();
  return (
    <section className="shown-once" aria-labelledby={titleId}>
      <h2 id={titleId} className="shown-once-title">
        {title}
      </h2>
      <p role="status">Copy it now: you will not see it again. Keep it like a password.</p>
      <div className="shown-once-row">
        <input className="input mono" readOnly value={secret} aria-label={`The new ${noun}`} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn" onClick={() => void copyText(secret, noun)}>
          Copy
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
