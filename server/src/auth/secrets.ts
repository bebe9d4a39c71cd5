// The random secrets Tandem hands out (session ids, CSRF tokens, personal API tokens, deployment keys) and the
// one-way digest under which sessions and tokens are stored: the database never holds one.
import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** A personal API token: `tdm_` and 32 random bytes, so it is recognisable in a leak scan. */
export const TOKEN_PREFIX = "tdm_";
/** A deployment's API key: `tdk_`, so that it is told apart from a person's token at a glance. */
export const DEPLOYMENT_KEY_PREFIX = "tdk_";
export function newApiToken(prefix = TOKEN_PREFIX): string {
  return prefix + newSecret();
}

/** The SHA-256 (hex) a session id or token is stored and looked up by. */
export function digestOf(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
