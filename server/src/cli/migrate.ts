// `tandem migrate --from <data dir> --to postgres://…`: moves a SQLite data directory's runs,
// flows, accounts and the rest into an empty Postgres database, then checks every run arrived whole.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { copyTables, verifyRuns } from "../store/copy.js";
import { isPostgresUrl, openSql } from "../store/open.js";
import { redactUrl } from "../store/sql/postgres.js";
import { parse, UsageError } from "./args.js";

export async function migrateCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { from: { type: "string" }, to: { type: "string" } });
  if (!values.from) throw new UsageError("--from: expected the SQLite data directory to copy, e.g. --from .tandem");
  if (!existsSync(join(values.from, "tandem.db"))) throw new UsageError(`--from: "${values.from}" is not a Tandem data directory (it has no tandem.db)`);
  // Not echoed: what was typed may hold a password.
  if (!values.to || !isPostgresUrl(values.to)) throw new UsageError("--to: expected the URL of an empty Postgres database, e.g. --to postgres://tandem@db.example/tandem");

  const source = await openSql(values.from);
  try {
    const to = values.to;
    // Unreachable, refused or too new: said in a line, naming the database without its password.
    const target = await openSql(to).catch((e: Error) => {
      throw Object.assign(new Error(`cannot open the database at ${redactUrl(to)}: ${e.message}`), { cliError: true });
    });
    try {
      const counts = await copyTables(source.sqlite!, target.sql);
      const verified = await verifyRuns(source.sql, target.sql);
      if (verified.mismatched.length > 0) {
        for (const { runId, problem } of verified.mismatched) console.error(`tandem: run ${runId}: ${problem}`);
        console.error(`tandem: the copy in ${target.sql.where} does not match ${verified.mismatched.length} of ${verified.runs} runs`);
        return 1;
      }
      console.log(`${summary(counts)} — every run verified`);
      return 0;
    } finally {
      await target.sql.close();
    }
  } finally {
    await source.sql.close();
  }
}

/** "copied 3 runs (40 events), 2 flows, 4 flow versions, …": the runs first, then each table that had rows. */
export function summary(counts: Map<string, number>): string {
  const rest = [...counts].filter(([table, n]) => n > 0 && table !== "runs" && table !== "events").map(([table, n]) => `${n} ${table.replaceAll("_", " ")}`);
  return [`copied ${counts.get("runs") ?? 0} runs (${counts.get("events") ?? 0} events)`, ...rest].join(", ");
}
