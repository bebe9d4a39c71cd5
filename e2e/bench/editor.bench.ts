// The editor's performance targets, measured in headless Chromium against the real server:
//   open a 1,000-node / 1,500-edge flow  ≤ 1.5 s   (navigation start → nodes drawn)
//   pan that flow                        ≥ 50 fps  (frames while dragging the canvas)
//   initial JS of the studio             ≤ 300 KB gzip (what index.html loads)
// Run: `node --import tsx e2e/bench/editor.bench.ts` after `pnpm build`. Uses TANDEM_URL when
// set, else starts a server as the e2e setup does. Not a test: it prints figures.
import { chromium, type Page } from "@playwright/test";
import { FLOW_SCHEMA_VERSION, type Flow, type FlowEdge, type FlowNode } from "@tandem/shared";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromiumArgs, chromiumPath } from "../support/chromium.js";
import { REPO_ROOT, startServer } from "../support/server.js";
import { runWhenMain } from "./script.js";

const NODES = 1000;
const EDGES = 1500;
const OPEN_RUNS = 3;
const TARGETS = { openMs: 1500, panFps: 50, initialJsKb: 300 };

export interface EditorBench {
  openMs: number;
  panFps: number;
  worstFrameMs: number;
  initialJsKb: number;
  pass: boolean;
}

/** A valid flow of the given size on a grid: a chain start → … → end, plus skip edges. */
export function bigFlow(nodes = NODES, edges = EDGES): Flow {
  const columns = 40;
  const list: FlowNode[] = [];
  for (let i = 0; i < nodes; i++) {
    const position = { x: (i % columns) * 300, y: Math.floor(i / columns) * 180 };
    const id = `n${i}`;
    if (i === 0) list.push({ id, type: "start", position, data: { name: "user" } });
    else if (i === nodes - 1) list.push({ id, type: "end", position, data: { name: "end" } });
    else if (i % 5 === 0) {
      list.push({ id, type: "human", position, data: { name: `person_${i}`, instructions: "Check the step.", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: true, allowEdit: false } });
    } else {
      list.push({ id, type: "agent", position, data: { name: `agent_${i}`, model: "openai/gpt-4o-mini", systemMessage: `Step ${i} of a long flow.` } });
    }
  }
  // Skip edges first: routing tries them before the chain edge of the same node.
  const skips: FlowEdge[] = [];
  for (let i = 1; skips.length < edges - (nodes - 1) && i < nodes - 2; i++) {
    skips.push({ id: `s${i}`, source: `n${i}`, target: `n${i + 2}`, data: { when: { kind: "contains", value: "skip" } } });
  }
  const chain: FlowEdge[] = [];
  for (let i = 0; i < nodes - 1; i++) chain.push({ id: `c${i}`, source: `n${i}`, target: `n${i + 1}`, data: {} });
  return { schemaVersion: FLOW_SCHEMA_VERSION, name: "Bench: 1,000 nodes", maxSteps: 5000, nodes: list, edges: [...skips, ...chain] };
}

/** Gzip size of the JS index.html loads up front (its entry script and modulepreloads). */
export function initialJsKb(dist = join(REPO_ROOT, "studio/dist")): number {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const files = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file.replace(/^\//, "")))).length, 0);
  return bytes / 1024;
}

// In-page scripts are strings: tsx compiles functions with helpers (__name) the page lacks.

/** Notes, from the page's first script, when the first node is measured and shown. */
const WATCH_FIRST_NODE = `
  (function check() {
    const node = document.querySelector(".react-flow__node");
    if (node && getComputedStyle(node).visibility === "visible") window.firstNodeAt = performance.now();
    else requestAnimationFrame(check);
  })();
`;

/** Records the time of every frame until window.recording is false. */
const RECORD_FRAMES = `
  window.frameTimes = [];
  window.recording = true;
  requestAnimationFrame(function tick(t) {
    window.frameTimes.push(t);
    if (window.recording) requestAnimationFrame(tick);
  });
`;

/** Navigation start → the flow's nodes drawn, in ms. */
async function openFlow(page: Page, url: string): Promise<number> {
  await page.goto("about:blank");
  await page.goto(url);
  const handle = await page.waitForFunction("window.firstNodeAt", undefined, { timeout: 30_000 });
  return (await handle.jsonValue()) as number;
}

async function panFps(page: Page): Promise<{ fps: number; worstFrameMs: number }> {
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("no canvas");
  await page.evaluate(RECORD_FRAMES);
  const x = pane.x + pane.width / 2;
  const y = pane.y + pane.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  // Two seconds of dragging back and forth, a move every ~8 ms (faster than frames).
  const started = Date.now();
  for (let i = 0; Date.now() - started < 2000; i++) {
    const phase = (i % 100) / 100;
    await page.mouse.move(x + Math.sin(phase * Math.PI * 2) * 300, y + Math.cos(phase * Math.PI * 2) * 150);
    await new Promise((r) => setTimeout(r, 8));
  }
  await page.mouse.up();
  const frames = (await page.evaluate("window.recording = false; window.frameTimes")) as number[];
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const span = frames[frames.length - 1]! - frames[0]!;
  return { fps: ((frames.length - 1) / span) * 1000, worstFrameMs: Math.max(...gaps) };
}

export async function main(): Promise<EditorBench> {
  const dist = join(REPO_ROOT, "studio/dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("studio/dist is missing: run `pnpm build` first");
  const jsKb = initialJsKb(dist);
  const server = process.env.TANDEM_URL ? null : await startServer();
  const base = process.env.TANDEM_URL ?? server!.url;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const response = await fetch(`${base}/api/flows`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flow: bigFlow() }),
    });
    if (!response.ok) throw new Error(`could not store the bench flow: ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: WATCH_FIRST_NODE });
    const opens: number[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) opens.push(await openFlow(page, `${base}/#/flows/${id}`));
    const openMs = opens.sort((a, b) => a - b)[Math.floor(opens.length / 2)]!;
    await page.waitForTimeout(300);
    const pan = await panFps(page);
    const result: EditorBench = {
      openMs,
      panFps: pan.fps,
      worstFrameMs: pan.worstFrameMs,
      initialJsKb: jsKb,
      pass: openMs <= TARGETS.openMs && pan.fps >= TARGETS.panFps && jsKb <= TARGETS.initialJsKb,
    };
    const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
    console.log(`## Studio editor (${NODES} nodes, ${EDGES} edges, headless Chromium)`);
    console.log(`open flow        ${openMs.toFixed(0)} ms (median of ${OPEN_RUNS}; target ≤ ${TARGETS.openMs} ms) ${mark(openMs <= TARGETS.openMs)}`);
    console.log(`pan              ${pan.fps.toFixed(1)} fps, worst frame ${pan.worstFrameMs.toFixed(0)} ms (target ≥ ${TARGETS.panFps} fps) ${mark(pan.fps >= TARGETS.panFps)}`);
    console.log(`initial JS       ${jsKb.toFixed(1)} KB gzip (target ≤ ${TARGETS.initialJsKb} KB) ${mark(jsKb <= TARGETS.initialJsKb)}`);
    return result;
  } finally {
    await browser.close();
    await server?.stop();
  }
}

runWhenMain(import.meta.url, main);
