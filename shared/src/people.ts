// People in the loop: who may do what, who a question is for, and who did it. A flow names
// people by username and roles by name; accounts themselves live on the server.
import { z } from "zod";

/** The roles every server has; admins create more (reviewer roles such as "legal"). */
export const BUILTIN_ROLES = ["admin", "designer", "operator"] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** A role name: lower-case letters, digits, - and _, starting with a letter. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,39}$/;
/** A username: what a person signs in with and a flow assigns to. */
export const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

const username = z.string().regex(USERNAME, "expected a username: lower-case letters, digits, . _ @ - (at most 64)");
const roleName = z.string().regex(ROLE_NAME, "expected a role name: lower-case letters, digits, - and _ (at most 40)");

/** Who a question (or a tool approval) is for: these users and anyone with one of these roles. Empty: anyone who may answer. */
export const Assignment = z.object({
  users: z.array(username).max(50, "at most 50 users").default([]),
  roles: z.array(roleName).max(20, "at most 20 roles").default([]),
});
export type Assignment = z.infer<typeof Assignment>;

/** Several people on one question: `count` answers of `outcome` decide it; any other outcome decides at once. */
export const Quorum = z.object({
  count: z.number().int().min(2, "a quorum needs at least 2").max(50, "at most 50"),
  outcome: z.string().min(1, "expected the outcome the votes count (e.g. approve)"),
});
export type Quorum = z.infer<typeof Quorum>;

/** One step of an escalation chain, `afterSeconds` from when the question was asked. */
export const EscalationStep = z.discriminatedUnion("action", [
  /** Tell the assignees again (a notification; the question stays theirs). */
  z.object({ action: z.literal("remind"), afterSeconds: z.number().positive("expected more than 0 seconds") }),
  /** The question goes to these people instead. */
  z.object({ action: z.literal("reassign"), afterSeconds: z.number().positive("expected more than 0 seconds"), assignees: Assignment }),
  /** The node takes its default outcome. */
  z.object({ action: z.literal("default"), afterSeconds: z.number().positive("expected more than 0 seconds") }),
]);
export type EscalationStep = z.infer<typeof EscalationStep>;

/** How something reached Tandem: the studio, the terminal, the HTTP API, an answer link, a webhook, an SDK program, or Tandem itself (a timer). */
export const VIAS = ["studio", "terminal", "http", "link", "webhook", "sdk", "system"] as const;
export type Via = (typeof VIAS)[number];

/** Who did something, recorded in the event: a signed-in user (id and name), a link's person, or a name typed where no accounts exist. */
export interface Actor {
  /** The account's id; absent where the server has no accounts (or for a name from an answer link's person without one). */
  userId?: string;
  /** The person's display name (or username). */
  name: string;
  via: Via;
  /** Set when an admin answered a question that was not theirs. */
  asAdmin?: true;
}

/** A signed-in person as assignment sees them. */
export interface Person {
  username: string;
  roles: readonly string[];
}

/** Whether `person` is among `assignment`'s people: named, or holding one of its roles. */
export function isAssignee(assignment: Assignment | undefined, person: Person): boolean {
  if (!assignment) return false;
  return assignment.users.includes(person.username) || person.roles.some((r) => assignment.roles.includes(r));
}

/** Whether an assignment names anyone (an empty one leaves the question to anyone who may answer). */
export function isAssigned(assignment: Assignment | undefined): assignment is Assignment {
  return !!assignment && (assignment.users.length > 0 || assignment.roles.length > 0);
}

/** How an assignment reads: "legal, @ana". */
export function assignmentLabel(assignment: Assignment | undefined): string {
  if (!isAssigned(assignment)) return "anyone";
  return [...assignment.roles, ...assignment.users.map((u) => `@${u}`)].join(", ");
}

/** What a role lets a person do. Reviewer roles (any role not built in) have REVIEWER_PERMISSIONS. */
export const PERMISSIONS = [
  "flows.read",
  "flows.write",
  "runs.read",
  "runs.start",
  "runs.control",
  /** Answer a question assigned to nobody (an assigned one needs its assignees, or an admin). */
  "tasks.answer",
  "tools.read",
  /** See deployments, their runs and figures. */
  "deployments.read",
  /** Publish, promote, change and delete deployments; their keys and schedules. */
  "deployments.manage",
  /** Make datasets and run evaluations. */
  "evals.run",
  "audit.read",
  "users.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<BuiltinRole, readonly Permission[]> = {
  admin: PERMISSIONS,
  designer: ["flows.read", "flows.write", "runs.read", "runs.start", "runs.control", "tasks.answer", "tools.read", "deployments.read", "deployments.manage", "evals.run"],
  operator: ["flows.read", "runs.read", "runs.start", "runs.control", "tasks.answer", "tools.read", "deployments.read", "deployments.manage"],
};
/** A reviewer sees runs (to decide with their context) and answers what is assigned to them. */
export const REVIEWER_PERMISSIONS: readonly Permission[] = ["flows.read", "runs.read"];

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) {
    const granted = (ROLE_PERMISSIONS as Record<string, readonly Permission[] | undefined>)[role] ?? REVIEWER_PERMISSIONS;
    for (const p of granted) out.add(p);
  }
  return out;
}
