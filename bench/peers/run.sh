#!/usr/bin/env bash
# Run every engine-*.mjs on every workload, each (engine, workload, repetition) in its
# own fresh Node process, then print a markdown table (medians over repetitions).
#
#   ./run.sh                       # all engines, all workloads, 5 repetitions
#   REPS=3 ENGINES="rivet baseline" WORKLOADS="W1 W3" ./run.sh
#
# Raw per-process JSON lines go to results/<UTC stamp>.jsonl, the table to results/<stamp>.md.
set -euo pipefail
cd "$(dirname "$0")"

REPS=${REPS:-5}
if [ -z "${ENGINES:-}" ]; then
  ENGINES=$(ls engine-*.mjs | sed -e 's/^engine-//' -e 's/\.mjs$//' | tr '\n' ' ')
fi
if [ -z "${WORKLOADS:-}" ]; then
  WORKLOADS=$(node -e "process.stdout.write(Object.keys(JSON.parse(require('fs').readFileSync('workloads.json','utf8')).workloads).join(' '))")
fi

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi

mkdir -p results
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="results/$STAMP.jsonl"
: > "$OUT"
echo "engines: $ENGINES | workloads: $WORKLOADS | reps: $REPS -> $OUT" >&2

# Tandem's engine is TypeScript source, loaded with the workspace's tsx: the peers' own
# node_modules hold an older tsx (a dependency of theirs) that cannot load it.
TSX=$(cd ../.. && node --input-type=module -e "process.stdout.write(import.meta.resolve('tsx'))")

failed=0
for rep in $(seq 1 "$REPS"); do
  for w in $WORKLOADS; do
    for e in $ENGINES; do            # interleaved, so slow drift hits every engine alike
      printf '  rep %s %-16s %-3s ' "$rep" "$e" "$w" >&2
      flags=""
      case "$e" in tandem*) flags="--import $TSX" ;; esac
      if line=$(BENCH_SPAWN_EPOCH_MS=$(date +%s%3N) node $flags harness.mjs "$e" "$w" "$rep"); then
        echo "$line" >> "$OUT"
        node -e 'const r=JSON.parse(process.argv[1]);process.stderr.write(`${r.totalMs.toFixed(0)} ms, ${r.usPerStep.toFixed(1)} µs/step\n`)' "$line"
      else
        echo "FAILED" >&2
        failed=$((failed + 1))
      fi
    done
  done
done

node report.mjs "$OUT" | tee "results/$STAMP.md"
if [ "$failed" -ne 0 ]; then
  echo "$failed process(es) failed" >&2
  exit 1
fi
