#!/usr/bin/env bash
# pnpm bench: every benchmark, figures printed beside the peers'. REPS=1 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_nodedir=/usr
echo "# Tandem benchmarks ($(date -u +%F), node $(node -v), $(nproc) cores)"
echo
# How fast the CLI starts, compiled and from the source, beside a bare Node start.
node --import tsx bench/cli.bench.ts
echo
echo "## Peer workloads (per-step orchestration cost; Tandem beside LangGraph.js and Rivet)"
REPS=${REPS:-3} bash bench/peers/run.sh
node --import tsx bench/engine.bench.ts
node --import tsx bench/tools.bench.ts
node --import tsx bench/server.bench.ts || true
node --import tsx bench/cluster.bench.ts || true
node --import tsx bench/limits.bench.ts
node --import tsx bench/judge.bench.ts
node --import tsx bench/providers.bench.ts
node --import tsx bench/sessions.bench.ts
node --import tsx bench/evals.bench.ts
# The studio in headless Chromium (needs the built studio).
pnpm --filter @tandem/studio build >/dev/null
for b in e2e/bench/*.bench.ts; do node --import tsx "$b" || echo "($b missed a target)"; done
