// A process that claims a run and holds it until it is killed, as a server or `tandem resume`
// driving that run would: `node --import tsx hold-run.ts <runId> [database] [--server]`, the
// database a Postgres URL or a data dir (default: TANDEM_DATA's); `--server`: it announces
// itself as a server first.
import { dataDir } from "../../src/store/db.js";
import { openSql } from "../../src/store/open.js";
import { createRunOwners } from "../../src/store/owners.js";

const [runId, database, role] = process.argv.slice(2);
const { sql } = await openSql(database ?? dataDir());
const owners = createRunOwners(sql);
if (role === "--server") await owners.announce();
const other = await owners.claim(runId!);
process.stdout.write(other === undefined ? "holding\n" : `held by ${other}\n`);
setInterval(() => {}, 1 << 30);
