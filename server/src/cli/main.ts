// `tandem`: the command-line entry. Each command lives in its own file.
import { UsageError } from "./args.js";

const USAGE = `usage: tandem <command>
  serve [--port 8787] [--host 127.0.0.1]   serve the studio and the API
      [--database <postgres-url|dir>]       where the data lives (every command that opens data takes it;
                                            default $TANDEM_DATABASE_URL, else $TANDEM_DATA, else ./.tandem)
  run <flow.json> --input "..."             run a flow, asking people in the terminal
      [--as <user>]                         who answers, on a data directory with accounts
  resume <runId> [--as <user>]              continue a stored run that was interrupted
  runs                                      list stored runs
  replay <runId>                            print a run's transcript from its events
  export <runId> [--out file.json]          write a run as one JSON document
  fork <runId> --at <seq> [--answer "..."]  a new run from that event on, optionally answering differently
  eval <dataset> --flow <flowId>@<version>  evaluate a dataset against a flow version (twice --flow: compare)
      [--models recorded|live[:model]] [--people recorded|simulated:"..."]
      [--scorer exact|contains|regex|schema|outcome|steps:N|tokens:N|judge:"rubric"]...
      [--threshold 0.9] [--json]              exits 1 when a scorer passes fewer cases than the threshold
  fork <runId> --from <node>#<visit>        a new run from just before that node visit, which runs again
  users add <username> --name "Ana" [--role admin] [--email a@b]
                                            make an account (password from stdin or a prompt)
  users list                                list accounts
  login --server <url> --username <name>    sign in and keep a token for this terminal
  migrate --from <data dir> --to <postgres://…>  copy a SQLite data directory into an empty Postgres database`;

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./serve.js")).serveCommand,
  run: async () => (await import("./run.js")).runCommand,
  resume: async () => (await import("./run.js")).resumeCommand,
  runs: async () => (await import("./inspect.js")).runsCommand,
  replay: async () => (await import("./inspect.js")).replayCommand,
  export: async () => (await import("./inspect.js")).exportCommand,
  fork: async () => (await import("./fork.js")).forkCommand,
  eval: async () => (await import("./eval.js")).evalCommand,
  users: async () => (await import("./users.js")).usersCommand,
  login: async () => (await import("./login.js")).loginCommand,
  migrate: async () => (await import("./migrate.js")).migrateCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) throw new UsageError(`unknown command "${name}" (try: tandem help)`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || (e as { cliError?: boolean }).cliError) {
      console.error(`tandem: ${(e as Error).message}`);
      process.exit(2);
    }
    console.error(`tandem: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
