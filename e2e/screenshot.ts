// Regenerates docs/studio-editor.png (the README's picture of the editor) against a fresh server:
// `node --import tsx e2e/screenshot.ts` from the repository root, after `pnpm build`.
import { chromium } from "@playwright/test";
import { templateById } from "@tandem/shared";
import { join } from "node:path";
import { chromiumArgs, chromiumPath } from "./support/chromium.js";
import { REPO_ROOT, startServer } from "./support/server.js";

export async function main(out = join(REPO_ROOT, "docs/studio-editor.png")) {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const response = await fetch(`${server.url}/api/flows`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flow: templateById("writer-review")!.flow }),
    });
    const { id } = (await response.json()) as { id: string };
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/#/flows/${id}`);
    await page.locator('.react-flow__node[data-id="reviewer"]').click();
    await page.getByText("Ready to run").waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
