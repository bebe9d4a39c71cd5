import type { Flow } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { curlExample, describeChanges, localTime, nameFromFlow, parseOrigins, percent, versionsUpTo } from "./format.js";

const flow = (): Flow => ({
  schemaVersion: 2,
  name: "Reply",
  maxSteps: 10,
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
    { id: "writer", type: "agent", position: { x: 200, y: 0 }, data: { name: "writer", model: "scripted/demo", systemMessage: "Write." } },
    { id: "end", type: "end", position: { x: 400, y: 0 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e1", source: "user", target: "writer", data: {} },
    { id: "e2", source: "writer", target: "end", data: {} },
  ],
});

describe("deployment formatting", () => {
  it("says an error rate as a percentage, and a dash before any run finished", () => {
    expect(percent(null)).toBe("—");
    expect(percent(0)).toBe("0%");
    expect(percent(0.25)).toBe("25%");
    expect(percent(1 / 3)).toBe("33.3%");
  });

  it("writes a curl call with a placeholder for the key", () => {
    const curl = curlExample("http://localhost:8787", "support-bot");
    expect(curl).toContain("curl -X POST 'http://localhost:8787/api/deployments/support-bot/runs?wait=true'");
    expect(curl).toContain("Authorization: Bearer $TANDEM_DEPLOYMENT_KEY");
    expect(curl).toContain(`-d '{"input": "Hello"}'`);
  });

  it("reads allowed origins one per line or comma-separated, without blanks or repeats", () => {
    expect(parseOrigins(" https://a.example \n\nhttps://b.example, https://a.example,")).toEqual(["https://a.example", "https://b.example"]);
    expect(parseOrigins("  ")).toEqual([]);
  });

  it("shows a time in the zone asked for", () => {
    const at = Date.UTC(2026, 11, 2, 9, 0);
    expect(localTime(at, "UTC")).toBe("Wed, Dec 2, 09:00");
    expect(localTime(at, "Asia/Tokyo")).toBe("Wed, Dec 2, 18:00");
  });

  it("lists the versions one can pick, newest first", () => {
    expect(versionsUpTo(3)).toEqual([3, 2, 1]);
    expect(versionsUpTo(1)).toEqual([1]);
  });

  it("counts what changed between two versions, not where nodes moved", () => {
    const a = flow();
    expect(describeChanges(a, flow())).toBe("no changes");
    const moved = flow();
    moved.nodes[1]!.position = { x: 999, y: 999 };
    expect(describeChanges(a, moved)).toBe("no changes");
    // The same fields in another order (as a saved copy may come back) are no change.
    const reordered = JSON.parse(JSON.stringify(a, ["nodes", "edges", "maxSteps", "name", "schemaVersion", "id", "type", "data", "position", "source", "target", "x", "y", "model", "systemMessage"])) as Flow;
    expect(Object.keys(reordered)).not.toEqual(Object.keys(a));
    expect(describeChanges(a, reordered)).toBe("no changes");
    const b = flow();
    b.nodes[1] = { ...b.nodes[1]!, data: { ...b.nodes[1]!.data, name: "editor" } } as Flow["nodes"][number];
    b.nodes.push({ id: "end2", type: "end", position: { x: 0, y: 0 }, data: { name: "end 2" } });
    b.edges = b.edges.filter((e) => e.id !== "e2");
    b.maxSteps = 20;
    expect(describeChanges(a, b)).toBe("1 node added, 1 node changed, 1 edge removed, flow settings changed");
  });

  it("proposes a deployment name from the flow's name", () => {
    expect(nameFromFlow("Support bot (v2)")).toBe("support-bot-v2");
    expect(nameFromFlow("  Écrire!  ")).toBe("crire");
    expect(nameFromFlow("x".repeat(80))).toHaveLength(64);
  });
});
