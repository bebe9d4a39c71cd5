// Who answers over HTTP: the request's principal as the engine's Answerer (on an open server,
// the name the caller gives).
import type { Context } from "hono";
import { actorOf, personOf, principalOf } from "../../../auth/principal.js";
import type { Answerer } from "../../../engine/people.js";

export function answererOf(c: Context, by: string | undefined): Answerer {
  const principal = principalOf(c);
  return { actor: actorOf(principal, by ?? "someone (HTTP)"), person: personOf(principal) };
}
