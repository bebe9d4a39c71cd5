// The hosted page of a deployment over real HTTP, on a real SQLite data directory with accounts:
// the page and its headers, the form made from the flow's input schema, starting a run through it
// (recorded as started by the page), what its event stream shows, and what it refuses.
import type { CreateDeploymentRequest, RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { startDeploymentRun } from "../src/deploy/start.js";
import { user, withPeopleApp } from "./helpers/people-app.js";
import { reviewFlow } from "./helpers/runs-api.js";
import { subscribe } from "./helpers/sse-client.js";

const running = withPeopleApp([user("lee", "reviewer")]);

const INPUT_SCHEMA = {
  type: "object",
  properties: {
    topic: { type: "string", description: "What the summary is about" },
    words: { type: "integer", title: "Length in words" },
    tone: { type: "string", enum: ["plain", "warm"] },
    urgent: { type: "boolean" },
  },
  required: ["topic", "words"],
  additionalProperties: false,
};

/** writer (scripted) → reviewer (for Lee) → end, with the input schema when `form`. */
function flow(form: boolean) {
  const f = reviewFlow({ name: form ? "Summaries" : "Ask us", script: ["Rivers carry rain to the sea."] });
  Object.assign(f.nodes.find((n) => n.id === "reviewer")!.data!, { assignees: { users: ["lee"], roles: [] } });
  return form ? { ...f, inputSchema: INPUT_SCHEMA } : f;
}

let count = 0;
/** Saves the flow and deploys version 1 of it with these settings; returns the deployment and its page token. */
async function deploy(form = true, settings: Partial<CreateDeploymentRequest> = {}) {
  const { app } = running;
  const saved = await app.as().post("/api/flows", { flow: flow(form) });
  expect(saved.status, saved.text).toBe(201);
  const d = await app.runtime.deployments.create({ name: `page-${++count}`, flowId: saved.body.id, version: 1, pageEnabled: true, ...settings }, "tests");
  return { d, token: d.pagePath!.slice("/d/".length) };
}

const page = (path: string, init?: RequestInit) => fetch(`${running.app.url}${path}`, init);
const start = (token: string, body: unknown) => page(`/d/${token}/api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const runCount = async () => (await running.app.runtime.engine.listRuns({})).total;

describe("the hosted page", () => {
  it("is 404 for an unknown token and while the page is off, and the same page both ways", async () => {
    const { d, token } = await deploy();
    expect((await page(`/d/${token}`)).status).toBe(200);
    const unknown = await page("/d/no-such-token");
    await running.app.runtime.deployments.update(d.name, { pageEnabled: false });
    const off = await page(`/d/${token}`);
    expect(unknown.status).toBe(404);
    expect(off.status).toBe(404);
    expect(await off.text()).toBe(await unknown.text());
    expect((await start(token, { values: { topic: "rivers", words: 50 } })).status).toBe(404);
    // Nothing under /d/ falls through to the studio.
    expect((await page(`/d/${token}/elsewhere`)).status).toBe(404);
  });

  it("may be framed only by the deployment's allowed origins; X-Frame-Options only when none may", async () => {
    const open = await deploy(true, { allowedOrigins: ["https://shop.example.com", "http://127.0.0.1:4000"] });
    const res = await page(`/d/${open.token}?embed=1`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors https://shop.example.com http://127.0.0.1:4000");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const closed = await deploy(true);
    const strict = await page(`/d/${closed.token}`);
    expect(strict.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(strict.headers.get("x-frame-options")).toBe("DENY");
    // The page's API and files are framed by no one, whatever the deployment allows.
    expect((await page(`/d/${open.token}/api/runs/x`)).headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect((await page("/d/assets/page.js")).headers.get("x-frame-options")).toBe("DENY");
  });

  it("is a form made from the flow's input schema, with no inline script or style", async () => {
    const { token } = await deploy();
    const res = await page(`/d/${token}`);
    const html = await res.text();
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(html).toContain("<h1>Summaries</h1>");
    expect(html).toMatch(/<label for="f-topic">Topic <span class="req"/);
    expect(html).toMatch(/<input\s+id="f-topic"\s+name="topic"\s+type="text"[^>]*required/);
    expect(html).toContain("What the summary is about");
    expect(html).toMatch(/<label for="f-words">Length in words/);
    expect(html).toMatch(/<input\s+id="f-words"\s+name="words"\s+type="number"\s+step="1"/);
    expect(html).toMatch(/<select id="f-tone" name="tone"[^>]*>\s*<option value="">\(none\)<\/option>\s*<option value="plain">plain<\/option><option value="warm">warm<\/option>/);
    expect(html).toMatch(/<input type="checkbox" id="f-urgent" name="urgent" data-type="boolean"/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).toContain('<script type="module" src="/d/assets/page.js"></script>');
    const script = await page("/d/assets/page.js");
    expect(script.headers.get("content-type")).toContain("text/javascript");
    expect(await script.text()).toContain("new EventSource(");
    // Embedded: the same form, without the page's header and footer.
    const embedded = await (await page(`/d/${token}?embed=1`)).text();
    expect(embedded).toContain('id="f-topic"');
    expect(embedded).not.toContain("<h1>");
    expect(embedded).not.toContain("<footer");
  });

  it("is a message box when the flow declares no input", async () => {
    const { token } = await deploy(false);
    const html = await (await page(`/d/${token}`)).text();
    expect(html).toContain('<textarea id="f-input" name="input"');
    expect(html).toContain('data-mode="chat"');
  });

  it("starts a run of the pinned version recorded as started by the page, with the values as JSON, and streams what the page shows", async () => {
    const { d, token } = await deploy();
    const res = await start(token, { values: { words: 50, topic: "rivers", urgent: false } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { runId } = (await res.json()) as { runId: string };
    const started = (await running.app.runtime.engine.events(runId))[0] as Extract<RunEvent, { type: "run.started" }>;
    expect(started.deployment).toEqual({ name: d.name, via: "page" });
    expect(started.flowVersion).toBe(1);
    expect(started.input).toBe('{"topic":"rivers","words":50,"urgent":false}');

    const stream = await subscribe(`${running.app.url}/d/${token}/api/runs/${runId}/events`);
    expect(stream.headers.get("content-type"), stream.raw()).toContain("text/event-stream");
    await stream.waitFor((e) => (e as unknown as { type: string }).type === "waiting");
    const shown = stream.events as unknown as { type: string; [k: string]: unknown }[];
    expect(shown.filter((e) => e.type === "message")).toEqual([{ type: "message", name: "writer", text: "Rivers carry rain to the sea." }]);
    expect(shown.find((e) => e.type === "waiting")).toEqual({ type: "waiting", for: "Lee" });
    // The page shows words and waits; never the flow, its system messages or the input's raw events.
    expect(stream.raw()).not.toContain("You write.");
    expect(stream.raw()).not.toContain("run.started");
    const status = await (await page(`/d/${token}/api/runs/${runId}`)).json();
    expect(status).toEqual({ runId, status: "waiting", messages: [{ name: "writer", text: "Rivers carry rain to the sea." }], waitingFor: "Lee", output: null, error: null });

    // Lee answers in Tasks, as in any run: the page goes on and shows the answer.
    const requestId = (await running.app.runtime.engine.state(runId))!.pending!.requestId;
    expect((await running.app.as("lee").answer(runId, requestId, { outcome: "approve" })).status).toBe(200);
    await stream.closed;
    expect(shown.some((e) => e.type === "resumed")).toBe(true);
    expect(shown.at(-1)).toEqual({ type: "finished", status: "completed", output: "Rivers carry rain to the sea." });
  });

  it("reaches only the runs it started: not another page's, not the endpoint's, not the studio's", async () => {
    const mine = await deploy();
    const other = await deploy();
    const res = await start(other.token, { values: { topic: "rivers", words: 5 } });
    const { runId: othersPage } = (await res.json()) as { runId: string };
    const { engine, flows } = running.app.runtime;
    const viaApi = startDeploymentRun({ engine, flows }, mine.d, '{"topic":"x","words":1}', { via: "api" }).id;
    const studio = await running.app.as().start(flow(true), "plain");
    for (const runId of [othersPage, viaApi, studio, "no-such-run"]) {
      const status = await page(`/d/${mine.token}/api/runs/${runId}`);
      expect(status.status, runId).toBe(404);
      expect(((await status.json()) as { error: { message: string } }).error.message).toBe("this page started no such run");
      expect((await page(`/d/${mine.token}/api/runs/${runId}/events`)).status, runId).toBe(404);
    }
  });

  it("refuses bad input with 422 naming the field, and starts nothing", async () => {
    const form = await deploy();
    const chat = await deploy(false);
    const before = await runCount();
    const cases: [string, unknown, string, string][] = [
      [form.token, { values: { topic: "rivers", words: "fifty" } }, "values.words", "words: expected an integer, got string"],
      [form.token, { values: { words: 5 } }, "values.topic", "topic: required"],
      [form.token, { values: { topic: "a", words: 5, tone: "loud" } }, "values.tone", 'tone: expected one of "plain", "warm"'],
      [form.token, { values: { topic: "a", words: 5, colour: "red" } }, "values.colour", "colour: not a field of this form"],
      [form.token, { input: "just text" }, "values", "values: expected the form's values, as an object"],
      [chat.token, { input: "  " }, "input", "input: expected the message, as text"],
      [chat.token, { input: "hi", extra: 1 }, "extra", 'extra: unknown field "extra"'],
    ];
    for (const [token, body, path, message] of cases) {
      const res = await start(token, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "invalid_input", path, message });
    }
    const notJson = await page(`/d/${chat.token}/api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect(await runCount()).toBe(before);
  });

  it("keeps to the deployment's limits: runs per minute (429 with Retry-After) and body size (413)", async () => {
    const { token } = await deploy(false, { limits: { runsPerMinute: 2, bodyBytes: 200 } });
    expect((await start(token, { input: "one" })).status).toBe(201);
    expect((await start(token, { input: "two" })).status).toBe(201);
    const third = await start(token, { input: "three" });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    const big = await start(token, { input: "x".repeat(500) });
    expect(big.status).toBe(413);
  });
});
