// The wire contract's lists (@tandem/shared) against the OpenAPI document a real server serves:
// the schemas enumerate exactly the event types, run statuses and control actions the shared
// unions have (the lists themselves are checked against the unions at compile time).
import { afterAll, beforeAll, expect, test } from "vitest";
import { CONTROL_ACTIONS, RUN_EVENT_TYPES, RUN_STATUSES } from "@tandem/shared";
import { client } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess;
let doc: any;
let schemas: any;
beforeAll(async () => {
  server = await startServerProcess();
  doc = (await client(server.url).get("/api/openapi.json")).body;
  schemas = doc.components.schemas;
});

/** Every `enum` list anywhere in the document. */
function enums(node: unknown, found: unknown[][] = []): unknown[][] {
  if (Array.isArray(node)) node.forEach((n) => enums(n, found));
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "enum" && Array.isArray(value)) found.push(value);
      else enums(value, found);
    }
  }
  return found;
}
afterAll(() => server?.stop());

test("the event types of the document are the shared list, in its order", () => {
  expect(schemas.RunEvent.properties.type.enum).toEqual([...RUN_EVENT_TYPES]);
});

test("every list of run statuses in the document (runs, their filter, exports, flows' last run, control) is the shared list", () => {
  // An evaluated case's status is a list of its own (a case can end stuck).
  const { CaseResult: _case, ...runSchemas } = schemas;
  const statusLists = enums({ ...doc, components: { ...doc.components, schemas: runSchemas } }).filter((list) => list.includes("completed"));
  // RunSummary, RunExport, FlowSummary's lastRun, the list filter, the control reply, RunState.
  expect(statusLists.length).toBeGreaterThanOrEqual(5);
  for (const list of statusLists) expect(list).toEqual([...RUN_STATUSES]);
});

test("the control actions of the document are the shared list", () => {
  expect(schemas.RunControl.properties.action.enum).toEqual([...CONTROL_ACTIONS]);
});
