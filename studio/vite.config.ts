import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    // The API is the real Tandem server; run `pnpm serve` beside `pnpm dev`.
    // The API refuses foreign Host and Origin headers (DNS rebinding, cross-site requests), so
    // the dev proxy presents itself as the API's own origin.
    proxy: {
      "/api": { target: "http://127.0.0.1:8787", changeOrigin: true, headers: { origin: "http://127.0.0.1:8787" } },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    // The budget that matters is initial JS ≤ 300 KB gzip, measured by e2e/bench/editor.bench.ts.
    chunkSizeWarningLimit: 700,
  },
});
