// Bundles the CLI and the server (src/cli/main.ts) into dist/, so that `tandem` starts without
// compiling TypeScript: `node build.mjs`, or on demand from bin/tandem.js when dist/ is missing
// or older than the source. Each command, the HTTP stack and the OpenAI provider are their own
// chunks, loaded only by the commands that need them.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SERVER = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(SERVER, "..");
export const DIST = join(SERVER, "dist");
export const MAIN = join(DIST, "main.js");

// What the bundle is made of: a change to any of these makes it stale.
const SOURCE_DIRS = [join(SERVER, "src"), join(ROOT, "shared/src")];
const SOURCE_FILES = [fileURLToPath(import.meta.url), join(ROOT, "pnpm-lock.yaml")];

function newestSource() {
  let newest = 0;
  const files = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) for (const f of readdirSync(dir, { recursive: true })) files.push(join(dir, f));
  for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

// zod's messages in forty other languages are two fifths of what every command would compile;
// Tandem's errors are in English, so the bundle keeps that locale alone.
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    const locales = dirname(createRequire(join(ROOT, "shared/package.json")).resolve("zod/v4/locales/index.js"));
    b.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: locales,
    }));
  },
};

export function isStale() {
  try {
    return statSync(MAIN).mtimeMs < newestSource();
  } catch {
    return true; // not built yet
  }
}

export async function build() {
  const { build: bundle } = await import("esbuild");
  // Built beside dist/ and swapped in whole, so that a `tandem` starting meanwhile never loads half a build.
  const tmp = `${DIST}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const built = bundle({
    entryPoints: { main: join(SERVER, "src/cli/main.ts") },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    // Native (better-sqlite3), loaded through worker threads (pino), CommonJS that requires Node's
    // modules at run time (pg), or big and loaded on demand (openai, the MCP SDK).
    external: ["better-sqlite3", "pino", "pg", "openai", "@modelcontextprotocol/sdk"],
    // Where the repository root is from the bundle's files (src/http/studio.ts finds studio/dist with it).
    define: { TANDEM_ROOT_FROM_HERE: JSON.stringify("../../") },
    plugins: [zodEnglishOnly],
    logLevel: "warning",
  });
  await built.catch((e) => {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  });
  rmSync(DIST, { recursive: true, force: true });
  try {
    renameSync(tmp, DIST);
  } catch (e) {
    // Another process built it at the same time and swapped its own in first.
    rmSync(tmp, { recursive: true, force: true });
    if (isStale()) throw e;
  }
}

/** Builds when dist/ is missing or older than the source, saying so on stderr (it takes a few seconds). */
export async function buildIfStale() {
  if (!isStale()) return;
  process.stderr.write("tandem: building the CLI into server/dist (once per change to the source)\n");
  await build();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await build();
