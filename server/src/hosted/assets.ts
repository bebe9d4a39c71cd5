// The hosted page's script and style sheet, read once from server/src/hosted/assets/ (the
// repository's copy, also when the server runs bundled).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../http/studio.js";

const DIR = join(REPO_ROOT, "server/src/hosted/assets");

export const PAGE_ASSETS = {
  "page.js": "text/javascript; charset=utf-8",
  "page.css": "text/css; charset=utf-8",
} as const;
export type PageAsset = keyof typeof PAGE_ASSETS;

const read = new Map<PageAsset, string>();

export function pageAsset(name: PageAsset): string {
  let text = read.get(name);
  if (text === undefined) read.set(name, (text = readFileSync(join(DIR, name), "utf8")));
  return text;
}
