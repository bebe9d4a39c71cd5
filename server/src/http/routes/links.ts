// Answer links over HTTP: operators make one for a person (POST /api/runs/{id}/requests/{requestId}/links),
// and the person answers through it (POST /api/links/{token}/answer, or the answer page's form
// under /answer/{token}). A link is its own credential: it answers its one request and nothing else.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { LinkError, type AnswerLinks } from "../../notify/links.js";
import type { AccountStore } from "../../store/accounts.js";
import { ApiError, toApiError } from "../errors.js";
import { body, errorResponses, json, pathParam } from "../schemas.js";
import { answerPage, answeredPage, refusedPage } from "./answer-page.js";
import { HumanAnswerSchema, RunEventSchema } from "./runs/schemas.js";

export interface LinkRoutesDeps {
  links: AnswerLinks;
  /** Where people reach the server; default: where this request came in. */
  publicUrl?: string;
  /** The accounts, to make a link for a user by username. */
  people?: Pick<AccountStore, "userByName">;
}

const LINK_STATUS = { link_invalid: 403, link_expired: 410, link_used: 409 } as const;

/** A refused link as the API's error. */
function linkApiError(e: unknown): unknown {
  return e instanceof LinkError ? new ApiError(LINK_STATUS[e.code], e.code, e.message) : e;
}

const tokenParam = z.string().min(1).max(4000).openapi({ param: { name: "token", in: "path" } });

const create = createRoute({
  method: "post",
  path: "/{id}/requests/{requestId}/links",
  summary: "A signed, expiring, single-use link for one person to answer this request without an account",
  request: {
    params: z.object({ id: pathParam("id"), requestId: pathParam("requestId") }),
    body: body(
      z
        .object({
          username: z.string().min(1).max(100).optional().openapi({ description: "The user the link is for" }),
          name: z.string().trim().min(1).max(100).optional().openapi({ description: "Or the name of a person without an account" }),
        })
        .strict()
        .refine((b) => (b.username === undefined) !== (b.name === undefined), { message: "give username or name (one of them)", path: ["username"] }),
    ),
  },
  responses: {
    201: json(z.object({ url: z.string(), expiresAt: z.number().openapi({ description: "epoch ms" }) }).openapi("AnswerLink"), "The link"),
    ...errorResponses(404, 409, 422),
  },
});

const answer = createRoute({
  method: "post",
  path: "/{token}/answer",
  summary: "Answers the link's one request as the link's person (once)",
  description: 'On an approval, outcome "approve" or "reject" (text: the reason). 403 link_invalid, 410 link_expired, 409 link_used or already_answered.',
  security: [],
  request: { params: z.object({ token: tokenParam }), body: body(HumanAnswerSchema) },
  responses: {
    200: json(z.object({ accepted: z.literal(true), event: RunEventSchema }), "Taken"),
    ...errorResponses(403, 404, 409, 422),
  },
});

/** POST /api/runs/{id}/requests/{requestId}/links */
export function linkCreateRoutes(deps: LinkRoutesDeps) {
  return new OpenAPIHono().openapi(create, async (c) => {
    const { id, requestId } = c.req.valid("param");
    const { username, name } = c.req.valid("json");
    let person: { userId?: string; name: string } = { name: name! };
    if (username !== undefined) {
      const user = await deps.people?.userByName(username);
      if (!user) throw new ApiError(422, "unknown_user", deps.people ? `there is no user "${username}"` : "this server has no accounts: give the person's name", "username");
      person = { userId: user.id, name: user.name };
    }
    return c.json(await deps.links.create(id, requestId, person, deps.publicUrl ?? new URL(c.req.url).origin), 201);
  });
}

/** POST /api/links/{token}/answer */
export function linkAnswerRoutes(deps: LinkRoutesDeps) {
  return new OpenAPIHono().openapi(answer, async (c) => {
    const { token } = c.req.valid("param");
    try {
      return c.json({ accepted: true as const, event: await deps.links.answer(token, c.req.valid("json")) }, 200);
    } catch (e) {
      throw linkApiError(e);
    }
  });
}

/** GET and POST /answer/{token}: the answer page, and what its form posts. */
export function answerPageRoutes(deps: LinkRoutesDeps) {
  const refused = (c: Context, e: unknown) => {
    const known = toApiError(linkApiError(e));
    if (!known) throw e;
    return c.html(refusedPage(known.message), known.status);
  };
  return new OpenAPIHono()
    .get("/:token", async (c) => {
      try {
        const { link, task, message } = await deps.links.open(c.req.param("token"));
        return c.html(answerPage(task, link.person.name, message));
      } catch (e) {
        return refused(c, e);
      }
    })
    .post("/:token", async (c) => {
      const form = await c.req.parseBody();
      const field = (name: string) => (typeof form[name] === "string" && form[name] !== "" ? (form[name] as string) : undefined);
      try {
        const answer = { outcome: field("outcome"), text: field("text"), edit: field("edit") };
        const event = await deps.links.answer(c.req.param("token"), answer);
        return c.html(answeredPage(event));
      } catch (e) {
        return refused(c, e);
      }
    });
}
