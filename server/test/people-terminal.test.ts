// The terminal asks the signed-in person only what is theirs: a question for legal is shown to a
// designer as "waiting for legal" and not asked (the run is left waiting in the store), and a
// legal reviewer answers it, recorded as answered from the terminal by them.
import { PassThrough, Writable } from "node:stream";
import { afterEach, expect, test } from "vitest";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import type { Answerer } from "../src/engine/people.js";
import { openRuntime, type Runtime } from "../src/runtime.js";
import { driveInTerminal } from "../src/terminal/drive.js";
import { tempDir } from "./helpers/cli.js";
import { assignedReview } from "./helpers/people-app.js";

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

const person = (username: string, name: string, role: string): Answerer => ({
  actor: { userId: `u-${username}`, name, via: "terminal" },
  person: { username, roles: [role], admin: false },
});

/** Runs the legal review in a terminal driven by `who`, with these lines typed. */
async function inTerminal(who: Answerer, typed: string) {
  runtime = await openRuntime({ dataDir: tempDir("tandem-people-terminal-"), registry: { scriptedDelayMs: 0 } });
  const run = await runtime.engine.start(checkFlowDocument(assignedReview({ assignees: { users: [], roles: ["legal"] } })), "a contract");
  const input = new PassThrough();
  input.write(typed);
  let printed = "";
  const output = new Writable({
    write(chunk, _enc, done) {
      printed += String(chunk);
      done();
    },
  });
  const { exitCode, state } = await driveInTerminal(run, { input, output, who });
  return { exitCode, state, printed, events: await runtime.events.events(run.id) };
}

test("someone else's question is shown as waiting for them, not asked; the run is left waiting", async () => {
  const { exitCode, state, printed, events } = await inTerminal(person("bob", "Bob", "designer"), "approve\n");
  expect(exitCode).toBe(3);
  expect(state.status).toBe("waiting");
  expect(printed).toContain(`Waiting for legal: run ${state.runId} is waiting for a person`);
  expect(printed).not.toContain("> ");
  expect(events.filter((e) => e.type === "human.responded")).toEqual([]);
});

test("the legal reviewer is asked, and the answer records them, from the terminal", async () => {
  const { exitCode, state, events } = await inTerminal(person("ana", "Ana", "legal"), "approve\n");
  expect(exitCode).toBe(0);
  expect(state.status).toBe("completed");
  expect(events.find((e) => e.type === "human.responded")).toMatchObject({ by: "Ana", actor: { userId: "u-ana", name: "Ana", via: "terminal" } });
});
