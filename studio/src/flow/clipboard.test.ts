import { templateById } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { lintFlow } from "./check.js";
import { copyFragment, pasteFragment } from "./clipboard.js";

describe("copy and paste", () => {
  it("copies nodes with the edges between them only", () => {
    const flow = templateById("writer-review")!.flow;
    const fragment = copyFragment(flow, new Set(["writer", "reviewer"]))!;
    expect(fragment.nodes.map((n) => n.id)).toEqual(["writer", "reviewer"]);
    expect(fragment.edges.map((e) => e.id)).toEqual(["e_writer_reviewer", "e_reviewer_writer"]);
    expect(copyFragment(flow, new Set())).toBeNull();
  });

  it("pastes with new ids, names and positions, wiring the copied edges to the copies", () => {
    const flow = templateById("writer-review")!.flow;
    const fragment = copyFragment(flow, new Set(["writer", "reviewer"]))!;
    const once = pasteFragment(flow, fragment, 40);
    expect(once.nodeIds).toEqual(["writer_2", "reviewer_2"]);
    const copy = once.flow.nodes.find((n) => n.id === "writer_2")!;
    expect(copy.data.name).toBe("writer_2");
    expect(copy.position).toEqual({ x: 280, y: 140 });
    const edges = once.flow.edges.filter((e) => once.edgeIds.includes(e.id));
    expect(edges.map((e) => [e.source, e.target, e.data.when?.kind])).toEqual([
      ["writer_2", "reviewer_2", undefined],
      ["reviewer_2", "writer_2", "otherwise"],
    ]);
    const twice = pasteFragment(once.flow, fragment, 80);
    expect(twice.nodeIds).toEqual(["writer_3", "reviewer_3"]);
    // The copies add no new errors: ids and names stay unique.
    expect(lintFlow(twice.flow).problems.filter((p) => p.message.includes("duplicate") || p.message.includes("used by another"))).toEqual([]);
  });
});
