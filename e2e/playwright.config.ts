import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./support/chromium.js";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  // The journeys share one server; two workers fit the 2-core machines CI runs on.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  // Bounds for a test that hangs, not waits: every wait follows the page. They are generous so
  // that the suite passes on a machine busy with other work (a second suite, a build).
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  outputDir: "test-results/artifacts",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
