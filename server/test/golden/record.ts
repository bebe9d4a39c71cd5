// Records the golden runs (see cases.ts) as exported runs. Run it again only when a change
// to the engine is meant to change what runs record; the golden test shows what changed.
import { writeFileSync } from "node:fs";
import { Engine } from "../../src/engine/engine.js";
import { createRegistry } from "../../src/providers/registry.js";
import { exportRun } from "../../src/store/export.js";
import { createMemoryEventStore } from "../../src/store/memory-events.js";
import { goldenCases } from "./cases.js";
import { checkFlowDocument } from "../../src/engine/checked-flow.js";

for (const c of goldenCases) {
  const store = createMemoryEventStore();
  const engine = new Engine({ store, registry: createRegistry({ env: {} }) });
  const run = await engine.start(checkFlowDocument(c.flow), c.input);
  const answers = [...c.answers];
  const readings = [...(c.readings ?? [])];
  run.subscribe((e) => {
    if (e.type !== "human.requested") return;
    const pending = run.state.pending!;
    // A request about a reading is settled as the case says, else with the reading itself.
    if (pending.reading) return void run.answer(e.requestId, { outcome: readings.shift() ?? pending.defaultOutcome ?? pending.outcomes[0]?.name }, "golden");
    const a = answers.shift() ?? { outcome: pending.outcomes[0]?.name, text: pending.outcomes.length ? undefined : "ok" };
    void run.answer(e.requestId, a, "golden");
  });
  const state = await run.done;
  const file = new URL(`./${c.name}.run.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(await exportRun(store, run.id), null, 1)}\n`);
  console.log(`${c.name}: ${state.status}, ${state.lastSeq} events`);
}
