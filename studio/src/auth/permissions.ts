// What the signed-in person may do, and, where they may not, the reason to show beside the
// hidden page or the disabled button.
import type { Me, Permission } from "@tandem/shared";
import { useMe } from "./me.js";

const ACTIONS: Record<Permission, string> = {
  "flows.read": "see flows",
  "flows.write": "change flows",
  "runs.read": "see runs",
  "runs.start": "start runs",
  "runs.control": "pause or cancel runs",
  "tasks.answer": "answer tasks",
  "tools.read": "see tools",
  "deployments.read": "see deployments",
  "deployments.manage": "publish and manage deployments",
  "evals.run": "run evaluations",
  "audit.read": "read the audit",
  "users.manage": "manage people and roles",
};

/** Null when `me` may; else why not, naming the roles held: "Only admins and designers can change flows; you have legal." */
export function whyNot(me: Me | null, permission: Permission): string | null {
  if (!me || me.permissions.includes(permission)) return null;
  const roles = me.user?.roles.length ? me.user.roles.join(", ") : "no role";
  return `You cannot ${ACTIONS[permission]}: it needs the ${permission} permission, and you have ${roles}.`;
}

/** whyNot for the person using the studio now, kept current. */
export function useWhyNot(permission: Permission): string | null {
  return whyNot(useMe(), permission);
}
