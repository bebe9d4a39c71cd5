// The replay's performance targets, measured in headless Chromium against the real server:
//   open a 50,000-event run      ≤ 1 s    (navigation start → canvas, timeline and transcript drawn)
//   jump to a random point       ≤ 100 ms (a click on the timeline → the frame that shows it)
// The run is a generated export (~8 MB) taken in by POST /api/runs/import. Run:
// `node --import tsx e2e/bench/replay.bench.ts` after `pnpm build`. Uses TANDEM_URL when set,
// else starts a server as the e2e setup does. Not a test: it prints figures.
import { chromium, type Page } from "@playwright/test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { syntheticRun } from "../../studio/test/synthetic.js";
import { chromiumArgs, chromiumPath } from "../support/chromium.js";
import { REPO_ROOT, startServer } from "../support/server.js";
import { runWhenMain } from "./script.js";

const EVENTS = 50_000;
const OPEN_RUNS = 3;
const JUMPS = 30;
const TARGETS = { openMs: 1000, jumpMs: 100 };

export interface ReplayBench {
  events: number;
  openMs: number;
  jumpMedianMs: number;
  jumpWorstMs: number;
  pass: boolean;
}

// In-page scripts are strings: tsx compiles functions with helpers (__name) the page lacks.

/** Notes, from the page's first script, when the replay is drawn: canvas nodes, timeline, transcript. */
const WATCH_OPEN = `
  (function check() {
    const node = document.querySelector(".react-flow__node");
    const ready = node && getComputedStyle(node).visibility === "visible"
      && document.querySelector(".timeline") && document.querySelector(".transcript");
    if (ready) requestAnimationFrame(() => { window.replayReadyAt = performance.now(); });
    else requestAnimationFrame(check);
  })();
`;

/** Times each pointer press on the timeline until the frame after it (the one that shows the jump). */
const WATCH_JUMPS = `
  window.jumpTimes = [];
  document.querySelector(".timeline").addEventListener("pointerdown", () => {
    const started = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.jumpTimes.push(performance.now() - started)));
  }, true);
`;

async function openReplay(page: Page, url: string): Promise<number> {
  await page.goto("about:blank");
  await page.goto(url);
  const handle = await page.waitForFunction("window.replayReadyAt", undefined, { timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

async function jumps(page: Page, lastSeq: number): Promise<number[]> {
  await page.evaluate(WATCH_JUMPS);
  const box = await page.locator(".timeline").boundingBox();
  if (!box) throw new Error("no timeline");
  const timeline = page.locator(".timeline");
  for (let i = 0; i < JUMPS; i++) {
    const x = box.x + 12 + Math.random() * (box.width - 24);
    await page.mouse.click(x, box.y + box.height / 2);
    await page.waitForFunction(`window.jumpTimes.length === ${i + 1}`);
    const at = Number(await timeline.getAttribute("aria-valuenow"));
    if (!(at >= 1 && at <= lastSeq)) throw new Error(`the cursor is at ${at}, outside the run`);
  }
  return (await page.evaluate("window.jumpTimes")) as number[];
}

export async function main(): Promise<ReplayBench> {
  if (!existsSync(join(REPO_ROOT, "studio/dist/index.html"))) throw new Error("studio/dist is missing: run `pnpm build` first");
  const server = process.env.TANDEM_URL ? null : await startServer();
  const base = process.env.TANDEM_URL ?? server!.url;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const events = syntheticRun({ events: EVENTS });
    const body = JSON.stringify({ format: "tandem.run", version: 1, exportedAt: new Date().toISOString(), run: { id: "bench" }, events });
    const response = await fetch(`${base}/api/runs/import`, { method: "POST", headers: { "content-type": "application/json" }, body });
    if (!response.ok) throw new Error(`could not import the bench run: ${response.status} ${await response.text()}`);
    const { runId } = (await response.json()) as { runId: string };

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: WATCH_OPEN });
    const opens: number[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) opens.push(await openReplay(page, `${base}/#/sessions/${runId}`));
    const openMs = opens.sort((a, b) => a - b)[Math.floor(opens.length / 2)]!;
    await page.waitForTimeout(300);
    const times = (await jumps(page, events.length)).sort((a, b) => a - b);
    const jumpMedianMs = times[Math.floor(times.length / 2)]!;
    const jumpWorstMs = times[times.length - 1]!;
    const result: ReplayBench = {
      events: events.length,
      openMs,
      jumpMedianMs,
      jumpWorstMs,
      pass: openMs <= TARGETS.openMs && jumpWorstMs <= TARGETS.jumpMs,
    };
    const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
    console.log(`## Replay (${events.length.toLocaleString("en")} events, ${(body.length / 1e6).toFixed(1)} MB export, headless Chromium)`);
    console.log(`open replay      ${openMs.toFixed(0)} ms (median of ${OPEN_RUNS}: ${opens.map((o) => o.toFixed(0)).join(", ")}; target ≤ ${TARGETS.openMs} ms) ${mark(openMs <= TARGETS.openMs)}`);
    console.log(
      `jump             median ${jumpMedianMs.toFixed(1)} ms, worst ${jumpWorstMs.toFixed(1)} ms of ${JUMPS} random jumps (target ≤ ${TARGETS.jumpMs} ms each) ${mark(jumpWorstMs <= TARGETS.jumpMs)}`,
    );
    return result;
  } finally {
    await browser.close();
    await server?.stop();
  }
}

runWhenMain(import.meta.url, main);
