// Below a decision card's buttons: the name it asks for until there is one (`id`, what the name
// field points to), and why the server refused the decision.
export function DecideNotes({ id, named, error }: { id: string; named: boolean; error: string | null }) {
  return (
    <>
      {!named && (
        <p id={id} className="human-name-hint">
          Enter your name to decide: it is recorded with your decision and kept in this browser.
        </p>
      )}
      {error && (
        <p className="human-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
