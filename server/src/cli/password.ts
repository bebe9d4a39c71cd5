// Reading a password for a command: the first line of stdin when it is piped (scripts, tests),
// else typed at a prompt that does not echo it (and typed twice when it is a new one).
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { UsageError } from "./args.js";

async function firstLineOfStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? "";
}

function ask(prompt: string): Promise<string> {
  let muted = false;
  // What is typed goes nowhere: the prompt is written before muting.
  const output = new Writable({ write: (chunk, _encoding, done) => (muted || process.stderr.write(chunk), done()) });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stderr.write(prompt);
  muted = true;
  return new Promise((resolve) =>
    rl.question("", (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    }),
  );
}

export async function readPassword(options: { confirm: boolean }): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const password = await ask("Password: ");
  if (options.confirm && (await ask("Again: ")) !== password) throw new UsageError("the two passwords differ");
  return password;
}
