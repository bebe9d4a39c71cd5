// Regenerates the documentation's pictures against a fresh server, with data made through the
// API: the editor and a run streaming in it (README), a replay, a flow's history compared, a
// deployment, an evaluation report.
// `node --import tsx e2e/screenshot.ts` from the repository root, after `pnpm build`.
import { chromium, type Page } from "@playwright/test";
import { templateById, type Flow, type RunRecord } from "@tandem/shared";
import { join } from "node:path";
import { chromiumArgs, chromiumPath } from "./support/chromium.js";
import { REPO_ROOT, startServer } from "./support/server.js";

const docs = (name: string) => join(REPO_ROOT, "docs", name);

export async function main() {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const until = async (runId: string, done: (r: RunRecord) => boolean): Promise<RunRecord> => {
    for (;;) {
      const record = await call<RunRecord>("GET", `/api/runs/${runId}`);
      if (done(record)) return record;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** Answers each question of the run in turn ("revise" once when asked to, then "approve"). */
  const answer = async (runId: string, outcomes: string[]) => {
    for (const outcome of outcomes) {
      const { state } = await until(runId, (r) => r.state.pending !== null || r.state.finishStatus !== undefined);
      if (!state.pending) return;
      await call("POST", `/api/runs/${runId}/human/${state.pending.requestId}`, { outcome, by: "Kim", ...(outcome === "revise" ? { text: "Shorter, please." } : {}) });
    }
    await until(runId, (r) => r.state.finishStatus !== undefined);
  };

  try {
    const flow = templateById("writer-review")!.flow;
    const { id } = await call<{ id: string }>("POST", "/api/flows", { flow });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });

    // The editor, the reviewer selected.
    await page.goto(`${server.url}/#/flows/${id}`);
    await page.locator('.react-flow__node[data-id="reviewer"]').click();
    await page.getByText("Ready to run").waitFor();
    await shot(page, "studio-editor.png");

    // Runs for the deployment and the evaluation: one approved at once, one after a revision.
    const runIds: string[] = [];
    for (const [input, outcomes] of [
      ["A launch note for the new search", ["approve"]],
      ["A pricing page headline", ["revise", "approve"]],
      ["A welcome email for new teams", ["approve"]],
    ] as const) {
      const { runId } = await call<{ runId: string }>("POST", `/api/flows/${id}/runs`, { input });
      await answer(runId, [...outcomes]);
      runIds.push(runId);
    }

    // A run streaming in the editor: the writer's offline reply is long enough to catch mid-way.
    const streaming = structuredClone(flow);
    const drafter = streaming.nodes.find((n) => n.id === "writer")!;
    if (drafter.type === "agent") drafter.data.script = [PITCH];
    const pitch = await call<{ id: string }>("POST", "/api/flows", { flow: streaming });
    const { runId: live } = await call<{ runId: string }>("POST", `/api/flows/${pitch.id}/runs`, { input: "Write a one-line pitch for Tandem, with a few reasons." });
    await page.goto(`${server.url}/#/flows/${pitch.id}/runs/${live}`);
    await page.getByText("the writer streams its draft").waitFor();
    await shot(page, "studio-run.png");

    // The revised run replayed at the writer's second draft.
    const revised = await call<RunRecord>("GET", `/api/runs/${runIds[1]}`);
    const second = revised.events.filter((e) => e.type === "message" && e.nodeId === "writer")[1]!;
    await page.goto(`${server.url}/#/sessions/${runIds[1]}?at=${second.seq}`);
    await page.getByRole("region", { name: "Transcript at the cursor" }).waitFor();
    await shot(page, "studio-replay.png");

    // A second version, then the history comparing the two.
    const saved = await call<{ version: number; flow: Flow }>("GET", `/api/flows/${id}`);
    const writer = saved.flow.nodes.find((n) => n.id === "writer")!;
    if (writer.type === "agent") writer.data.systemMessage = "Write a short, friendly draft of at most three sentences.";
    await call("PUT", `/api/flows/${id}`, { flow: saved.flow, baseVersion: saved.version, message: "Shorter drafts" });
    await page.goto(`${server.url}/#/flows/${id}`);
    await page.getByRole("tab", { name: "History" }).click();
    const history = page.getByRole("region", { name: "History" });
    await history.getByRole("listitem", { name: "Version 1" }).getByRole("checkbox").check();
    await history.getByRole("listitem", { name: "Version 2" }).getByRole("checkbox").check();
    await history.getByRole("button", { name: "Show changes" }).click();
    await page.getByRole("region", { name: "Changes from version 1 to version 2" }).waitFor();
    await shot(page, "studio-history.png");

    // A deployment with a few runs through its endpoint.
    await call("POST", "/api/deployments", { name: "writer-review", flowId: id, version: 2, pageEnabled: true, description: "Drafts reviewed by a person" });
    const { key } = await call<{ key: string }>("POST", "/api/deployments/writer-review/keys", { name: "website" });
    for (const input of ["A note for the changelog", "A tweet for the launch"]) {
      const started = await call<{ runId: string }>("POST", "/api/deployments/writer-review/runs?wait=true", { input }, { authorization: `Bearer ${key}` });
      await answer(started.runId, ["approve"]);
    }
    await page.goto(`${server.url}/#/deployments/writer-review`);
    await page.getByRole("heading", { level: 1, name: "writer-review" }).waitFor();
    await shot(page, "studio-deployment.png");

    // An evaluation of version 2 against the first runs, replayed from their recordings.
    const dataset = await call<{ id: string }>("POST", "/api/datasets", {
      name: "Reviewed drafts",
      runs: runIds.map((runId) => ({ runId, expected: { outcome: "approve" } })),
    });
    const evaluation = await call<{ id: string }>("POST", "/api/evaluations", {
      datasetId: dataset.id,
      flowId: id,
      version: 2,
      models: { kind: "recorded" },
      people: { kind: "recorded" },
      scorers: [{ kind: "outcome" }, { kind: "steps", max: 6 }],
    });
    for (;;) {
      const e = await call<{ status: string }>("GET", `/api/evaluations/${evaluation.id}`);
      if (e.status !== "running") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.goto(`${server.url}/#/evals/reports/${evaluation.id}`);
    await page.getByRole("region", { name: "Cases" }).locator("tr[data-case-id]").first().waitFor();
    await shot(page, "studio-evaluation.png");
  } finally {
    await browser.close();
    await server.stop();
  }
}

const PITCH = `## Tandem, in one line

**Agents draft, people decide** — and every step is kept, so any run can be replayed, stepped through or forked later.

Why it works:

- the writer streams its draft token by token
- a reviewer approves, asks for a revision, or edits the draft in place
- the whole conversation is an event log you can inspect call by call, with what each call cost
- the same flow runs from the studio, the terminal, or a deployment's endpoint`;

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: docs(name) });
  console.log(`wrote docs/${name}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
