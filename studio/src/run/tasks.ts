// The tasks list in words: its sections by whose a task is (Task.mine), and a task's people line
// ("for legal · taken by Ana · 1 of 2 approve · escalated to legal · next: takes default in 2 h").
import { assignmentLabel, isAssigned, type Task } from "@tandem/shared";
import { escalationState, quorumLine } from "./people.js";

export interface TaskSection {
  title: string;
  tasks: Task[];
}

type Mine = NonNullable<Task["mine"]> | "others";
const SECTIONS: [Mine, string][] = [
  ["user", "For me"],
  ["role", "For my roles"],
  ["anyone", "For anyone"],
  ["others", "Others"],
];

/** The tasks in sections, mine first, each keeping the list's order; empty sections left out. A task the server says nothing about is anyone's. */
export function taskSections(tasks: readonly Task[]): TaskSection[] {
  const mine = (t: Task): Mine => (t.mine === null ? "others" : (t.mine ?? "anyone"));
  return SECTIONS.map(([key, title]) => ({ title, tasks: tasks.filter((t) => mine(t) === key) })).filter((s) => s.tasks.length > 0);
}

/** Who a task is for and where it stands among people, in short parts; none for a task nobody in particular has. */
export function taskPeople(task: Task, now: number): string[] {
  const parts: string[] = [];
  if (isAssigned(task.assignees)) parts.push(`for ${assignmentLabel(task.assignees)}`);
  if (task.claimedBy) parts.push(`taken by ${task.claimedBy.name}`);
  if (task.quorum) parts.push(quorumLine(task.quorum, task.votes).progress);
  const escalation = escalationState({ fired: task.escalations ?? 0, assignees: task.assignees, next: task.nextEscalation }, now);
  if (escalation) parts.push(escalation);
  return parts;
}
