import type { Problem } from "@tandem/shared";
import { ErrorIcon, WarningIcon } from "../ui/icons.js";

/** The problems of the element being inspected, above its fields. */
export function ProblemList({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="inspector-problems" aria-label="Problems here">
      {problems.map((p, i) => (
        <li key={i} className={`problem problem-${p.severity}`}>
          {p.severity === "error" ? <ErrorIcon size={14} /> : <WarningIcon size={14} />}
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}
