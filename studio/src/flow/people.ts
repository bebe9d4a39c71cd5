// The people of a flow as text: who a question is for ("legal, @ana"), how long an escalation step
// waits ("after 2 hours"), and a chain in a line ("remind 30 min → legal 2 h → default 4 h").
import { assignmentLabel, isAssigned, ROLE_NAME, USERNAME, type Assignment, type EscalationStep } from "@tandem/shared";

/** "legal, @ana" → roles legal, users ana; an entry that is neither a role nor a username is named in the error. */
export function parseAssignees(text: string): { value: Assignment | undefined } | { error: string } {
  const users: string[] = [];
  const roles: string[] = [];
  for (const raw of text.split(/[,\s]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry.startsWith("@")) {
      const name = entry.slice(1).toLowerCase();
      if (!USERNAME.test(name)) return { error: `"${entry}" is not a username: lower-case letters, digits, . _ @ -` };
      if (!users.includes(name)) users.push(name);
    } else {
      const name = entry.toLowerCase();
      if (!ROLE_NAME.test(name)) return { error: `"${entry}" is not a role: a letter, then letters, digits, - or _ (a person is @name)` };
      if (!roles.includes(name)) roles.push(name);
    }
  }
  return { value: users.length || roles.length ? { users, roles } : undefined };
}

/** The text parseAssignees reads back; empty for nobody in particular. */
export function assigneesText(a: Assignment | undefined): string {
  return isAssigned(a) ? assignmentLabel(a) : "";
}

export type TimeUnit = "minutes" | "hours";

/** Seconds as the amount and unit a person would type: whole hours as hours, else minutes. */
export function splitDuration(seconds: number): { amount: number; unit: TimeUnit } {
  return seconds % 3600 === 0 ? { amount: seconds / 3600, unit: "hours" } : { amount: seconds / 60, unit: "minutes" };
}

export function toSeconds(amount: number, unit: TimeUnit): number {
  return Math.round(amount * (unit === "hours" ? 3600 : 60));
}

/** "45 s", "30 min", "2 h", "1 h 30 min". */
export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** What a step does, in a few words: "remind", "to legal", "default". */
export function stepAction(step: EscalationStep): string {
  return step.action === "reassign" ? `to ${assignmentLabel(step.assignees)}` : step.action;
}

/** A chain in a line for the canvas: "remind 30 min → to legal 2 h → default 4 h". */
export function escalationLine(steps: readonly EscalationStep[]): string {
  return steps.map((s) => `${stepAction(s)} ${shortDuration(s.afterSeconds)}`).join(" → ");
}
