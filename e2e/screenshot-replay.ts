// Regenerates docs/studio-replay.png (a finished run replayed at the writer's second draft, its
// model call open in the inspector) against a fresh server: `node --import tsx e2e/screenshot-replay.ts`
// from the repository root, after `pnpm build`.
import { chromium, request as http } from "@playwright/test";
import { templateById } from "@tandem/shared";
import { join } from "node:path";
import { chromiumArgs, chromiumPath } from "./support/chromium.js";
import { createFlow } from "./support/fixtures.js";
import { REPO_ROOT, startServer } from "./support/server.js";
import { runToEnd } from "./support/sessions.js";

export async function main(out = join(REPO_ROOT, "docs/studio-replay.png")) {
  const server = await startServer();
  const api = await http.newContext({ baseURL: server.url });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const flowId = await createFlow(api, templateById("writer-review")!.flow);
    const record = await runToEnd(api, flowId, "A note to the team about Friday's release.", [
      { outcome: "revise", text: "Mention the rollback plan.", by: "Ada" },
      { outcome: "approve", edit: "Friday's release ships at 10:00; the rollback plan is attached.", by: "Ada" },
    ]);
    // The second draft, just written: the model call that wrote it is in the inspector.
    const second = record.events.filter((e) => e.type === "message" && e.nodeId === "writer")[1]!.seq;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/#/sessions/${record.run.id}?at=${second}`);
    await page.getByRole("region", { name: "Model call" }).waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await api.dispose();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
