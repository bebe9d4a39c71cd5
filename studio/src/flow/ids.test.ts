import { templates, type Flow } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { copyFragment, pasteFragment } from "./clipboard.js";
import { createNode } from "./factory.js";

/** The writer/reviewer flow with its end node deleted but an edge still naming it. */
function dangling(): Flow {
  const flow = structuredClone(templates.find((t) => t.id === "writer-review")!.flow);
  flow.nodes = flow.nodes.filter((n) => n.id !== "end");
  return flow;
}

describe("ids of new nodes", () => {
  it("a new End node does not take the id of a missing node an edge names, so it picks up no edge", () => {
    const node = createNode("end", { x: 0, y: 0 }, dangling());
    expect(node.id).toBe("end_2");
    expect(node.data.name).toBe("end");
  });

  it("nor does a pasted node", () => {
    const source = templates.find((t) => t.id === "writer-review")!.flow;
    const fragment = copyFragment(source, new Set(["end"]))!;
    const pasted = pasteFragment(dangling(), fragment, 40);
    expect(pasted.nodeIds).toEqual(["end_2"]);
  });
});
