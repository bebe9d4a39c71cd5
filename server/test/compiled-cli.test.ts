// The compiled CLI (server/bin/tandem.js runs server/dist, building it when missing or stale) as
// `pnpm tandem`, `pnpm serve` and `pnpm start` run it: a flow run in a terminal, the run listed,
// and the server with its API and the repository's studio.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { cleanupCli, ROOT, runCli, runIdFrom, tempDir } from "./helpers/cli.js";
import { client, reviewFlow } from "./helpers/runs-api.js";
import { startServerProcess } from "./helpers/server-process.js";

afterAll(cleanupCli);

// The first command may build server/dist first.
const BUILD_MS = 120_000;

describe("the compiled CLI", () => {
  test("runs a flow asking in the terminal, then lists the run", async () => {
    const dataDir = tempDir();
    const r = await runCli(["run", "examples/hitl-review.flow.json", "--input", "compiled"], { dataDir, compiled: true, stdin: "approve\n", timeoutMs: BUILD_MS });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("✔ completed");
    const runs = await runCli(["runs"], { dataDir, compiled: true, timeoutMs: BUILD_MS });
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(new RegExp(`^${runIdFrom(r.stdout)}  Writer and human reviewer  completed `, "m"));
  });

  test("serves the API, driving a run to its end, and finds the studio in studio/dist", async () => {
    const server = await startServerProcess({ compiled: true, env: { TANDEM_SCRIPTED_DELAY_MS: "0" }, timeoutMs: BUILD_MS });
    try {
      const api = client(server.url);
      const studio = existsSync(join(ROOT, "studio/dist/index.html")) ? `${server.url}/` : "not built yet: run `pnpm build`";
      expect(await api.health()).toMatchObject({ ok: true, offline: true, studio });
      const id = await api.start(reviewFlow(), "served compiled");
      const { state } = await api.status(id, "waiting");
      expect((await api.answer(id, state.pending.requestId, { outcome: "approve" })).status).toBe(200);
      await api.status(id, "completed");
    } finally {
      await server.stop();
    }
  });
});
