// A process that claims a run in TANDEM_DATA and holds it until it is killed, as a server or
// `tandem resume` driving that run would: `node --import tsx hold-run.ts <runId>`.
import { dataDir, openDb } from "../../src/store/db.js";
import { createRunOwners } from "../../src/store/owners.js";

const other = createRunOwners(openDb(dataDir())).claim(process.argv[2]!);
process.stdout.write(other === undefined ? "holding\n" : `held by ${other}\n`);
setInterval(() => {}, 1 << 30);
