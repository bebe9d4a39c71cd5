// Who did something, as the audit and the replay inspector show it: the name, how it reached
// Tandem, and whether an admin answered what was not theirs; nobody is Tandem itself (a timer).
import type { Actor } from "@tandem/shared";

export function ActorLabel({ actor }: { actor: Actor | null }) {
  if (!actor) return <span className="actor muted">Tandem (timer)</span>;
  return (
    <span className="actor">
      <strong className="actor-name">{actor.name}</strong> <span className="muted small">via {actor.via}</span>
      {actor.asAdmin && <span className="badge badge-warning">as admin</span>}
    </span>
  );
}
