// The datasets and evaluations API on a real server: cases from finished runs and files, a
// mistake answered 422 naming its field, what is not there 404, an evaluation finishing in the
// background, and two evaluations compared.
import { expect, test } from "vitest";
import { eventually, reviewFlow, withServer } from "./helpers/runs-api.js";

const running = withServer();

async function finishedRun(input: string): Promise<string> {
  const { api } = running;
  const id = await api.start(reviewFlow(), input);
  const { state } = await api.until(id, (s) => s.status === "waiting");
  expect((await api.answer(id, state.pending.requestId, { outcome: "approve" })).status).toBe(200);
  await api.status(id, "completed");
  return id;
}

test("a dataset from runs and a file, evaluated and compared", async () => {
  const { api } = running;
  const runId = await finishedRun("Write about rivers.");
  const flow = await api.post("/api/flows", { flow: reviewFlow() });
  const made = await api.post("/api/datasets", {
    name: "rivers",
    runs: [{ runId, expected: { outcome: "approve" } }],
    file: { format: "jsonl", text: '{"input":"Write about lakes.","expected":{"contains":"lakes"}}\n' },
  });
  expect(made.status).toBe(201);
  expect(made.body.items.map((c: any) => [c.input, c.runId, c.recorded])).toEqual([
    ["Write about rivers.", runId, true],
    ["Write about lakes.", null, false],
  ]);
  expect((await api.get("/api/datasets")).body.datasets.map((d: any) => [d.name, d.cases])).toEqual([["rivers", 2]]);

  const request = { datasetId: made.body.id, flowId: flow.body.id, version: 1, models: { kind: "live" }, people: { kind: "recorded" }, scorers: [{ kind: "outcome" }, { kind: "contains" }] };
  const a = await api.post("/api/evaluations", request);
  const b = await api.post("/api/evaluations", request);
  expect([a.status, a.body.status, a.body.cases]).toEqual([201, "running", 2]);
  const done = (id: string) => eventually(async () => ((await api.get(`/api/evaluations/${id}`)).body.status === "done" ? true : undefined), 20_000, "the evaluation");
  await Promise.all([done(a.body.id), done(b.body.id)]);
  const report = (await api.get(`/api/evaluations/${a.body.id}`)).body;
  expect(report.results.map((r: any) => [r.caseId, r.status, r.outcome, r.simulatedAnswers])).toEqual([
    ["case-1", "completed", "approve", 0],
    ["case-2", "completed", "approve", 1],
  ]);
  expect((await api.get(`/api/evaluations?datasetId=${made.body.id}`)).body.evaluations).toHaveLength(2);
  const compared = await api.get(`/api/evaluations/compare?a=${a.body.id}&b=${b.body.id}`);
  expect(compared.status).toBe(200);
  expect(compared.body.cases.map((c: any) => c.changed.outcome || c.changed.pass)).toEqual([false, false]);

  const other = await api.post("/api/datasets", { name: "other", file: { format: "csv", text: "input\nWrite about seas.\n" } });
  const c = await api.post("/api/evaluations", { ...request, datasetId: other.body.id });
  await done(c.body.id);
  const mixed = await api.get(`/api/evaluations/compare?a=${a.body.id}&b=${c.body.id}`);
  expect([mixed.status, mixed.body.error.path]).toEqual([422, "b"]);

  expect((await api.call("DELETE", `/api/datasets/${other.body.id}`)).status).toBe(204);
  expect((await api.get(`/api/datasets/${other.body.id}`)).status).toBe(404);
  // Its evaluations stay readable.
  expect((await api.get(`/api/evaluations/${c.body.id}`)).status).toBe(200);
});

test("bad input is answered 422 naming the field, and nothing is stored", async () => {
  const { api } = running;
  const flow = await api.post("/api/flows", { flow: reviewFlow() });
  const unfinished = await api.start(reviewFlow(), "Write about hills.");
  await api.until(unfinished, (s) => s.status === "waiting");
  const before = (await api.get("/api/datasets")).body.datasets.length;
  const refused = async (path: string, body: unknown) => {
    const res = await api.post(path, body);
    expect(res.status, res.text).toBe(422);
    return res.body.error;
  };
  expect((await refused("/api/datasets", { name: "", runs: [] })).path).toBe("name");
  expect((await refused("/api/datasets", { name: "x" })).path).toBe("runs");
  expect(await refused("/api/datasets", { name: "x", runs: [{ runId: "nope" }] })).toMatchObject({ path: "runs[0].runId", message: 'runs[0].runId: no run "nope"' });
  expect((await refused("/api/datasets", { name: "x", runs: [{ runId: unfinished }] })).message).toContain("has not finished");
  expect((await refused("/api/datasets", { name: "x", file: { format: "csv", text: "input\nok\n", extra: 1 } })).path).toBe("file.extra");
  expect(await refused("/api/datasets", { name: "x", file: { format: "csv", text: 'input,regex\nok,"("\n' } })).toMatchObject({
    path: "file.text",
    message: expect.stringMatching(/^file\.text: line 2, column 4: regex: the pattern does not compile/),
  });
  expect((await api.get("/api/datasets")).body.datasets).toHaveLength(before);

  const dataset = await api.post("/api/datasets", { name: "for bad requests", file: { format: "csv", text: "input\nok\n" } });
  const good = { datasetId: dataset.body.id, flowId: flow.body.id, version: 1, models: { kind: "recorded" }, people: { kind: "recorded" }, scorers: [{ kind: "outcome" }] };
  expect((await refused("/api/evaluations", { ...good, datasetId: "nope" })).path).toBe("datasetId");
  expect((await refused("/api/evaluations", { ...good, flowId: "nope" })).path).toBe("flowId");
  expect((await refused("/api/evaluations", { ...good, version: 7 })).path).toBe("version");
  expect((await refused("/api/evaluations", { ...good, scorers: [] })).path).toBe("scorers");
  expect((await refused("/api/evaluations", { ...good, scorers: [{ kind: "steps" }] })).path).toBe("scorers[0].max");
  expect((await refused("/api/evaluations", { ...good, models: { kind: "live", model: "nowhere/x" } })).path).toBe("models.model");
  expect((await refused("/api/evaluations", { ...good, threshold: 2 })).path).toBe("threshold");
  expect((await api.post("/api/datasets", { name: "for bad requests", file: { format: "csv", text: "input\nok\n" } })).status).toBe(409);
  expect((await api.get("/api/evaluations")).body.evaluations.filter((e: any) => e.datasetId === dataset.body.id)).toEqual([]);
});

test("what is not there is 404", async () => {
  const { api } = running;
  expect((await api.get("/api/datasets/nope")).status).toBe(404);
  expect((await api.call("DELETE", "/api/datasets/nope")).status).toBe(404);
  expect((await api.get("/api/evaluations/nope")).body.error).toEqual({ code: "not_found", message: 'no evaluation "nope"' });
  expect((await api.get("/api/evaluations/compare?a=nope&b=nope")).status).toBe(404);
});
