// Who answers in a terminal: on a data directory with accounts, the person `--as` names (asked
// only what is theirs, recorded as answering from the terminal); without accounts, as before,
// a name recorded with the answer.
import type { Who } from "../engine/people.js";
import type { AccountStore } from "../store/accounts.js";

/** A `--as` that names no one who can answer here: the CLI prints its message. */
export class TerminalUserError extends Error {
  readonly cliError = true;
}

export async function terminalWho(accounts: Pick<AccountStore, "userCount" | "userByName">, as: string | undefined): Promise<Who> {
  if ((await accounts.userCount()) === 0) return as ?? "terminal";
  if (as === undefined) throw new TerminalUserError("this data directory has accounts: say who answers with --as <username>");
  const user = await accounts.userByName(as);
  if (!user) throw new TerminalUserError(`--as: there is no account "${as}" in this data directory`);
  if (user.disabled) throw new TerminalUserError(`--as: the account "${as}" is disabled`);
  return {
    actor: { userId: user.id, name: user.name, via: "terminal" },
    person: { username: user.username, roles: user.roles, admin: user.roles.includes("admin") },
  };
}
