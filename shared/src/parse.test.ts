// parseFlow: untrusted JSON in, a Flow or problems with the path of each bad field out.
import { describe, expect, it } from "vitest";
import { FLOW_SCHEMA_VERSION } from "./flow.js";
import { FLOW_LIMITS } from "./limits.js";
import { parseFlow } from "./parse.js";
import { describeProblems, formatPath, type Problem } from "./problems.js";

function validDoc() {
  return {
    schemaVersion: 2,
    name: "Review",
    nodes: [
      { id: "start", type: "start", position: { x: 0, y: 0 } },
      { id: "writer", type: "agent", position: { x: 200, y: 0 }, data: { name: "writer", model: "scripted/demo" } },
      { id: "reviewer", type: "human", position: { x: 400, y: 0 }, data: { name: "reviewer", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }] } },
      { id: "end", type: "end", position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "reviewer" },
      { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
      { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "regex", value: "^re(vise|do)" } } },
    ],
  };
}

function problemsOf(input: unknown): Problem[] {
  const result = parseFlow(input);
  if (result.ok) throw new Error("expected the document to be refused");
  return result.problems;
}

function paths(input: unknown): string[] {
  return problemsOf(input).map((p) => p.path);
}

describe("parseFlow", () => {
  it("parses a valid flow and fills defaults", () => {
    const result = parseFlow(validDoc());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { flow } = result;
    expect(flow.name).toBe("Review");
    expect(flow.maxSteps).toBe(100);
    expect(flow.nodes[0]).toEqual({ id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } });
    expect(flow.nodes[1]!.data).toEqual({ name: "writer", model: "scripted/demo", systemMessage: "" });
    expect(flow.nodes[2]!.data).toMatchObject({ instructions: "", allowText: true, allowEdit: false, outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }] });
    expect(flow.nodes[3]!.data).toEqual({ name: "end" });
    expect(flow.edges[0]!.data).toEqual({});
    expect(flow.edges[3]!.data.when).toEqual({ kind: "regex", value: "^re(vise|do)" });
  });

  it("does not modify its input", () => {
    const doc = validDoc();
    const copy = structuredClone(doc);
    parseFlow(doc);
    expect(doc).toEqual(copy);
  });

  it("round-trips: a parsed flow written as JSON parses to the same flow", () => {
    const first = parseFlow(validDoc());
    if (!first.ok) throw new Error("expected a valid flow");
    const second = parseFlow(JSON.parse(JSON.stringify(first.flow)));
    expect(second).toEqual(first);
  });

  it.each([
    ["null", null],
    ["an array", [validDoc()]],
    ["a string", JSON.stringify(validDoc())],
    ["a number", 1],
    ["undefined", undefined],
  ])("refuses %s as a non-object input", (_, input) => {
    expect(problemsOf(input)).toEqual([{ path: "", message: "expected a flow object", severity: "error" }]);
  });

  it("refuses a document without schemaVersion", () => {
    const { schemaVersion: _, ...doc } = validDoc();
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "schemaVersion", severity: "error" });
    expect(problems[0]!.message).toContain(`writes ${FLOW_SCHEMA_VERSION}`);
  });

  it.each([["1"], [0], [1.5], [-1], [null]])("refuses schemaVersion %j", (schemaVersion) => {
    expect(paths({ ...validDoc(), schemaVersion })).toEqual(["schemaVersion"]);
  });

  it("refuses a newer schemaVersion and says to upgrade", () => {
    const problems = problemsOf({ ...validDoc(), schemaVersion: FLOW_SCHEMA_VERSION + 1 });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("schemaVersion");
    expect(problems[0]!.message).toMatch(/newer/);
    expect(problems[0]!.message).toMatch(/upgrade/i);
    expect(problems[0]!.message).toContain(String(FLOW_SCHEMA_VERSION + 1));
  });

  it("gives the path of a wrong node type", () => {
    const doc = validDoc();
    (doc.nodes[2] as { type: string }).type = "robot";
    const problems = problemsOf(doc);
    expect(problems.map((p) => p.path)).toEqual(["nodes[2].type"]);
    expect(problems[0]!.message).toMatch(/start.*agent.*human.*end/);
  });

  it("gives the path of a bad position", () => {
    const doc = validDoc();
    (doc.nodes[1]!.position as { y: unknown }).y = "12";
    expect(paths(doc)).toEqual(["nodes[1].position.y"]);
    const doc2 = validDoc();
    (doc2.nodes[3] as { position: unknown }).position = [0, 0];
    expect(paths(doc2)).toEqual(["nodes[3].position"]);
  });

  it("gives the path of an invalid regex in an edge condition", () => {
    const doc = validDoc();
    doc.edges[3]!.data!.when = { kind: "regex", value: "(unclosed" };
    const problems = problemsOf(doc);
    expect(problems).toEqual([{ path: "edges[3].data.when.value", message: "missing closing )", severity: "error" }]);
  });

  it("says why a pattern that needs backtracking is refused", () => {
    const doc = validDoc();
    doc.edges[3]!.data!.when = { kind: "regex", value: "^re(?=vise)" };
    expect(problemsOf(doc)).toEqual([
      { path: "edges[3].data.when.value", message: "lookahead (?=…) is not supported; patterns run in linear time", severity: "error" },
    ]);
  });

  it("refuses a document over the size limits before parsing it, naming each limit", () => {
    const doc = validDoc();
    const nodes = Array.from({ length: FLOW_LIMITS.nodes + 1 }, (_, i) => ({ id: `n${i}` }));
    const edges = Array.from({ length: FLOW_LIMITS.edges + 1 }, (_, i) => ({ id: `e${i}`, data: { when: { kind: "regex", value: "x" } } }));
    expect(problemsOf({ ...doc, nodes, edges })).toEqual([
      { path: "nodes", message: "at most 2,000 nodes (this flow has 2,001)", severity: "error" },
      { path: "edges", message: "at most 5,000 edges (this flow has 5,001)", severity: "error" },
      { path: "edges", message: "at most 50 edges with a regex condition (this flow has 5,001)", severity: "error" },
    ]);
  });

  it("gives the path of an empty outcome name (blank after trimming)", () => {
    const doc = validDoc();
    doc.nodes[2]!.data!.outcomes = [{ name: "approve", description: "" }, { name: "   ", description: "" }];
    expect(problemsOf(doc)).toEqual([{ path: "nodes[2].data.outcomes[1].name", message: "expected an outcome name", severity: "error" }]);
  });

  it("gives the path of an empty outcome condition on an edge", () => {
    const doc = validDoc();
    doc.edges[2]!.data!.when = { kind: "outcome", value: "" };
    expect(problemsOf(doc)).toEqual([{ path: "edges[2].data.when.value", message: "expected an outcome", severity: "error" }]);
  });

  it("gives the path and the limit of a bad model timeout", () => {
    const doc = validDoc();
    Object.assign(doc.nodes[1]!.data!, { connectTimeoutSeconds: 0, firstTokenTimeoutSeconds: "30", betweenTokensTimeoutSeconds: 7200 });
    expect(problemsOf(doc)).toEqual([
      { path: "nodes[1].data.connectTimeoutSeconds", message: "expected more than 0 seconds", severity: "error" },
      { path: "nodes[1].data.firstTokenTimeoutSeconds", message: "expected a number of seconds", severity: "error" },
      { path: "nodes[1].data.betweenTokensTimeoutSeconds", message: "at most 3600 seconds (an hour)", severity: "error" },
    ]);
    Object.assign(doc.nodes[1]!.data!, { connectTimeoutSeconds: 0.05, firstTokenTimeoutSeconds: 120, betweenTokensTimeoutSeconds: 20 });
    const parsed = parseFlow(doc);
    expect(parsed.ok && parsed.flow.nodes[1]!.data).toMatchObject({ connectTimeoutSeconds: 0.05, firstTokenTimeoutSeconds: 120, betweenTokensTimeoutSeconds: 20 });
  });

  it("gives the paths of a missing model field type, a missing name and missing ids", () => {
    const doc = validDoc();
    (doc.nodes[1]!.data as { model: unknown }).model = 42;
    (doc.nodes[2]!.data as { name?: string }).name = undefined;
    (doc.edges[1] as { id: string }).id = "";
    expect(paths(doc).sort()).toEqual(["edges[1].id", "nodes[1].data.model", "nodes[2].data.name"]);
  });

  it("reports every problem, not just the first", () => {
    const doc = validDoc();
    (doc.nodes[0]!.position as { x: unknown }).x = null;
    doc.edges[3]!.data!.when = { kind: "regex", value: "*" };
    (doc as { maxSteps?: unknown }).maxSteps = -3;
    expect(paths(doc).sort()).toEqual(["edges[3].data.when.value", "maxSteps", "nodes[0].position.x"]);
  });

  it("refuses a document without nodes or edges", () => {
    const { nodes: _n, ...noNodes } = validDoc();
    expect(paths(noNodes)).toEqual(["nodes"]);
    const { edges: _e, ...noEdges } = validDoc();
    expect(paths(noEdges)).toEqual(["edges"]);
  });
});

describe("problems", () => {
  it("formats paths like nodes[2].data.model", () => {
    expect(formatPath(["nodes", 2, "data", "model"])).toBe("nodes[2].data.model");
    expect(formatPath([0, "x"])).toBe("[0].x");
    expect(formatPath([])).toBe("");
  });

  it("describes problems one a line, with their path", () => {
    expect(
      describeProblems([
        { path: "nodes[1].data.model", message: 'expected "provider/model"', severity: "error" },
        { path: "", message: "expected a flow object", severity: "error" },
      ]),
    ).toBe('nodes[1].data.model: expected "provider/model"\nexpected a flow object');
  });
});
