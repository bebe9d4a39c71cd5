// Email through the operator's SMTP server (nodemailer): a task's answer link when it is asked,
// a reminder or a reassignment when it escalates. Plain text, so any mail client shows it.
import type { Task } from "@tandem/shared";
import type { SmtpConfig } from "./config.js";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Sends one email; rejects with the server's reason (never the password). */
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(smtp: SmtpConfig, env: (name: string) => string | undefined): Mailer {
  const user = smtp.userEnv ? env(smtp.userEnv) : undefined;
  const pass = smtp.passEnv ? env(smtp.passEnv) : undefined;
  // Loaded only when email is configured: every command of the CLI opens the runtime.
  const transport = import("nodemailer").then(({ default: nodemailer }) =>
    nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: smtp.secure, ...(user ? { auth: { user, pass } } : {}) }),
  );
  return {
    send: async (mail) => void (await (await transport).sendMail({ from: smtp.from, ...mail })),
    close: () => void transport.then((t) => t.close()),
  };
}

/** Why this email is sent: the task was asked, or one of its escalation steps fired. */
export type MailReason = "asked" | "remind" | "reassign";

const SUBJECT: Record<MailReason, string> = {
  asked: "Your answer is needed",
  remind: "Reminder: your answer is still needed",
  reassign: "Passed on to you: your answer is needed",
};

/** The email that asks `name` to answer `task` through `link`. */
export function taskMail(to: string, name: string, task: Task, link: { url: string; expiresAt: number }, reason: MailReason): Mail {
  const lines = [
    `Hello ${name},`,
    "",
    `${task.flowName} (${task.nodeName}) asks:`,
    task.instructions,
    "",
    ...(task.outcomes.length ? [`Choices: ${task.outcomes.map((o) => o.name).join(", ")}`, ""] : []),
    `Answer here (the link is yours alone, works once, until ${new Date(link.expiresAt).toUTCString()}):`,
    link.url,
  ];
  return { to, subject: `${SUBJECT[reason]}: ${task.flowName}, ${task.nodeName}`, text: lines.join("\n") };
}
