import { PERMISSIONS, type Me } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { whyNot } from "./permissions.js";

const user = (roles: string[], permissions: Me["permissions"]): Me => ({
  mode: "accounts",
  setupNeeded: false,
  user: { id: "u1", username: "lee", name: "Lee", roles, createdAt: 0 },
  permissions,
});

describe("whyNot", () => {
  it("says nothing when the permission is held, or in open mode", () => {
    expect(whyNot(user(["admin"], [...PERMISSIONS]), "users.manage")).toBeNull();
    expect(whyNot({ mode: "open", setupNeeded: true, user: null, permissions: [...PERMISSIONS] }, "flows.write")).toBeNull();
  });

  it("names what is refused, the permission and the roles held", () => {
    expect(whyNot(user(["legal"], ["flows.read", "runs.read"]), "users.manage")).toBe(
      "You cannot manage people and roles: it needs the users.manage permission, and you have legal.",
    );
    expect(whyNot(user([], []), "runs.start")).toBe("You cannot start runs: it needs the runs.start permission, and you have no role.");
  });
});
