// How fast `tandem` starts: `tandem runs` to its exit and `tandem run` to its first prompt, from
// the compiled CLI (server/bin/tandem.js) and from the TypeScript source through tsx, beside the
// floor on the same machine at the same moment: `node -e ""`, a Node process that does nothing.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIfStale } from "../server/build.mjs";

const REPS = Number(process.env.REPS ?? 9);
const TARGET_MS = 400;
const FLOW = "examples/hitl-review.flow.json";
const data = mkdtempSync(join(tmpdir(), "tandem-bench-cli-"));
const env = { ...process.env, TANDEM_DATA: data, NO_COLOR: "1" };
delete env.OPENAI_API_KEY;
delete env.OPENAI_BASE_URL;

/** Milliseconds from spawning `args` until it exits, or until its stdout holds `until` (then it is killed). */
function time(args: string[], until?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    let at: number | undefined;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (until && at === undefined && out.includes(until)) {
        at = performance.now() - start;
        child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (until) at === undefined ? reject(new Error(`no "${until}" in:\n${out}`)) : resolve(at);
      else code === 0 ? resolve(performance.now() - start) : reject(new Error(`exit ${code}:\n${out}`));
    });
  });
}

const compiled = ["server/bin/tandem.js"];
const source = ["--import", "tsx", "server/src/cli/main.ts"];
const cases: { label: string; args: string[]; until?: string }[] = [
  { label: "floor: node -e \"\"", args: ["-e", ""] },
  { label: "tandem run, first prompt (compiled)", args: [...compiled, "run", FLOW, "--input", "x"], until: "\n> " },
  { label: "tandem run, first prompt (tsx, before)", args: [...source, "run", FLOW, "--input", "x"], until: "\n> " },
  { label: "tandem runs (compiled)", args: [...compiled, "runs"] },
  { label: "tandem runs (tsx, before)", args: [...source, "runs"] },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  await buildIfStale();
  const samples = cases.map(() => [] as number[]);
  // Interleaved, so that a change in the machine's load falls on every case alike.
  for (let r = 0; r < REPS; r++) for (const [i, c] of cases.entries()) samples[i]!.push(await time(c.args, c.until));
  const floor = median(samples[0]!);
  console.log(`\n## CLI start (median of ${REPS}; target ≤ ${TARGET_MS} ms; the floor measured in the same run)\n`);
  console.log("| command | median | fastest | × floor |");
  console.log("|---|---:|---:|---:|");
  for (const [i, c] of cases.entries()) {
    const m = median(samples[i]!);
    const ratio = i === 0 ? "1" : (m / floor).toFixed(1);
    console.log(`| ${c.label} | ${m.toFixed(0)} ms | ${Math.min(...samples[i]!).toFixed(0)} ms | ${ratio} |`);
  }
} finally {
  rmSync(data, { recursive: true, force: true });
}
