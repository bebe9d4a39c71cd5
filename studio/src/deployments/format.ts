// How a deployment's figures, snippets and versions read in the studio: pure, so they are tested
// without a browser.
import type { Flow } from "@tandem/shared";

/** An error rate (0..1) as a percentage; "—" before any run finished. */
export function percent(rate: number | null): string {
  if (rate === null) return "—";
  const value = rate * 100;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** The server's address as callers outside the studio reach it (the page's own origin). */
export function endpointUrl(origin: string, name: string): string {
  return `${origin}/api/deployments/${encodeURIComponent(name)}/runs`;
}

/** A curl call of the endpoint; the key is a placeholder, never a real one. */
export function curlExample(origin: string, name: string): string {
  return [
    `curl -X POST '${endpointUrl(origin, name)}?wait=true' \\`,
    `  -H 'Authorization: Bearer $TANDEM_DEPLOYMENT_KEY' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"input": "Hello"}'`,
  ].join("\n");
}

/** The one line another site pastes to show the hosted page. */
export function embedSnippet(origin: string, pagePath: string): string {
  return `<iframe src="${origin}${pagePath}?embed=1" width="480" height="640" style="border:0" title="Tandem"></iframe>`;
}

/** Allowed origins as typed, one per line or comma-separated: blanks dropped, duplicates once. */
export function parseOrigins(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean))];
}

/** A time in the reader's own zone (or `timeZone`): "Wed, Dec 2, 09:00". */
export function localTime(at: number, timeZone?: string): string {
  return new Date(at).toLocaleString("en", { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
}

/** Versions 1..latest, newest first: the saved versions one can publish or promote. */
export function versionsUpTo(latest: number): number[] {
  return Array.from({ length: latest }, (_, i) => latest - i);
}

/** What changed between two versions of a flow, in words: "2 nodes changed, 1 edge added". Moves on the canvas do not count. */
export function describeChanges(from: Flow, to: Flow): string {
  const parts = [...countChanges(from.nodes, to.nodes, "node"), ...countChanges(from.edges, to.edges, "edge")];
  const { nodes: _a, edges: _b, ...fromSettings } = from;
  const { nodes: _c, edges: _d, ...toSettings } = to;
  if (canonical(fromSettings) !== canonical(toSettings)) parts.push("flow settings changed");
  return parts.length ? parts.join(", ") : "no changes";
}

function countChanges<T extends { id: string; position?: unknown }>(before: T[], after: T[], noun: string): string[] {
  const old = new Map(before.map((item) => [item.id, content(item)]));
  const now = new Map(after.map((item) => [item.id, content(item)]));
  const added = [...now.keys()].filter((id) => !old.has(id)).length;
  const removed = [...old.keys()].filter((id) => !now.has(id)).length;
  const changed = [...now].filter(([id, text]) => old.has(id) && old.get(id) !== text).length;
  const counted = (n: number, what: string) => (n ? [`${n} ${noun}${n === 1 ? "" : "s"} ${what}`] : []);
  return [...counted(added, "added"), ...counted(removed, "removed"), ...counted(changed, "changed")];
}

/** An item without its place on the canvas. */
function content({ position: _, ...rest }: { position?: unknown }): string {
  return canonical(rest);
}

/** JSON with keys in one order: a saved copy may list the same fields in another. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A deployment name proposed from a flow's name: "Support bot (v2)" → "support-bot-v2". */
export function nameFromFlow(flowName: string): string {
  return flowName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 64)
    .replace(/^-+|-+$/g, "");
}
