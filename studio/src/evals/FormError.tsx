// Why a form of the evaluation pages was refused, naming the field when the server named one.
import { ApiError } from "../api/client.js";

export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const field = error instanceof ApiError && error.path ? error.path : null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        {field && <code>{field}</code>} {(error as Error).message}
        {error instanceof ApiError && error.problems && error.problems.length > 0 && (
          <ul className="alert-list">
            {error.problems.slice(0, 12).map((p, i) => (
              <li key={i}>
                <code>{p.path || "(file)"}</code> {p.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
