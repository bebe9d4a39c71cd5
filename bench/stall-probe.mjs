// Loaded into a server process (NODE_OPTIONS=--import) by benchmarks: on SIGUSR2 it prints the
// longest event-loop stall since the last SIGUSR2 ("stall-probe: max N ms") and starts again.
import { monitorEventLoopDelay } from "node:perf_hooks";

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
process.on("SIGUSR2", () => {
  process.stderr.write(`stall-probe: max ${(delay.max / 1e6).toFixed(1)} ms\n`);
  delay.reset();
});
