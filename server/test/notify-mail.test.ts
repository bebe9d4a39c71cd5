// Email over SMTP, against a real SMTP server (smtp-server) on a free port, each message read
// back with mailparser: a question assigned to people sends each assignee with an address an
// email with their own answer link, and that link answers as them. The SMTP password appears
// in no log line.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createLogger } from "../src/http/logging.js";
import { startServer, type RunningServer } from "../src/http/serve.js";
import { parseNotifyConfig } from "../src/notify/config.js";
import type { StoredUser } from "../src/store/accounts.js";
import { tempDir } from "./helpers/cli.js";
import { freePort } from "./helpers/free-port.js";
import { client, eventually, reviewFlow } from "./helpers/runs-api.js";

const SMTP_PASS = "smtp-password-0123456789";

const user = (username: string, name: string, roles: string[], email?: string): StoredUser => ({
  id: `u-${username}`,
  username,
  name,
  roles,
  createdAt: 0,
  passwordHash: "unused",
  ...(email ? { email } : {}),
});
const USERS = [
  user("ana", "Ana", ["designer"], "ana@example.com"),
  user("lee", "Lee", ["legal"], "lee@example.com"),
  user("cat", "Cat", ["legal"]),
  user("bob", "Bob", ["operator"], "bob@example.com"),
];

const received: ParsedMail[] = [];
let smtp: SMTPServer;
let server: RunningServer;
const logLines: string[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth: (auth, _session, cb) => (auth.username === "tandem" && auth.password === SMTP_PASS ? cb(null, { user: "tandem" }) : cb(new Error("bad login"))),
    onData: (stream, _session, cb) => {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const port = await freePort();
  const config = parseNotifyConfig(
    { publicUrl: `http://127.0.0.1:${port}`, smtp: { host: "127.0.0.1", port: smtpPort, from: "tandem@example.com", userEnv: "SMTP_USER", passEnv: "SMTP_PASS" } },
    { SMTP_USER: "tandem", SMTP_PASS },
  );
  server = await startServer({
    port,
    host: "127.0.0.1",
    dataDir: tempDir(),
    logger: createLogger({ write: (line) => void logLines.push(line) }),
    notify: { config, people: { listUsers: async () => USERS } },
  });
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => smtp?.close(() => r()));
});

test("each assignee with an address gets an email with their own working answer link", async () => {
  const api = client(server.url);
  const flow = reviewFlow({ script: ["The contract, revised."], name: "Contract review" });
  (flow.nodes[2]!.data as Record<string, unknown>).assignees = { users: ["ana"], roles: ["legal"] };
  const id = await api.start(flow, "review the contract");
  const { pending } = (await api.until(id, (s) => s.status === "waiting")).state;

  const mails = await eventually(() => received.length >= 2 && received, 10_000, "two emails");
  const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.text;
  expect(mails.map(to).sort()).toEqual(["ana@example.com", "lee@example.com"]);
  const urls = new Map(mails.map((m) => [to(m), /http:\/\/\S+\/answer\/\S+/.exec(m.text ?? "")?.[0]]));
  for (const m of mails) {
    expect(m.from?.text).toBe("tandem@example.com");
    expect(m.subject).toBe("Your answer is needed: Contract review, reviewer");
    expect(m.text).toContain("Approve or ask for a revision.");
    expect(m.text).toContain("Choices: approve, revise");
  }
  const ana = urls.get("ana@example.com")!;
  const lee = urls.get("lee@example.com")!;
  expect(ana.startsWith(`${server.url}/answer/`)).toBe(true);
  expect(ana).not.toBe(lee);

  const page = await fetch(ana);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("For Ana.");

  const answered = await fetch(lee, { method: "POST", body: new URLSearchParams({ outcome: "approve" }) });
  expect(answered.status).toBe(200);
  const { events } = await api.until(id, (s) => s.status === "completed");
  expect(events.find((e) => e.type === "human.responded")).toMatchObject({ requestId: pending.requestId, outcome: "approve", by: "Lee", actor: { name: "Lee", via: "link" } });
  // The other person's link is for the same request: answered now, it is refused.
  expect((await fetch(ana)).status).toBe(409);

  expect(received).toHaveLength(2);
  expect(logLines.join("")).not.toContain(SMTP_PASS);
});
