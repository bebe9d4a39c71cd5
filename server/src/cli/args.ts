// Command-line parsing: strict (an unknown flag is an error) and with one-line messages.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]!.split(". To specify")[0]!.replace(/^Unknown option/, "unknown flag"));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  }
  return parsed;
}

export function intFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name}: expected a port number, got "${value}"`);
  return n;
}

/** The flag of every command that opens data: a Postgres URL or a data directory (default: $TANDEM_DATABASE_URL, else $TANDEM_DATA). */
export const DATABASE_FLAG = { database: { type: "string" } } as const;
