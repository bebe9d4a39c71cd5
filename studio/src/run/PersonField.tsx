// "as [name]": the name this browser answers and decides as (person.ts), on every card that sends.
import { MAX_NAME, setPersonName, usePersonName, useSignedInName } from "./person.js";

/** `hintId`: the element that says why a name is needed, while there is none. */
export function PersonField({ hintId, label = "Answer as" }: { hintId: string; label?: string }) {
  const by = usePersonName();
  const signedIn = useSignedInName();
  const named = by.trim() !== "";
  // Signed in, the server records the account: nothing to type.
  if (signedIn !== undefined) return <span className="human-by">as {signedIn}</span>;
  return (
    <label className="human-by">
      as{" "}
      <input
        className="input"
        value={by}
        maxLength={MAX_NAME}
        onChange={(e) => setPersonName(e.target.value)}
        placeholder="your name"
        aria-label={label}
        aria-describedby={named ? undefined : hintId}
        aria-invalid={!named}
      />
    </label>
  );
}
