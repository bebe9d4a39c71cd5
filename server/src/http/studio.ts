// The built studio under `/`, with the single-page-app fallback: any non-API path without a
// file extension answers index.html so that deep links (/flows/abc) load the app. Until the
// studio is built, those paths answer a short page that says how to build it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { isApi } from "./security.js";

// From this file to the repository root: src/http/ in the source; the bundle (build.mjs) sets its own.
declare const TANDEM_ROOT_FROM_HERE: string | undefined;
const ROOT_FROM_HERE = typeof TANDEM_ROOT_FROM_HERE === "string" ? TANDEM_ROOT_FROM_HERE : "../../../";
/** The repository's root directory. */
export const REPO_ROOT = fileURLToPath(new URL(ROOT_FROM_HERE, import.meta.url));
export const DEFAULT_STUDIO_DIR = join(REPO_ROOT, "studio/dist");

const NOT_BUILT = `<!doctype html>
<meta charset="utf-8">
<title>Tandem</title>
<h1>Tandem</h1>
<p>The studio is not built yet. Run <code>pnpm build</code> in the repository, then reload this page.</p>
<p>The API is at <a href="/api/health">/api</a> (described in <a href="/api/openapi.json">/api/openapi.json</a>).</p>
`;

/** Checked on each use so that building the studio while the server runs just works. */
export function studioBuilt(dir: string): boolean {
  return existsSync(join(dir, "index.html"));
}

export function mountStudio(app: OpenAPIHono, dir: string): void {
  // Built on first use: serveStatic complains at creation when its root does not exist yet.
  let handlers: { files: MiddlewareHandler; index: MiddlewareHandler } | undefined;
  const serve = () =>
    (handlers ??= {
      files: serveStatic({
        root: dir,
        // Vite puts a content hash in every asset name, so they never change.
        onFound: (path, c) => {
          c.header("Cache-Control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        },
      }),
      index: serveStatic({ root: dir, path: "index.html", onFound: (_, c) => c.header("Cache-Control", "no-cache") }),
    });
  // A path that names a file (has an extension) and is missing is a 404, not the app.
  const namesFile = (path: string) => /\.[^/]*$/.test(path);
  const missing = async () => {};

  app.get("*", async (c, next) => {
    if (isApi(c.req.path)) return next();
    if (!studioBuilt(dir)) return namesFile(c.req.path) ? next() : c.html(NOT_BUILT);
    const { files, index } = serve();
    const file = await files(c, missing);
    if (file) return file;
    return namesFile(c.req.path) ? next() : index(c, next);
  });
}
