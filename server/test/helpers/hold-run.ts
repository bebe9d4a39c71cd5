// A process that claims a run in TANDEM_DATA and holds it until it is killed, as a server or
// `tandem resume` driving that run would: `node --import tsx hold-run.ts <runId>`.
import { dataDir } from "../../src/store/db.js";
import { openSql } from "../../src/store/open.js";
import { createRunOwners } from "../../src/store/owners.js";

const { sql } = await openSql(dataDir());
const other = await createRunOwners(sql).claim(process.argv[2]!);
process.stdout.write(other === undefined ? "holding\n" : `held by ${other}\n`);
setInterval(() => {}, 1 << 30);
