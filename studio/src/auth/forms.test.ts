import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client.js";
import { checkAccount, checkRoleName, checkTokenName, firstInvalid, signInProblem } from "./forms.js";

describe("account forms", () => {
  const good = { username: "lee", name: "Lee Park", password: "correct horse", email: "lee@example.com" };

  it("accept a well-formed account", () => {
    expect(checkAccount(good)).toEqual({});
    expect(checkAccount({ ...good, email: "", confirm: "correct horse" })).toEqual({});
  });

  it("name each field that is wrong", () => {
    const errors = checkAccount({ username: "Lee Park", name: "  ", password: "short", email: "lee" });
    expect(errors.username).toMatch(/^Username: lower-case letters/);
    expect(errors.name).toMatch(/^Name: /);
    expect(errors.email).toMatch(/^Email: /);
    expect(errors.password).toBe("Password: at least 10 characters.");
    expect(firstInvalid(["username", "name", "email", "password"], errors)).toBe("username");
    expect(checkAccount({ ...good, confirm: "correct hose" })).toEqual({ confirm: "Password again: the two passwords differ." });
  });

  it("hold role names and token names to their rules", () => {
    expect(checkRoleName("legal")).toBeNull();
    expect(checkRoleName("finance-eu_2")).toBeNull();
    expect(checkRoleName("Legal")).toMatch(/^Role name: lower-case letters, digits, - and _, starting with a letter/);
    expect(checkRoleName("2fa")).not.toBeNull();
    expect(checkTokenName("laptop")).toBeNull();
    expect(checkTokenName(" ")).toMatch(/^Name: /);
  });
});

describe("signInProblem", () => {
  it("says wrong credentials without telling which one", () => {
    expect(signInProblem(new ApiError(401, "unauthenticated", "wrong username or password"))).toBe("Wrong username or password.");
  });

  it("says how long to wait after too many attempts", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(signInProblem(new ApiError(429, "rate_limited", "slow down", undefined, undefined, 300), now)).toBe("Too many attempts. Try again in 5 minutes.");
    expect(signInProblem(new ApiError(429, "rate_limited", "Wait a minute."), now)).toBe("Too many attempts. Wait a minute.");
  });

  it("passes other refusals through as the server said them", () => {
    expect(signInProblem(new ApiError(403, "disabled", "This account is disabled."))).toBe("This account is disabled.");
  });
});
