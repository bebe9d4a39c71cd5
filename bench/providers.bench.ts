// Each provider's streaming overhead (bench/providers/<id>.ts, see case.ts): the same 200-token reply
// from its fake server, read by a bare loop over the official SDK and through Tandem's provider,
// alternately. First token: from the call's start to the first onToken; per token: (last − first)
// / (n − 1). Targets: Tandem adds ≤ 1 ms to the first token and ≤ 50 µs per token (p50).
import { readdirSync } from "node:fs";
import { loadavg } from "node:os";
import type { OnToken, ProviderBench } from "./providers/case.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const WARMUP = 20;
const TOKENS = 200;
const TARGET_FIRST_MS = 1;
const TARGET_PER_TOKEN_US = 50;

interface Read {
  firstMs: number;
  perTokenUs: number;
}

async function read(path: (tokens: number, onToken: OnToken) => Promise<void>): Promise<Read> {
  const at: number[] = [];
  const start = performance.now();
  await path(TOKENS, () => at.push(performance.now()));
  if (at.length < 2) throw new Error(`expected a streamed reply, got ${at.length} token(s)`);
  return { firstMs: at[0]! - start, perTokenUs: ((at.at(-1)! - at[0]!) / (at.length - 1)) * 1000 };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

const dir = new URL("./providers/", import.meta.url);
const benches: ProviderBench[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "case.ts").sort()) {
  const { bench } = (await import(new URL(file, dir).href)) as { bench?: ProviderBench };
  if (bench && typeof bench.start === "function") benches.push(bench);
}

const loadBefore = loadavg()[0]!;
const rows: string[] = [];
const verdicts: string[] = [];
for (const bench of benches) {
  const server = await bench.start();
  try {
    for (let i = 0; i < WARMUP; i++) {
      await read(server.bare);
      await read(server.tandem);
    }
    const bare: Read[] = [];
    const tandem: Read[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const paths = [{ reads: bare, path: server.bare }, { reads: tandem, path: server.tandem }];
      // Alternating which goes first, so that neither always reads on a warmer connection.
      if (round % 2 === 1) paths.reverse();
      for (const { reads, path } of paths) reads.push(await read(path));
    }
    const figures = (reads: Read[]) => ({
      first: [0.5, 0.99].map((q) => quantile(reads.map((r) => r.firstMs), q)),
      perToken: [0.5, 0.99].map((q) => quantile(reads.map((r) => r.perTokenUs), q)),
    });
    const [b, t] = [figures(bare), figures(tandem)];
    for (const [label, f] of [["bare SDK", b], ["**Tandem**", t]] as const)
      rows.push(`| ${bench.label} | ${label} | ${f.first[0]!.toFixed(2)} ms | ${f.first[1]!.toFixed(2)} ms | ${f.perToken[0]!.toFixed(1)} µs | ${f.perToken[1]!.toFixed(1)} µs |`);
    const addedFirst = t.first[0]! - b.first[0]!;
    const addedToken = t.perToken[0]! - b.perToken[0]!;
    const met = (ok: boolean) => (ok ? "met" : "missed");
    verdicts.push(
      `${bench.label}: Tandem adds ${addedFirst.toFixed(2)} ms to the first token (target ≤ ${TARGET_FIRST_MS} ms: ${met(addedFirst <= TARGET_FIRST_MS)}) and ${addedToken.toFixed(1)} µs per token (target ≤ ${TARGET_PER_TOKEN_US} µs: ${met(addedToken <= TARGET_PER_TOKEN_US)})`,
    );
  } finally {
    await server.close();
  }
}

console.log(
  `\n## Provider streaming (bench/providers.bench.ts: a ${TOKENS}-token reply from each provider's fake server, ${ROUNDS} rounds after ${WARMUP} warm-up; load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})\n`,
);
console.log("| provider | read by | first token p50 | p99 | per token p50 | p99 |");
console.log("|---|---|---:|---:|---:|---:|");
for (const row of rows) console.log(row);
console.log(`\n${verdicts.join("\n")}`);
