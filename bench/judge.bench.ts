// The offline judge over the labelled reviewer replies (shared/test/reviewer-replies.json):
// accuracy on the whole set and on the held-out part, the confusion table, negated replies read
// as approve (must be 0), and the time of one reading (target: median ≤ 1 ms).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { readOffline, type Outcome } from "@tandem/shared";

interface Reply { text: string; outcome: string; tags: string[] }

const replies: Reply[] = JSON.parse(readFileSync(new URL("../shared/test/reviewer-replies.json", import.meta.url), "utf8"));
const OUTCOMES: Outcome[] = [
  { name: "approve", description: "the draft is accepted as it is" },
  { name: "revise", description: "changes are needed" },
  { name: "reject", description: "the request is turned down" },
  { name: "escalate", description: "someone else must decide" },
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

const read = replies.map((reply) => ({ reply, outcome: readOffline(reply.text, OUTCOMES).outcome ?? "unsure" }));
const accuracy = (rows: typeof read) => `${((100 * rows.filter((r) => r.outcome === r.reply.outcome).length) / rows.length).toFixed(1)} % of ${rows.length}`;
const heldOut = read.filter((r) => r.reply.tags.includes("heldout"));
const negatedAsApprove = read.filter((r) => r.reply.tags.includes("negation") && r.reply.outcome !== "approve" && r.outcome === "approve");

/** Each call of `work` timed on its own in µs, sorted, over several rounds; the first round warms the JIT up. */
function timed(work: (text: string) => unknown): number[] {
  const micros: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const { text } of replies) {
      const t0 = performance.now();
      work(text);
      if (round > 0) micros.push((performance.now() - t0) * 1000);
    }
  return micros.sort((a, b) => a - b);
}
const at = (micros: number[], q: number) => micros[Math.min(micros.length - 1, Math.floor(q * micros.length))]!.toFixed(1);
const micros = timed((text) => readOffline(text, OUTCOMES));
// The floor: the same timing around almost no work, which on a busy machine still waits for a core.
const floor = timed((text) => text.length);

console.log(`\n## Offline judge (bench/judge.bench.ts: ${replies.length} labelled replies, ${heldOut.length} held out; load average ${loadavg()[0]!.toFixed(1)})`);
console.log(`accuracy: ${accuracy(read)} overall; held-out ${accuracy(heldOut)} (target ≥ 95 %)`);
console.log(`negated replies read as approve: ${negatedAsApprove.length} (must be 0)${negatedAsApprove.map((r) => `\n  ${JSON.stringify(r.reply.text)}`).join("")}`);
const labels = OUTCOMES.map((o) => o.name);
const columns = [...labels, "unsure"];
console.log(`\nlabelled \\ read | ${columns.map((c) => c.padStart(8)).join(" | ")}`);
for (const label of labels) {
  const row = read.filter((r) => r.reply.outcome === label);
  console.log(`${label.padEnd(15)} | ${columns.map((c) => String(row.filter((r) => r.outcome === c).length).padStart(8)).join(" | ")}`);
}
console.log(`\none reading: median ${at(micros, 0.5)} µs, p99 ${at(micros, 0.99)} µs over ${micros.length} readings (target median ≤ 1000 µs); floor (timing no work): p99 ${at(floor, 0.99)} µs`);
if (negatedAsApprove.length > 0) process.exitCode = 1;
