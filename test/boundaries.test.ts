// The import rules (.dependency-cruiser.cjs) run against a small tree written for the test: each
// wrong import must fail the check, named with its rule, and the same tree without them must pass.
// Without this, a rule whose paths matched nothing would pass every tree in silence.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const CRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes the files (path → source) and runs the check there, as `pnpm test:boundaries` does. */
async function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tandem-boundaries-"));
  dirs.push(dir);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  for (const file of [".dependency-cruiser.cjs", "tsconfig.base.json"]) copyFileSync(join(ROOT, file), join(dir, file));
  const args = [CRUISE, "shared", "server", "studio", "--config", ".dependency-cruiser.cjs", "--output-type", "err"];
  return promisify(execFile)(process.execPath, args, { cwd: dir }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, output: e.stdout }),
  );
}

/** Each rule, with an import that breaks it (`from` imports `to`). */
const WRONG = [
  { rule: "studio-floor-canvas", from: "studio/src/canvas/Canvas.ts", to: "studio/src/editor/commands.ts" },
  { rule: "studio-floor-run-view", from: "studio/src/run-view/store.ts", to: "studio/src/run/RunPanel.ts" },
  { rule: "studio-floor-editor", from: "studio/src/editor/Toolbar.ts", to: "studio/src/sessions/replay.ts" },
  { rule: "studio-floor-router", from: "studio/src/router.ts", to: "studio/src/App.ts" },
  { rule: "studio-fixtures-only-in-tests", from: "studio/src/flow/ids.ts", to: "studio/test/synthetic.ts" },
  { rule: "studio-room-has-a-floor", from: "studio/src/extra/x.ts", to: "studio/src/ui/keys.ts" },
  { rule: "studio-talks-to-the-server-over-http", from: "studio/src/api/client.ts", to: "server/src/http/app.ts" },
  { rule: "shared-imports-nothing-of-ours", from: "shared/src/flow.ts", to: "server/src/index.ts" },
  { rule: "store-and-providers-below-engine", from: "server/src/store/flows.ts", to: "server/src/engine/engine.ts" },
  { rule: "engine-knows-no-adapters", from: "server/src/engine/run.ts", to: "server/src/http/app.ts" },
  { rule: "no-circular", from: "server/src/providers/a.ts", to: "server/src/providers/b.ts" },
];

/** The files of the tree, with or without the wrong imports (and the cycle's way back). */
function tree(wrong: boolean): Record<string, string> {
  const files: Record<string, string> = { "server/src/providers/b.ts": 'import "./a.js";\n' };
  for (const { from, to } of WRONG) {
    const spec = `${"../".repeat(dirname(from).split("/").length)}${to.replace(/\.ts$/, ".js")}`;
    files[from] = (files[from] ?? "") + (wrong ? `import "${spec}";\n` : "");
    files[to] ??= "";
  }
  for (const [path, source] of Object.entries(files)) files[path] = `${source}export {};\n`;
  return files;
}

describe("import rules", () => {
  it("every wrong import fails the check, each with its rule", async () => {
    const { code, output } = await check(tree(true));
    expect(code).not.toBe(0);
    for (const { rule, from, to } of WRONG) expect(output).toContain(`error ${rule}: ${from} → ${rule === "no-circular" ? "" : to}`);
  });

  it("the same tree without them passes", async () => {
    expect(await check(tree(false))).toEqual({ code: 0, output: expect.stringContaining("no dependency violations found") });
  });
});
