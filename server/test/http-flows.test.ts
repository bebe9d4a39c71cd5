// /api/flows against a real server process and a real SQLite file.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../src/store/db.js";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(() => server?.stop());

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(server.url + path, {
    method,
    headers: body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {},
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const create = async (flow: unknown = sampleFlow()) => {
  const res = await call("POST", "/api/flows", { flow });
  expect(res.status).toBe(201);
  return res.body;
};
const flowIds = async () => (await call("GET", "/api/flows")).body.flows.map((f: { id: string }) => f.id);

describe("happy paths", () => {
  test("create stores version 1 and sets the flow's id to the store id", async () => {
    const created = await create(sampleFlow("Onboarding"));
    expect(created).toMatchObject({ name: "Onboarding", version: 1, latestVersion: 1, valid: true, problems: [] });
    expect(created.flow.id).toBe(created.id);
    expect(created.flow.nodes[0].data).toEqual({ name: "user" }); // defaults filled in by the schema

    const list = await call("GET", "/api/flows");
    expect(list.status).toBe(200);
    const summary = list.body.flows.find((f: { id: string }) => f.id === created.id);
    expect(summary).toEqual({
      id: created.id,
      name: "Onboarding",
      version: 1,
      createdAt: created.createdAt,
      updatedAt: created.updatedAt,
      valid: true,
      lastRun: null,
    });
  });

  test("each save is a new version; old versions stay readable", async () => {
    const { id } = await create(sampleFlow("v1"));
    const second = await call("PUT", `/api/flows/${id}`, { flow: sampleFlow("v2") });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id, version: 2, latestVersion: 2, name: "v2" });
    const third = await call("PUT", `/api/flows/${id}`, { flow: { ...sampleFlow("v3"), id: "ignored" } });
    expect(third.body).toMatchObject({ version: 3, name: "v3" });
    expect(third.body.flow.id).toBe(id);

    const latest = await call("GET", `/api/flows/${id}`);
    expect(latest.body).toMatchObject({ version: 3, latestVersion: 3, name: "v3" });
    const first = await call("GET", `/api/flows/${id}?version=1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, latestVersion: 3, name: "v1" });
    expect(first.body.flow.name).toBe("v1");

    const list = await call("GET", "/api/flows");
    expect(list.body.flows[0]).toMatchObject({ id, name: "v3", version: 3 }); // most recently saved first
  });

  test("a save based on a stale version is refused with 409", async () => {
    const { id } = await create();
    expect((await call("PUT", `/api/flows/${id}`, { flow: sampleFlow("a"), baseVersion: 1 })).status).toBe(200);
    const stale = await call("PUT", `/api/flows/${id}`, { flow: sampleFlow("b"), baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    expect((await call("GET", `/api/flows/${id}`)).body).toMatchObject({ version: 2, name: "a" });
  });

  test("delete removes the flow and its versions; its runs stay", async () => {
    const { id } = await create();
    await call("PUT", `/api/flows/${id}`, { flow: sampleFlow("again") });
    const db = openDb(server.dataDir);
    try {
      db.prepare(
        "INSERT INTO runs (id, flow_id, flow_version, flow_name, input, status, started_at, updated_at) VALUES (?, ?, 2, 'again', 'hi', 'completed', ?, ?)",
      ).run(`run-${id}`, id, Date.now(), Date.now());

      const before = (await call("GET", "/api/flows")).body.flows.find((f: { id: string }) => f.id === id);
      expect(before.lastRun).toMatchObject({ id: `run-${id}`, status: "completed" });

      const res = await fetch(`${server.url}/api/flows/${id}`, { method: "DELETE" });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
      expect((await call("GET", `/api/flows/${id}`)).status).toBe(404);
      expect((await call("GET", `/api/flows/${id}?version=1`)).status).toBe(404);
      expect(await flowIds()).not.toContain(id);
      expect((await call("DELETE", `/api/flows/${id}`)).status).toBe(404);

      const versions = db.prepare("SELECT count(*) AS n FROM flow_versions WHERE flow_id = ?").get(id) as { n: number };
      expect(versions.n).toBe(0);
      expect(db.prepare("SELECT id FROM runs WHERE id = ?").get(`run-${id}`)).toBeDefined();
    } finally {
      db.close();
    }
  });
});

describe("drafts and flows that do not parse", () => {
  test("a flow with graph errors is saved as a draft, with its problems", async () => {
    const created = await create(sampleFlow("Draft", ""));
    expect(created.valid).toBe(false);
    expect(created.problems).toContainEqual({
      path: "nodes[1].data.model",
      message: 'agent "writer" has no model',
      severity: "error",
      nodeId: "writer",
    });
    const summary = (await call("GET", "/api/flows")).body.flows.find((f: { id: string }) => f.id === created.id);
    expect(summary.valid).toBe(false);

    const fixed = await call("PUT", `/api/flows/${created.id}`, { flow: sampleFlow("Draft") });
    expect(fixed.body).toMatchObject({ version: 2, valid: true, problems: [] });
  });

  test("a newer schemaVersion is refused and nothing is stored", async () => {
    const before = await flowIds();
    const res = await call("POST", "/api/flows", { flow: { ...sampleFlow(), schemaVersion: 99 } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "invalid_request", path: "flow.schemaVersion" });
    expect(res.body.error.message).toMatch(/schema version 99, newer than this Tandem supports/);
    expect(res.body.error.problems).toHaveLength(1);
    expect(await flowIds()).toEqual(before);

    const { id } = await create();
    const put = await call("PUT", `/api/flows/${id}`, { flow: { ...sampleFlow("newer"), schemaVersion: 3 } });
    expect(put.status).toBe(422);
    expect((await call("GET", `/api/flows/${id}`)).body.version).toBe(1);
  });

  test("every shape problem is listed with its path under flow", async () => {
    const flow = sampleFlow();
    const bad = {
      ...flow,
      maxSteps: "lots",
      nodes: [flow.nodes[0], { ...flow.nodes[1], data: { name: 5 } }, { id: "x", type: "robot" }],
    };
    const res = await call("POST", "/api/flows", { flow: bad });
    expect(res.status).toBe(422);
    const paths = res.body.error.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["flow.maxSteps", "flow.nodes[1].data.name", "flow.nodes[2].type"]));
    expect(res.body.error.path).toBe(paths[0]);
    for (const p of res.body.error.problems) expect(p.severity).toBe("error");
  });
});

describe("bad requests", () => {
  test("malformed JSON is a 400 bad_json", async () => {
    const { id } = await create();
    for (const [method, path] of [["POST", "/api/flows"], ["PUT", `/api/flows/${id}`]] as const) {
      const res = await call(method, path, undefined, '{"flow": {');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: "bad_json", message: "the request body is not valid JSON" } });
    }
  });

  test("wrong types in the envelope name the field", async () => {
    const cases: [unknown, string][] = [
      [{}, "flow"],
      [{ flow: "a flow" }, "flow"],
      [[sampleFlow()], ""],
      [{ flow: { ...sampleFlow(), schemaVersion: "1" } }, "flow.schemaVersion"],
    ];
    for (const [body, path] of cases) {
      const res = await call("POST", "/api/flows", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.path).toBe(path);
    }
    const { id } = await create();
    const res = await call("PUT", `/api/flows/${id}`, { flow: sampleFlow(), baseVersion: "1" });
    expect(res.status).toBe(422);
    expect(res.body.error.path).toBe("baseVersion");
  });

  test("a body that is not JSON is a 415", async () => {
    const res = await fetch(`${server.url}/api/flows`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ flow: sampleFlow() }),
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe("unsupported_media_type");
  });

  test("unknown ids, versions and routes are 404 in the error shape", async () => {
    const { id } = await create();
    for (const [method, path, body] of [
      ["GET", "/api/flows/nope"],
      ["PUT", "/api/flows/nope", { flow: sampleFlow() }],
      ["DELETE", "/api/flows/nope"],
      ["GET", `/api/flows/${id}?version=7`],
      ["GET", "/api/nothing-here"],
      ["POST", "/api/flows/nope/else", {}],
    ] as const) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expect(typeof res.body.error.message).toBe("string");
    }
  });

  test("a version that is not a positive integer is a 422", async () => {
    const { id } = await create();
    for (const v of ["abc", "0", "1.5"]) {
      const res = await call("GET", `/api/flows/${id}?version=${v}`);
      expect(res.status).toBe(422);
      expect(res.body.error.path).toBe("version");
    }
  });
});

test("the OpenAPI document describes the flows resource from the same schemas", async () => {
  const res = await call("GET", "/api/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body;
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/api/flows", "/api/flows/{id}", "/api/models", "/api/health"]),
  );
  expect(Object.keys(doc.paths["/api/flows/{id}"])).toEqual(expect.arrayContaining(["get", "put", "delete"]));
  expect(doc.components.schemas.Flow.properties.nodes).toBeDefined();
  expect(doc.components.schemas.Error.properties.error).toBeDefined();
  expect(doc.paths["/api/flows"].post.responses["422"]).toBeDefined();
});
