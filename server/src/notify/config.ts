// The operator's notification settings: where webhooks go and with which secret, how email is
// sent, the public address answer links point at. Read from a file the operator controls
// ($TANDEM_NOTIFY, else ./tandem.notify.json), never from a flow; secrets by variable name only.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatPath } from "@tandem/shared";
import { z } from "zod";

/** What a webhook is told about; every kind when a webhook names none. */
export const NOTIFY_EVENTS = ["task.created", "task.claimed", "task.answered", "task.escalated"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export interface WebhookConfig {
  url: string;
  /** The name of the environment variable that holds the signing secret. */
  secretEnv: string;
  events: NotifyEvent[];
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  from: string;
  userEnv?: string;
  passEnv?: string;
}

export interface NotifyConfig {
  /** The file it was read from; undefined when there is none. */
  file?: string;
  /** Where people reach this server (answer links start with it), no trailing slash. */
  publicUrl?: string;
  webhooks: WebhookConfig[];
  smtp?: SmtpConfig;
  linkTtlHours: number;
  /** An environment variable's value now (secrets are read when used, never stored here). */
  env(name: string): string | undefined;
}

/** A notification configuration that cannot be used; the message names the file and the field. */
export class NotifyConfigError extends Error {
  /** The CLI says the message alone (no stack): it is the operator's to fix. */
  readonly cliError = true;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field ? `${field}: ` : ""}${problem}`);
    this.name = "NotifyConfigError";
  }
}

const ENV_NAME = z.string({ error: "expected an environment variable name" }).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name");
const URL = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

const File = z.strictObject({
  publicUrl: URL.optional(),
  webhooks: z
    .array(
      z.strictObject({
        url: URL,
        secretEnv: ENV_NAME,
        events: z.array(z.enum(NOTIFY_EVENTS, { error: `expected one of ${NOTIFY_EVENTS.join(", ")}` })).min(1, "name at least one event, or leave it out").optional(),
      }),
      { error: "expected a list of webhooks" },
    )
    .default([]),
  smtp: z
    .strictObject({
      host: z.string({ error: "expected a host name" }).min(1, "expected a host name"),
      port: z.number({ error: "expected a port number" }).int("expected a port number").min(1, "expected a port number").max(65535, "expected a port number"),
      secure: z.boolean({ error: "expected true or false" }).default(false),
      from: z.string({ error: "expected an address" }).min(3, "expected an address"),
      userEnv: ENV_NAME.optional(),
      passEnv: ENV_NAME.optional(),
    })
    .optional(),
  linkTtlHours: z.number({ error: "expected a number of hours" }).positive("expected a number of hours above 0").max(24 * 90, "at most 2160 hours (90 days)").default(72),
});

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** $TANDEM_NOTIFY, else tandem.notify.json in cwd if there is one, else nothing to notify. */
export function loadNotifyConfig(options: LoadOptions = {}): NotifyConfig {
  const env = options.env ?? process.env;
  const named = env.TANDEM_NOTIFY;
  const file = resolve(options.cwd ?? process.cwd(), named || "tandem.notify.json");
  if (!named && !existsSync(file)) return parseNotifyConfig({}, env);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new NotifyConfigError(file, "", code ? `cannot be read (${code}; it is named by TANDEM_NOTIFY)` : `is not JSON (${(e as Error).message})`);
  }
  return parseNotifyConfig(json, env, file);
}

/** Checks a parsed file; throws NotifyConfigError naming the first bad field. */
export function parseNotifyConfig(json: unknown, env: NodeJS.ProcessEnv, file?: string): NotifyConfig {
  const result = File.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues.find((i) => i.code === "unrecognized_keys") ?? result.error.issues[0]!;
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
    const problem = issue.code === "unrecognized_keys" ? "unknown field" : issue.code === "invalid_type" && issue.expected === "object" ? "expected an object" : issue.message;
    throw new NotifyConfigError(file ?? "notification configuration", formatPath(path), problem);
  }
  const { publicUrl, webhooks, smtp, linkTtlHours } = result.data;
  const where = file ?? "notification configuration";
  if (smtp && !publicUrl) throw new NotifyConfigError(where, "publicUrl", "is needed with smtp: emails carry answer links");
  // A secret that is not there is a mistake to fix now, not a failure on the first notification.
  const unset = (name: string | undefined, field: PropertyKey[]) => {
    if (name !== undefined && !env[name]) throw new NotifyConfigError(where, formatPath(field), `the environment variable ${name} is not set`);
  };
  webhooks.forEach((w, i) => unset(w.secretEnv, ["webhooks", i, "secretEnv"]));
  unset(smtp?.userEnv, ["smtp", "userEnv"]);
  unset(smtp?.passEnv, ["smtp", "passEnv"]);
  return {
    file,
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, "") } : {}),
    webhooks: webhooks.map((w) => ({ url: w.url, secretEnv: w.secretEnv, events: w.events ?? [...NOTIFY_EVENTS] })),
    ...(smtp ? { smtp } : {}),
    linkTtlHours,
    env: (name) => env[name],
  };
}
