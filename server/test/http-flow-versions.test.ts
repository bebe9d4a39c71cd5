// A flow's history over HTTP: who saved each version and why, restoring an earlier one, and the
// refusals (a message too long, a version that does not exist), on the real app and SQLite.
import { parseFlow } from "@tandem/shared";
import Database from "better-sqlite3";
import { join } from "node:path";
import { expect, test } from "vitest";
import { createFlowStore } from "../src/store/flows.js";
import { openSql } from "../src/store/open.js";
import { tempDir } from "./helpers/cli.js";
import { startPeopleApp, user, withPeopleApp } from "./helpers/people-app.js";
import { sampleFlow } from "./helpers/sample-flows.js";

const running = withPeopleApp([user("dana", "designer"), user("otto", "operator")]);
const as = (name: string) => running.app.as(name);

async function created(name = "Draft and review"): Promise<string> {
  const res = await as("dana").post("/api/flows", { flow: sampleFlow(name) });
  expect(res.status).toBe(201);
  return res.body.id;
}

test("the history lists every version newest first, with who saved it and the message", async () => {
  const id = await created("v1");
  expect((await as("dana").call("PUT", `/api/flows/${id}`, { flow: sampleFlow("v2"), message: "  Shorter drafts  " })).status).toBe(200);
  expect((await as("dana").call("PUT", `/api/flows/${id}`, { flow: sampleFlow("v3", ""), message: "" })).status).toBe(200);

  const res = await as("otto").get(`/api/flows/${id}/versions`);
  expect(res.status).toBe(200);
  const dana = { userId: "u-dana", name: "Dana" };
  expect(res.body.versions).toEqual([
    { version: 3, savedAt: expect.any(Number), savedBy: dana, message: null, valid: false },
    { version: 2, savedAt: expect.any(Number), savedBy: dana, message: "Shorter drafts", valid: true },
    { version: 1, savedAt: expect.any(Number), savedBy: dana, message: null, valid: true },
  ]);
  const times = res.body.versions.map((v: { savedAt: number }) => v.savedAt);
  expect(times).toEqual([...times].sort((a, b) => b - a));
});

test("restore saves the old document as a new version, and the versions between stay", async () => {
  const id = await created("first");
  await as("dana").call("PUT", `/api/flows/${id}`, { flow: sampleFlow("second"), message: "Renamed" });

  const restored = await as("dana").post(`/api/flows/${id}/versions/1/restore`);
  expect(restored.status).toBe(201);
  expect(restored.body).toMatchObject({ id, version: 3, latestVersion: 3, name: "first", valid: true });
  expect(restored.body.flow).toEqual((await as("dana").get(`/api/flows/${id}?version=1`)).body.flow);
  expect((await as("dana").get(`/api/flows/${id}`)).body).toMatchObject({ version: 3, name: "first" });

  const { versions } = (await as("dana").get(`/api/flows/${id}/versions`)).body;
  expect(versions.map((v: { version: number; message: string | null }) => [v.version, v.message])).toEqual([
    [3, "Restored version 1"],
    [2, "Renamed"],
    [1, null],
  ]);
  expect(versions[0].savedBy).toEqual({ userId: "u-dana", name: "Dana" });
});

test("a bad message is refused naming it (too long: 413 as for any text field), and no version is stored", async () => {
  const id = await created();
  const long = await as("dana").call("PUT", `/api/flows/${id}`, { flow: sampleFlow("longer"), message: "x".repeat(501) });
  expect(long.status).toBe(413);
  expect(long.body.error).toMatchObject({ code: "too_long", path: "message" });
  expect(long.body.error.message).toContain("the limit is 500 characters");
  const notText = await as("dana").call("PUT", `/api/flows/${id}`, { flow: sampleFlow("longer"), message: 42 });
  expect(notText.status).toBe(422);
  expect(notText.body.error.path).toBe("message");
  expect((await as("dana").get(`/api/flows/${id}/versions`)).body.versions).toHaveLength(1);
  expect((await as("dana").call("PUT", `/api/flows/${id}`, { flow: sampleFlow("longer"), message: "x".repeat(500) })).status).toBe(200);
});

test("an unknown version or flow is 404, a version that is not a number 422; nothing is saved", async () => {
  const id = await created();
  const unknown = await as("dana").post(`/api/flows/${id}/versions/9/restore`);
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.message).toContain("version 9");
  expect((await as("dana").post(`/api/flows/${id}/versions/first/restore`)).status).toBe(422);
  expect((await as("dana").get(`/api/flows/${id}/versions`)).body.versions).toHaveLength(1);
  expect((await as("dana").get("/api/flows/no-such-flow/versions")).status).toBe(404);
  expect((await as("dana").post("/api/flows/no-such-flow/versions/1/restore")).status).toBe(404);
});

test("reading the history needs flows.read; restoring needs flows.write", async () => {
  const id = await created();
  expect((await as("otto").post(`/api/flows/${id}/versions/1/restore`)).status).toBe(403);
  expect((await running.app.as("runner").get(`/api/flows/${id}/versions`)).status).toBe(200);
  expect((await as("dana").get(`/api/flows/${id}/versions`)).body.versions).toHaveLength(1);
});

test("without accounts the saver is the name in X-Tandem-Name (percent-encoded), else someone", async () => {
  const open = await startPeopleApp([]);
  try {
    const api = open.as();
    const res = await api.call("POST", "/api/flows", { flow: sampleFlow() }, { headers: { "x-tandem-name": encodeURIComponent("José Ñ") } });
    const id = res.body.id;
    await api.call("PUT", `/api/flows/${id}`, { flow: sampleFlow("two"), message: "By nobody in particular" });
    await api.call("POST", `/api/flows/${id}/versions/1/restore`, undefined, { headers: { "x-tandem-name": "  " } });
    const { versions } = (await api.get(`/api/flows/${id}/versions`)).body;
    expect(versions.map((v: { savedBy: unknown }) => v.savedBy)).toEqual([{ name: "someone" }, { name: "someone" }, { name: "José Ñ" }]);
  } finally {
    await open.close();
  }
});

test("a data directory from before the history gains its columns; old versions read as saved by nobody known", async () => {
  const dir = tempDir("tandem-old-versions-");
  const old = new Database(join(dir, "tandem.db"));
  old.exec(`
    CREATE TABLE flows (id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE flow_versions (flow_id TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, valid INTEGER NOT NULL,
      created_at INTEGER NOT NULL, PRIMARY KEY (flow_id, version)) WITHOUT ROWID;`);
  old.prepare("INSERT INTO flows VALUES ('f1', 'Old', 1, 5, 5)").run();
  const parsed = parseFlow({ ...sampleFlow("Old"), id: "f1" });
  if (!parsed.ok) throw new Error("the sample flow parses");
  old.prepare("INSERT INTO flow_versions VALUES ('f1', 1, ?, 1, 5)").run(JSON.stringify(parsed.flow));
  old.close();

  const { sql } = await openSql(dir);
  try {
    const flows = createFlowStore(sql);
    expect(await flows.versions("f1")).toEqual([{ version: 1, savedAt: 5, savedBy: null, message: null, valid: true }]);
    expect((await flows.get("f1"))?.name).toBe("Old");
    expect(await flows.restore("f1", 1, { name: "Ana" })).toMatchObject({ version: 2, name: "Old" });
    expect((await flows.versions("f1"))?.[0]).toMatchObject({ version: 2, savedBy: { name: "Ana" }, message: "Restored version 1" });
  } finally {
    await sql.close();
  }
});
