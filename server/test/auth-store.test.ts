// What accounts keep their secrets with: passwords hashed with scrypt, random secrets and their
// digests, and the failed sign-in limiter. The accounts store itself: store-accounts.test.ts.
import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstNobody, verifyPassword } from "../src/auth/passwords.js";
import { failureLimiter } from "../src/auth/rate-limit.js";
import { digestOf, newApiToken, newSecret } from "../src/auth/secrets.js";

describe("passwords", () => {
  it("are hashed with scrypt and their parameters, salted, and checked", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("correct horse battery", "md5$abc")).toBe(false);
    expect(await verifyAgainstNobody("correct horse battery")).toBe(false);
  });
});

describe("secrets", () => {
  it("are 32 random bytes; tokens start tdm_; stored digests are SHA-256", () => {
    expect(newSecret()).toMatch(/^[\w-]{43}$/);
    expect(newApiToken()).toMatch(/^tdm_[\w-]{43}$/);
    expect(digestOf("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("the failed sign-in limiter", () => {
  it("refuses a key after 5 failures in 5 minutes until the oldest ages out", () => {
    const limiter = failureLimiter();
    for (let i = 0; i < 5; i++) limiter.fail("user:ana", 1000 + i);
    expect(limiter.retryAfter("other", 2000)).toBe(0);
    expect(limiter.retryAfter("user:ana", 2000)).toBe(299);
    expect(limiter.retryAfter("user:ana", 1000 + 300_000)).toBe(0);
    limiter.clear("user:ana");
    expect(limiter.retryAfter("user:ana", 2000)).toBe(0);
  });
});
