// The account forms' rules, checked before anything is sent: each problem names its field, so
// the form can show it beside the field and move focus there. The server checks them again.
import { ROLE_NAME, USERNAME } from "@tandem/shared";
import { ApiError } from "../api/client.js";
import { timeAgo } from "../ui/time.js";

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** As the server asks: long enough to resist guessing. */
export const MIN_PASSWORD = 10;
export const USERNAME_RULE = "lower-case letters, digits, . _ @ - (at most 64)";
export const ROLE_NAME_RULE = "lower-case letters, digits, - and _, starting with a letter (at most 40)";
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface AccountDraft {
  username: string;
  name: string;
  password: string;
  /** The password typed again, where the form asks for it. */
  confirm?: string;
  email?: string;
}

export function checkAccount(draft: AccountDraft): FieldErrors<keyof AccountDraft> {
  const errors: FieldErrors<keyof AccountDraft> = {};
  if (!USERNAME.test(draft.username)) errors.username = `Username: ${USERNAME_RULE}.`;
  if (!draft.name.trim()) errors.name = "Name: say how this person is shown (e.g. Ana Lima).";
  if (draft.email && !EMAIL.test(draft.email)) errors.email = "Email: expected an address such as ana@example.com.";
  if (draft.password.length < MIN_PASSWORD) errors.password = `Password: at least ${MIN_PASSWORD} characters.`;
  else if (draft.confirm !== undefined && draft.confirm !== draft.password) errors.confirm = "Password again: the two passwords differ.";
  return errors;
}

export function checkRoleName(name: string): string | null {
  return ROLE_NAME.test(name) ? null : `Role name: ${ROLE_NAME_RULE}.`;
}

export function checkTokenName(name: string): string | null {
  return name.trim() ? null : "Name: say what the token is for (e.g. terminal on my laptop).";
}

/** The first field with a problem, in the form's order: where focus goes. */
export function firstInvalid<K extends string>(order: readonly K[], errors: FieldErrors<K>): K | undefined {
  return order.find((k) => errors[k]);
}

/** Why signing in failed, in words: wrong credentials, or too many attempts and how long to wait. */
export function signInProblem(error: unknown, now = Date.now()): string {
  if (!(error instanceof ApiError)) return (error as Error).message;
  if (error.status === 401) return "Wrong username or password.";
  if (error.status === 429) {
    return error.retryAfterSeconds
      ? `Too many attempts. Try again ${timeAgo(now + error.retryAfterSeconds * 1000, now)}.`
      : `Too many attempts. ${error.message}`;
  }
  return error.message;
}
