import { templates } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { layoutFlow } from "./layout.js";

describe("auto-layout", () => {
  it("lays a flow out left to right in routing order, without overlaps", () => {
    const flow = templates.find((t) => t.id === "qa-review")!.flow;
    const stacked = { ...flow, nodes: flow.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) };
    const laid = layoutFlow(stacked, new Map());
    const x = (id: string) => laid.nodes.find((n) => n.id === id)!.position.x;
    expect(x("user")).toBeLessThan(x("author"));
    expect(x("author")).toBeLessThan(x("qa"));
    expect(x("qa")).toBeLessThan(x("signoff"));
    expect(x("signoff")).toBeLessThan(x("end"));
    const boxes = laid.nodes.map((n) => n.position);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 216 || Math.abs(a.y - b.y) >= 100).toBe(true);
    }
    expect(laid.edges).toBe(stacked.edges);
  });
});
