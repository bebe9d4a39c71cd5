// Reaching people when their tasks change: every stored event the engine observes that creates,
// claims, answers or escalates a task becomes a signed webhook, and a task asked of people (or
// escalated to them) becomes an email with each one's own answer link. Nothing here waits:
// the run goes on at once, whatever the collectors and the mail server do.
import { isAssignee, requestOf, type Assignment, type RunEvent, type Task } from "@tandem/shared";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import { tasksOf } from "../http/routes/tasks.js";
import type { AccountStore } from "../store/accounts.js";
import type { NotifyConfig, NotifyEvent } from "./config.js";
import type { AnswerLinks } from "./links.js";
import { taskMail, type Mailer, type MailReason } from "./mail.js";
import type { WebhookPayload, Webhooks } from "./webhooks.js";

export interface NotifierDeps {
  config: Pick<NotifyConfig, "publicUrl">;
  webhooks: Webhooks;
  links: AnswerLinks;
  /** Set when SMTP is configured. */
  mailer?: Mailer;
  /** The accounts, to find assignees' email addresses (none: no email). */
  people?: Pick<AccountStore, "listUsers">;
  logger?: Logger;
}

const KIND: Partial<Record<RunEvent["type"], NotifyEvent>> = {
  "human.requested": "task.created",
  "tool.approval.requested": "task.created",
  "task.claimed": "task.claimed",
  "human.responded": "task.answered",
  "tool.approved": "task.answered",
  "tool.rejected": "task.answered",
  "human.escalated": "task.escalated",
};

/** Starts notifying about the engine's events; returns the function that stops it. */
export function startNotifier(engine: Engine, deps: NotifierDeps): () => void {
  return engine.observe((event, state) => {
    const type = KIND[event.type];
    if (!type || !("requestId" in event)) return;
    const task = tasksOf(state).find((t) => t.requestId === event.requestId);
    const payload: WebhookPayload = {
      type,
      runId: state.runId,
      requestId: event.requestId,
      nodeId: event.nodeId,
      flowName: state.flow.name,
      ...(type === "task.created" && task ? { task: { ...task } } : {}),
      ...(event.type === "human.escalated" ? { task: { step: event.step, action: event.action, ...(event.assignees ? { assignees: event.assignees } : {}) } } : {}),
      ...("actor" in event && event.actor ? { actor: event.actor } : {}),
      at: event.at,
    };
    deps.webhooks.send(payload);
    if (!deps.mailer || !task) return;
    // Who is asked now, after any reassignment (the fold keeps it on the request).
    const assignees = requestOf(state, event.requestId)?.assignees;
    const reason = type === "task.created" ? "asked" : event.type === "human.escalated" && event.action !== "default" ? event.action : undefined;
    if (!reason) return;
    mailAssignees(deps, task, assignees, reason).catch((e: Error) => {
      deps.logger?.warn({ runId: task.runId, requestId: task.requestId, err: e.message }, "could not email the task's assignees");
    });
  });
}

/** One email, with one's own answer link, to each assigned person who has an address. */
async function mailAssignees(deps: NotifierDeps, task: Task, assignees: Assignment | undefined, reason: MailReason): Promise<void> {
  const { mailer, people, links, config, logger } = deps;
  if (!mailer || !people || !config.publicUrl) return;
  for (const user of await people.listUsers()) {
    if (!user.email || user.disabled || !isAssignee(assignees, user)) continue;
    const link = await links.create(task.runId, task.requestId, { userId: user.id, name: user.name }, config.publicUrl);
    mailer.send(taskMail(user.email, user.name, task, link, reason)).catch((e: Error) => {
      logger?.warn({ runId: task.runId, requestId: task.requestId, userId: user.id, err: e.message }, "could not send the task's email");
    });
  }
}
