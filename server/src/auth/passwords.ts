// Password hashes: scrypt (memory-hard) with a random salt, encoded with its parameters as
// `scrypt$N$r$p$salt$hash` so that stronger settings later still read older hashes. Checking a
// password for a username that does not exist costs the same as for one that does.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** The shortest new password: long enough to resist guessing (hashing is slow, guessing is slower). */
export const MIN_PASSWORD = 10;
/** The longest: hashing stays cheap. */
export const MAX_PASSWORD = 1024;

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// scrypt needs 128·N·r bytes (32 MiB here); Node's default limit is exactly that, so leave room.
const MAX_MEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Whether `password` matches `encoded`; a malformed hash matches nothing. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = encoded.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A hash of a password nobody has, checked when the username is unknown so that a wrong user
// takes as long as a wrong password.
let dummy: Promise<string> | undefined;
export async function verifyAgainstNobody(password: string): Promise<false> {
  await verifyPassword(password, await (dummy ??= hashPassword(randomBytes(16).toString("hex"))));
  return false;
}
