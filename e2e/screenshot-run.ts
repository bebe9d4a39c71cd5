// Regenerates docs/studio-run.png (a run streaming in the editor) and docs/studio-human-card.png
// (the card a person answers) against a fresh server: `node --import tsx e2e/screenshot-run.ts`
// from the repository root, after `pnpm build`.
import { chromium } from "@playwright/test";
import { templateById } from "@tandem/shared";
import { join } from "node:path";
import { chromiumArgs, chromiumPath } from "./support/chromium.js";
import { REPO_ROOT, startServer } from "./support/server.js";

const DRAFT = [
  "## Tandem, in one line",
  "**Agents draft, people decide** — and every step is kept, so any run can be replayed, stepped through or forked later.",
  "Why it works:",
  "- the writer streams its draft token by token",
  "- a reviewer approves, asks for a revision, or edits the draft in place",
  "- the whole conversation is an event log you can replay",
].join("\n\n");

export async function main(outDir = join(REPO_ROOT, "docs")) {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const flow = structuredClone(templateById("writer-review")!.flow);
    for (const n of flow.nodes) if (n.type === "agent") n.data.script = [DRAFT];
    const response = await fetch(`${server.url}/api/flows`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flow }),
    });
    const { id } = (await response.json()) as { id: string };
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/#/flows/${id}`);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("textbox", { name: "Run input" }).fill("Write a one-line pitch for Tandem, with a few reasons.");
    await page.getByRole("button", { name: "Start run" }).click();
    // Mid-stream: the writer is running and its reply is half written.
    await page.locator("[data-streaming] li").first().waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(outDir, "studio-run.png") });
    const card = page.getByRole("region", { name: "reviewer needs a person" });
    await card.waitFor();
    await card.getByRole("textbox", { name: "Answer as" }).fill("Ada");
    await card.getByRole("textbox", { name: "Reply (optional)" }).fill("Lovely. Could the first line be shorter?");
    await page.screenshot({ path: join(outDir, "studio-human-card.png") });
    console.log(`wrote ${join(outDir, "studio-run.png")} and ${join(outDir, "studio-human-card.png")}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
