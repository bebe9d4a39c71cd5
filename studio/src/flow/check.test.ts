import { templateById } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { lintFlow } from "./check.js";
import { removeElements, setCondition, updateNodeData } from "./edits.js";
import { blankFlow } from "./factory.js";

const writer = () => templateById("writer-review")!.flow;

describe("lintFlow", () => {
  it("finds nothing wrong with a template", () => {
    expect(lintFlow(writer())).toMatchObject({ problems: [], errors: 0, warnings: 0 });
  });

  it("reports graph problems with their node", () => {
    const check = lintFlow(updateNodeData(writer(), "writer", { model: "" }));
    expect(check.errors).toBe(1);
    expect(check.problems[0]).toMatchObject({ nodeId: "writer", path: "nodes[1].data.model", message: 'agent "writer" has no model' });
    expect(check.nodes.get("writer")).toBe("error");
  });

  it("ties schema problems, which only have a path, to their node or edge", () => {
    let flow = updateNodeData(writer(), "reviewer", { name: "" });
    flow = setCondition(flow, "e_writer_reviewer", { kind: "contains", value: "" });
    const check = lintFlow(flow);
    expect(check.problems.find((p) => p.path === "nodes[2].data.name")).toMatchObject({ nodeId: "reviewer", severity: "error" });
    expect(check.problems.find((p) => p.path.startsWith("edges[1]"))).toMatchObject({ edgeId: "e_writer_reviewer" });
    expect(check.edges.get("e_writer_reviewer")).toBe("error");
  });

  it("says on the edge why a pattern is refused, as the server does", () => {
    const check = lintFlow(setCondition(writer(), "e_writer_reviewer", { kind: "regex", value: "^(?=.*done)" }));
    expect(check.problems).toEqual([
      {
        path: "edges[1].data.when.value",
        message: "lookahead (?=…) is not supported; patterns run in linear time",
        severity: "error",
        edgeId: "e_writer_reviewer",
      },
    ]);
  });

  it("lists errors before warnings and keeps the worst severity per element", () => {
    const flow = updateNodeData(templateById("fallback")!.flow, "worker", { maxVisits: undefined, model: "nope" });
    const check = lintFlow(flow);
    expect(check.problems.map((p) => p.severity)).toEqual(["error", "warning"]);
    expect(check.edges.get("e_checker_operator")).toBe("warning");
  });

  it("explains an empty or broken flow", () => {
    expect(lintFlow(blankFlow()).problems.map((p) => p.message)).toEqual(["the flow has no start node", "the flow has no end node"]);
    const orphan = lintFlow(removeElements(writer(), new Set(), new Set(["e_user_writer"])));
    expect(orphan.problems.map((p) => p.message)).toContain('"user" has no outgoing edge');
  });
});
