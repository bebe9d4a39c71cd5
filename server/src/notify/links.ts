// Answer links: a signed, expiring, single-use token that lets one person answer one request
// without an account. The token is base64url(JSON payload) "." base64url(HMAC-SHA256 of that
// part, keyed by the server's own secret), so the server can check it without storing links;
// the nonce is stored only when the link is used, so that it answers once.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { requestOf, type HumanAnswer, type RunEvent, type Task } from "@tandem/shared";
import { actorOf } from "../auth/principal.js";
import type { Engine } from "../engine/engine.js";
import type { Who } from "../engine/people.js";
import { AnswerError, UnknownRunError } from "../engine/errors.js";
import { tasksOf } from "../http/routes/tasks.js";
import type { UsedLinks } from "../store/notify.js";

export interface LinkPayload {
  runId: string;
  requestId: string;
  person: { userId?: string; name: string };
  /** Expiry, ms since the epoch. */
  exp: number;
  nonce: string;
}

/** Why a link is refused, in words the person reading the answer page understands. */
export class LinkError extends Error {
  constructor(
    readonly code: "link_invalid" | "link_expired" | "link_used",
    message: string,
  ) {
    super(message);
    this.name = "LinkError";
  }
}

const SECRET_FILE = "link-secret";

/**
 * The key links are signed with: 32 random bytes made once in the data directory (mode 0600),
 * so that links outlive a restart; in memory when the data is.
 */
export function linkSecret(dataDir: string): Buffer {
  if (dataDir === ":memory:") return randomBytes(32);
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    try {
      // "wx": of two processes starting at once, one writes it and the other reads it.
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file);
  if (secret.length !== 32) throw new Error(`${file} is not a link key (32 bytes): remove it to make a new one (links already sent stop working)`);
  return secret;
}

const mac = (secret: Buffer, part: string) => createHmac("sha256", secret).update(part).digest();

export function signLink(secret: Buffer, payload: Omit<LinkPayload, "nonce">): string {
  const part = Buffer.from(JSON.stringify({ ...payload, nonce: randomBytes(16).toString("base64url") })).toString("base64url");
  return `${part}.${mac(secret, part).toString("base64url")}`;
}

/** The link's payload if the server signed it and it has not expired; LinkError otherwise. */
export function readLink(secret: Buffer, token: string, now: number): LinkPayload {
  const [part, sig, ...rest] = token.split(".");
  const given = Buffer.from(sig ?? "", "base64url");
  const expected = part ? mac(secret, part) : Buffer.alloc(0);
  if (!part || rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new LinkError("link_invalid", "this answer link is not valid: it may have been cut short or changed; use the link exactly as it was sent");
  }
  const payload = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as LinkPayload;
  if (payload.exp <= now) throw new LinkError("link_expired", `this answer link expired on ${new Date(payload.exp).toUTCString()}`);
  return payload;
}

/** What a link answers: a question's answer, or on an approval the outcome "approve" or "reject" (`text` the reason). */
export type LinkAnswer = HumanAnswer;

export interface AnswerLinksDeps {
  secret: Buffer;
  engine: Engine;
  used: UsedLinks;
  ttlHours: number;
  now?: () => number;
}

/** Makes answer links and takes their answers. */
export class AnswerLinks {
  private readonly now: () => number;

  constructor(private readonly deps: AnswerLinksDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** A link for `person` to answer the request, which must wait for an answer now; `base` is where the server is reached. */
  async create(runId: string, requestId: string, person: LinkPayload["person"], base: string): Promise<{ url: string; expiresAt: number }> {
    await this.task(runId, requestId);
    const expiresAt = this.now() + this.deps.ttlHours * 3600_000;
    const token = signLink(this.deps.secret, { runId, requestId, person, exp: expiresAt });
    return { url: `${base}/answer/${token}`, expiresAt };
  }

  /**
   * The link's payload, the task it answers and the message under review (the run's last);
   * LinkError or the engine's AnswerError when it cannot be answered.
   */
  async open(token: string): Promise<{ link: LinkPayload; task: Task; message?: string }> {
    const link = readLink(this.deps.secret, token, this.now());
    const task = await this.task(link.runId, link.requestId);
    return { link, task, message: (await this.deps.engine.state(link.runId))?.messages.at(-1)?.content };
  }

  /**
   * Answers the link's one request as its person, once: the nonce is taken first (of two uses at
   * once, one goes on) and given back when the answer is refused, so a refused answer leaves the
   * link usable and a taken one does not. Not one transaction: the engine writes the answer with
   * the run's own writes, which a transaction held here would make wait.
   */
  async answer(token: string, answer: LinkAnswer): Promise<RunEvent> {
    const link = readLink(this.deps.secret, token, this.now());
    const { runId, requestId, person } = link;
    // The link's person, as every answer records its actor (via "link"). The signed link is the
    // permission: it was made for this person and this request only.
    const by = { actor: actorOf({ kind: "link", name: person.name, ...(person.userId ? { userId: person.userId } : {}), runId, requestId }) };
    if (!(await this.deps.used.use(link.nonce, runId, requestId, this.now()))) throw new LinkError("link_used", "this answer link was used already: it answers once");
    try {
      return await this.answerAs(runId, requestId, answer, by);
    } catch (e) {
      await this.deps.used.release(link.nonce);
      throw e;
    }
  }

  /** The request answered as the link's task is: a question's answer, or an approval's decision. */
  private async answerAs(runId: string, requestId: string, answer: LinkAnswer, by: Who): Promise<RunEvent> {
    const task = await this.task(runId, requestId);
    if (task.kind === "question") return this.deps.engine.answer(runId, requestId, answer, by);
    if (answer.outcome !== "approve" && answer.outcome !== "reject") {
      throw new AnswerError("invalid_answer", 'an approval is decided with outcome "approve" or "reject"', "outcome");
    }
    if (answer.outcome === "approve") return this.deps.engine.decide(runId, requestId, { decision: "approve" }, by);
    return this.deps.engine.decide(runId, requestId, { decision: "reject", ...(answer.text?.trim() ? { reason: answer.text } : {}) }, by);
  }

  /** The task the request is now; the engine's errors when the run is unknown or no longer waits for it. */
  private async task(runId: string, requestId: string): Promise<Task> {
    const state = await this.deps.engine.state(runId);
    if (!state) throw new UnknownRunError(runId);
    const task = tasksOf(state).find((t) => t.requestId === requestId);
    if (task) return task;
    const known = requestOf(state, requestId);
    if (!known) throw new AnswerError("unknown_request", `run ${runId} has no request "${requestId}"`);
    if (known.answeredBy) throw new AnswerError("already_answered", `this request was already answered by ${known.answeredBy}`);
    throw new AnswerError("not_waiting", "the run is not waiting for this answer");
  }
}
