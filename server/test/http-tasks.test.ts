// GET /api/tasks against a real server process: the questions people are asked now, across
// runs, the soonest due first, paged; answered, finished and imported runs are not tasks;
// waiting runs are tasks again after a restart.
import { afterAll, beforeAll, expect, test } from "vitest";
import { chainFlow, client, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  server = await startServerProcess({ env: { TANDEM_SCRIPTED_DELAY_MS: "0" } });
  api = client(server.url);
});
afterAll(async () => {
  await server?.stop();
});

const tasks = async (query = "") => {
  const res = await api.get(`/api/tasks${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body as { tasks: Record<string, unknown>[]; total: number };
};

test("the questions people are asked now, the soonest due first, then the longest waiting", async () => {
  const plain = await api.start(reviewFlow({ name: "Plain review" }), "first input");
  const { state: plainState } = await api.status(plain, "waiting");
  const due = await api.start(reviewFlow({ name: "Due review", timeoutSeconds: 3600, defaultOutcome: "revise" }), "second input");
  const { state: dueState } = await api.status(due, "waiting");
  const later = await api.start(reviewFlow({ name: "Later review" }), "third input");
  await api.status(later, "waiting");
  // Not tasks: a run with no person in it, and an imported copy of a waiting run (read-only).
  const done = await api.start(chainFlow(), "no person");
  await api.status(done, "completed");
  const copy = (await api.post("/api/runs/import", (await api.get(`/api/runs/${plain}/export`)).body)).body.runId as string;
  expect((await api.run(copy)).run).toMatchObject({ status: "waiting", imported: true });

  const all = await tasks();
  expect(all.total).toBe(3);
  expect(all.tasks.map((t) => t.runId)).toEqual([due, plain, later]);
  expect(all.tasks[1]).toEqual({
    kind: "question",
    runId: plain,
    flowId: null,
    flowName: "Plain review",
    input: "first input",
    nodeId: "reviewer",
    nodeName: "reviewer",
    requestId: plainState.pending.requestId,
    instructions: "Approve or ask for a revision.",
    outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }],
    allowText: true,
    allowEdit: true,
    askedAt: plainState.pending.at,
    mine: "anyone",
  });
  expect(all.tasks[0]).toMatchObject({ deadline: dueState.pending.deadline, defaultOutcome: "revise", requestId: dueState.pending.requestId });

  const page = await tasks("?limit=1&offset=1");
  expect(page).toEqual({ tasks: [all.tasks[1]], total: 3 });

  // Answered from what the list says, it is no longer a task.
  const answered = await api.answer(plain, all.tasks[1]!.requestId as string, { outcome: "approve" });
  expect(answered.status).toBe(200);
  expect((await tasks()).tasks.map((t) => t.runId)).toEqual([due, later]);
  await api.control(later, "cancel");
  await api.status(later, "cancelled");
  expect((await tasks()).tasks.map((t) => t.runId)).toEqual([due]);
});

test("a run waiting when the server stops is a task again when it starts", async () => {
  const own = await startServerProcess({ env: { TANDEM_SCRIPTED_DELAY_MS: "0" } });
  const ownApi = client(own.url);
  const id = await ownApi.start(reviewFlow(), "across a restart");
  const { state } = await ownApi.status(id, "waiting");
  await own.kill9();
  const again = await startServerProcess({ dataDir: own.dataDir, env: { TANDEM_SCRIPTED_DELAY_MS: "0" } });
  const res = await client(again.url).get("/api/tasks");
  expect(res.body).toMatchObject({ total: 1, tasks: [{ runId: id, requestId: state.pending.requestId }] });
  await again.stop();
});

test("bad paging is a 422 naming the field", async () => {
  for (const [query, path] of [
    ["?limit=0", "limit"],
    ["?limit=many", "limit"],
    ["?limit=501", "limit"],
    ["?offset=-1", "offset"],
  ] as const) {
    const res = await api.get(`/api/tasks${query}`);
    expect(res.status, query).toBe(422);
    expect(res.body.error, query).toMatchObject({ code: "invalid_request", path });
  }
});
