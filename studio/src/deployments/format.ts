// How a deployment's figures, snippets and versions read in the studio: pure, so they are tested
// without a browser.
import { diffFlows, type Flow } from "@tandem/shared";

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
  const { nodes, edges, settings } = diffFlows(from, to);
  const counted = (n: number, what: string) => (n ? [`${n} ${what}`] : []);
  const parts = [
    ...counted(nodes.added.length, nodes.added.length === 1 ? "node added" : "nodes added"),
    ...counted(nodes.removed.length, nodes.removed.length === 1 ? "node removed" : "nodes removed"),
    ...counted(nodes.changed.length, nodes.changed.length === 1 ? "node changed" : "nodes changed"),
    ...counted(edges.added.length, edges.added.length === 1 ? "edge added" : "edges added"),
    ...counted(edges.removed.length, edges.removed.length === 1 ? "edge removed" : "edges removed"),
    ...counted(edges.changed.length, edges.changed.length === 1 ? "edge changed" : "edges changed"),
    ...(settings.length ? ["flow settings changed"] : []),
  ];
  return parts.length ? parts.join(", ") : "no changes";
}

/** A deployment name proposed from a flow's name: "Support bot (v2)" → "support-bot-v2". */
export function nameFromFlow(flowName: string): string {
  return flowName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 64)
    .replace(/^-+|-+$/g, "");
}
