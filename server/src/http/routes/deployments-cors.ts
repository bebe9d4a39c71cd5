// Browsers calling a deployment's endpoint from another site: an origin the deployment allows
// gets CORS headers (and its preflight an answer); any other foreign origin is refused, as it
// is on every other route (http/security.ts), whether the deployment exists or not.
import type { ServerResponse } from "node:http";
import type { MiddlewareHandler } from "hono";
import type { DeploymentStore } from "../../store/deployments.js";
import { ApiError } from "../errors.js";

const RUNS_PATH = /^\/api\/deployments\/([^/]+)\/runs(?:\/|$)/;

/** A deployment's endpoint: its runs, their status and their events. */
export const isDeploymentRunsPath = (path: string) => RUNS_PATH.test(path);

export function deploymentCors(deployments: Pick<DeploymentStore, "get">): MiddlewareHandler {
  return async (c, next) => {
    const name = RUNS_PATH.exec(c.req.path)?.[1];
    const origin = c.req.header("origin");
    if (name === undefined || origin === undefined || origin.toLowerCase() === `http://${(c.req.header("host") ?? "").toLowerCase()}`) return next();
    if (!(await deployments.get(name))?.allowedOrigins.includes(origin)) {
      throw new ApiError(403, "forbidden_origin", `cross-origin ${c.req.method} from ${origin} refused: it is not among the deployment's allowed origins`);
    }
    const headers = { "access-control-allow-origin": origin, vary: "Origin", "access-control-expose-headers": "Retry-After" };
    if (c.req.method === "OPTIONS") {
      return c.body(null, 204, {
        ...headers,
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "authorization, content-type, last-event-id",
        "access-control-max-age": "600",
      });
    }
    // On Node's response itself, so that an event stream (written straight to it) has them too.
    const res = (c.env as { outgoing: ServerResponse }).outgoing;
    for (const [header, value] of Object.entries(headers)) res.setHeader(header, value);
    await next();
  };
}
