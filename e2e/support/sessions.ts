// Helpers for the sessions journeys: runs driven to the end through the API (a person's answers
// posted as they are asked), and what the replay view shows.
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import type { AnswerRequest, RunRecord } from "@tandem/shared";
import { expect } from "./fixtures.js";
import { startRunApi } from "./runs.js";

export async function getRun(request: APIRequestContext, runId: string): Promise<RunRecord> {
  const response = await request.get(`/api/runs/${runId}`);
  expect(response.ok()).toBe(true);
  return response.json();
}

/** Polls the run until `done` holds for it. */
export async function waitForRun(request: APIRequestContext, runId: string, done: (r: RunRecord) => boolean, timeoutMs = 20_000): Promise<RunRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const record = await getRun(request, runId);
    if (done(record)) return record;
    if (Date.now() > until) throw new Error(`run ${runId} did not get there in ${timeoutMs} ms (status ${record.state.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a run of a saved flow and answers each question a person is asked, in order, until it finishes. */
export async function runToEnd(request: APIRequestContext, flowId: string, input: string, answers: AnswerRequest[]): Promise<RunRecord> {
  const runId = await startRunApi(request, flowId, input);
  for (const answer of answers) {
    const { state } = await waitForRun(request, runId, (r) => r.state.pending !== null || r.state.finishStatus !== undefined);
    if (!state.pending) throw new Error(`run ${runId} finished before every answer was given`);
    const response = await request.post(`/api/runs/${runId}/human/${state.pending.requestId}`, { data: answer });
    expect(response.ok()).toBe(true);
  }
  return waitForRun(request, runId, (r) => r.state.finishStatus !== undefined);
}

export const timeline = (page: Page): Locator => page.getByRole("slider", { name: "Timeline" });
export const inspector = (page: Page): Locator => page.getByRole("complementary", { name: "Event inspector" });
export const replayTranscript = (page: Page): Locator => page.getByRole("region", { name: "Transcript at the cursor" });

export async function openReplay(page: Page, runId: string) {
  await page.goto(`/#/sessions/${runId}`);
  await expect(timeline(page)).toBeVisible();
}

/** The cursor's event, as the timeline tells a screen reader: "Event 12 of 40: …". */
export async function cursor(page: Page): Promise<number> {
  return Number(await timeline(page).getAttribute("aria-valuenow"));
}
