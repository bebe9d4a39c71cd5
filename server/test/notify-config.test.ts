// The notification configuration: defaults, and each mistake named by its field (never a
// secret's value), before anything is sent.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadNotifyConfig, NOTIFY_EVENTS, parseNotifyConfig } from "../src/notify/config.js";
import { tempDir } from "./helpers/cli.js";

const env = { HOOK_SECRET: "s3cr3t-value-for-hooks", SMTP_PASS: "smtp-pass-value" };
const error = (json: unknown, e: NodeJS.ProcessEnv = env) => {
  try {
    parseNotifyConfig(json, e, "/etc/tandem.notify.json");
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected an error");
};

describe("notification configuration", () => {
  test("no file: nothing to notify, links last 72 hours", () => {
    const config = loadNotifyConfig({ env: {}, cwd: tempDir() });
    expect(config).toMatchObject({ file: undefined, webhooks: [], linkTtlHours: 72 });
    expect(config.smtp).toBeUndefined();
  });

  test("a file named by TANDEM_NOTIFY is read; a webhook naming no events gets every kind", () => {
    const dir = tempDir();
    const file = join(dir, "n.json");
    writeFileSync(file, JSON.stringify({ publicUrl: "https://tandem.example.com/", webhooks: [{ url: "https://hooks.example.com/t", secretEnv: "HOOK_SECRET" }] }));
    const config = loadNotifyConfig({ env: { ...env, TANDEM_NOTIFY: file }, cwd: dir });
    expect(config.publicUrl).toBe("https://tandem.example.com");
    expect(config.webhooks).toEqual([{ url: "https://hooks.example.com/t", secretEnv: "HOOK_SECRET", events: [...NOTIFY_EVENTS] }]);
    expect(config.env("HOOK_SECRET")).toBe(env.HOOK_SECRET);
  });

  test.each([
    [{ webhooks: [{ url: "ftp://x", secretEnv: "HOOK_SECRET" }] }, "webhooks[0].url: expected an http:// or https:// URL"],
    [{ webhooks: [{ url: "https://x.example", secretEnv: "MISSING_SECRET" }] }, "webhooks[0].secretEnv: the environment variable MISSING_SECRET is not set"],
    [{ webhooks: [{ url: "https://x.example", secret: "inline" }] }, "webhooks[0].secret: unknown field"],
    [{ webhooks: [{ url: "https://x.example", secretEnv: "HOOK_SECRET", events: ["task.deleted"] }] }, "webhooks[0].events[0]: expected one of task.created"],
    [{ smtp: { host: "mail", port: 25, from: "tandem@example.com" } }, "publicUrl: is needed with smtp"],
    [{ publicUrl: "https://t.example", smtp: { host: "mail", port: 0, from: "t@example.com" } }, "smtp.port: expected a port number"],
    [{ publicUrl: "https://t.example", smtp: { host: "mail", port: 25, from: "t@example.com", passEnv: "NOPE" } }, "smtp.passEnv: the environment variable NOPE is not set"],
    [{ linkTtlHours: 0 }, "linkTtlHours: expected a number of hours above 0"],
    [[], "expected an object"],
  ])("%j is refused naming the field", (json, message) => {
    const e = error(json);
    expect(e).toContain(`/etc/tandem.notify.json: ${message}`);
    for (const secret of Object.values(env)) expect(e).not.toContain(secret);
  });

  test("a file that is not JSON says so", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "tandem.notify.json"), "{ nope");
    expect(() => loadNotifyConfig({ env: {}, cwd: dir })).toThrow(/tandem\.notify\.json: is not JSON/);
  });
});
