// Why a form of the evaluation pages was refused, naming the field.
import { ApiError } from "../api/client.js";
import { errorText } from "./errorText.js";

export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        {errorText(error)}
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
