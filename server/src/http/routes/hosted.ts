// The hosted page of a deployment, outside /api: GET /d/{token} (the page, `?embed=1` without its
// chrome), its script and style sheet under /d/assets/, and its JSON API under /d/{token}/api/.
// The share token is the credential. Every answer here carries the strict security headers,
// except that the page itself may be framed by the deployment's allowed origins.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Deployment } from "@tandem/shared";
import type { MiddlewareHandler } from "hono";
import { PAGE_ASSETS, pageAsset, type PageAsset } from "../../hosted/assets.js";
import { formOf } from "../../hosted/input.js";
import { hostedPage, pageNotFound } from "../../hosted/page.js";
import type { DeploymentStore } from "../../store/deployments.js";
import type { FlowStore } from "../../store/flows.js";
import { securityHeaders } from "../headers.js";
import { hostedApiRoutes, type HostedApiDeps } from "./hosted-api.js";

export interface HostedDeps extends HostedApiDeps {
  deployments: Pick<DeploymentStore, "byPageToken">;
  flows: Pick<FlowStore, "get">;
}

/** The deployment whose page this token opens, while the page is on. */
export const openPage = async (deps: Pick<HostedDeps, "deployments">, token: string): Promise<Deployment | undefined> => {
  const d = await deps.deployments.byPageToken(token);
  return d?.pageEnabled ? d : undefined;
};

/** Whether a path is the hosted pages' (the app's own security headers leave them to these routes). */
export const isHostedPath = (path: string) => path === "/d" || path.startsWith("/d/");

const PAGE_PATH = /^\/d\/([^/]+)\/?$/;

export function hostedRoutes(deps: HostedDeps) {
  // The page may be framed where its deployment allows; everything else here by nobody.
  const headers: MiddlewareHandler = async (c, next) => {
    const token = PAGE_PATH.exec(c.req.path)?.[1];
    const d = token && c.req.method === "GET" ? await openPage(deps, token) : undefined;
    return securityHeaders(d?.allowedOrigins ?? [])(c, next);
  };
  const app = new OpenAPIHono().use("*", headers);
  for (const name of Object.keys(PAGE_ASSETS) as PageAsset[]) {
    app.get(`/assets/${name}`, (c) => c.body(pageAsset(name), 200, { "content-type": PAGE_ASSETS[name], "cache-control": "no-cache" }));
  }
  app.get("/:token", async (c) => {
    const d = await openPage(deps, c.req.param("token"));
    const saved = d && (await deps.flows.get(d.flowId, d.version));
    if (!d || !saved) return c.html(pageNotFound(), 404);
    const embed = c.req.query("embed") === "1";
    return c.html(hostedPage({ token: c.req.param("token"), title: saved.flow.name, description: d.description || saved.flow.description || "", fields: formOf(saved.flow), embed }));
  });
  app.route("/", hostedApiRoutes(deps));
  // Anything else under /d/ is not the studio's either.
  app.all("*", (c) => c.html(pageNotFound(), 404));
  return app;
}
