// validateFlow on the people fields of human nodes (escalation chains, quorums) and on fallback
// (on error / on stuck) edges: each rule, with the path and message of the problem it reports.
import { describe, expect, it } from "vitest";
import { parseFlow } from "./parse.js";
import { describeProblems, type Problem } from "./problems.js";
import { validateFlow } from "./validate.js";

type Json = Record<string, unknown>;
const outcomes = [{ name: "approve", description: "" }, { name: "revise", description: "" }];

/** start → writer → reviewer (approve → end, revise → writer), operator (skip → end). Nodes 0..4, edges 0..4. */
function check(reviewer: Json = {}, extraEdges: Json[] = [], drop: string[] = []): Problem[] {
  const doc = {
    schemaVersion: 2,
    nodes: [
      { id: "start", type: "start" },
      { id: "writer", type: "agent", data: { name: "writer", model: "scripted/demo" } },
      { id: "reviewer", type: "human", data: { name: "reviewer", outcomes, ...reviewer } },
      { id: "operator", type: "human", data: { name: "operator", outcomes: [{ name: "skip", description: "" }] } },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "reviewer" },
      { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
      { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "outcome", value: "revise" } } },
      { id: "e5", source: "operator", target: "end", data: { when: { kind: "outcome", value: "skip" } } },
      // The operator is reached by a fallback edge by default, so that the flow is whole.
      ...(extraEdges.length ? extraEdges : [{ id: "oops", source: "writer", target: "operator", data: { when: { kind: "error" } } }]),
    ].filter((e) => !drop.includes(e.id as string)),
  };
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new Error(`test flow does not parse: ${describeProblems(parsed.problems)}`);
  return validateFlow(parsed.flow);
}

const problemAt = (problems: Problem[], path: string) => problems.filter((p) => p.path === path);

describe("escalation chains", () => {
  const chain = [
    { action: "remind", afterSeconds: 3600 },
    { action: "reassign", afterSeconds: 7200, assignees: { roles: ["legal"] } },
    { action: "default", afterSeconds: 86400 },
  ];

  it("a chain of steps one after another, ending in the default, is fine", () => {
    expect(check({ escalation: chain, defaultOutcome: "approve" })).toEqual([]);
  });

  it("each step must come after the one before it", () => {
    const problems = check({ escalation: [chain[0], { ...chain[1], afterSeconds: 3600 }, chain[2]], defaultOutcome: "approve" });
    expect(problemAt(problems, "nodes[2].data.escalation[1].afterSeconds")).toEqual([
      expect.objectContaining({ severity: "error", nodeId: "reviewer", message: "step 2 must come after step 1 (3600 s after the question)" }),
    ]);
    expect(problems).toHaveLength(1);
  });

  it("a default step needs a default outcome and must be last", () => {
    const problems = check({ escalation: [chain[2], { action: "remind", afterSeconds: 90000 }] });
    expect(problemAt(problems, "nodes[2].data.escalation[0]")[0]?.message).toContain("must be the last step");
    expect(problemAt(problems, "nodes[2].data.defaultOutcome")[0]?.message).toContain("needs a default outcome");
    expect(problems).toHaveLength(2);
  });

  it("not both a timeout and a chain", () => {
    const problems = check({ escalation: chain, defaultOutcome: "approve", timeoutSeconds: 60 });
    expect(problemAt(problems, "nodes[2].data.escalation")[0]?.message).toContain("not both");
    expect(problems).toHaveLength(1);
  });

  it("a chain without a default step needs no default outcome", () => {
    expect(check({ escalation: chain.slice(0, 2) })).toEqual([]);
  });
});

describe("quorum", () => {
  it("counts one of the node's outcomes", () => {
    expect(check({ quorum: { count: 2, outcome: "Approve" } })).toEqual([]);
    const problems = check({ quorum: { count: 2, outcome: "sign" } });
    expect(problems).toEqual([
      expect.objectContaining({ path: "nodes[2].data.quorum.outcome", severity: "error", message: '"sign" is not one of reviewer\'s outcomes (approve, revise)' }),
    ]);
  });

  it("of at most 50 people (refused with the document's shape)", () => {
    const parsed = parseFlow({
      schemaVersion: 2,
      nodes: [{ id: "r", type: "human", data: { name: "r", outcomes, quorum: { count: 51, outcome: "approve" } } }],
      edges: [],
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.path)).toContain("nodes[0].data.quorum.count");
  });
});

describe("fallback edges", () => {
  const fallback = (id: string, source: string, target: string, kind: string) => ({ id, source, target, data: { when: { kind } } });

  it("on error from an agent and on stuck from an agent or a person, to a person, are fine and warn of nothing", () => {
    expect(check({}, [fallback("x", "writer", "operator", "error"), fallback("y", "writer", "operator", "stuck"), fallback("z", "reviewer", "operator", "stuck")])).toEqual([]);
  });

  it("on error leaves an agent", () => {
    const problems = check({}, [fallback("x", "writer", "operator", "error"), fallback("y", "reviewer", "operator", "error")]);
    expect(problemAt(problems, "edges[6].source")).toEqual([expect.objectContaining({ edgeId: "y", message: expect.stringContaining("leaves an agent, not a human node") })]);
    expect(problems).toHaveLength(1);
  });

  it("a fallback edge leads to a person", () => {
    const problems = check({}, [fallback("x", "writer", "operator", "error"), fallback("y", "writer", "end", "stuck")]);
    expect(problemAt(problems, "edges[6].target")).toEqual([expect.objectContaining({ edgeId: "y", message: expect.stringContaining("leads to a person") })]);
    expect(problems).toHaveLength(1);
  });

  it("at most one of each kind per node", () => {
    const problems = check({}, [fallback("x", "writer", "operator", "error"), fallback("y", "writer", "operator", "error")]);
    expect(problemAt(problems, "edges[6].data.when")).toEqual([expect.objectContaining({ edgeId: "y", message: "a node has at most one on error edge" })]);
    expect(problems).toHaveLength(1);
  });

  it("a node whose only edge is a fallback edge has no way on", () => {
    const problems = check({}, [fallback("x", "writer", "operator", "error")], ["e2"]);
    expect(problemAt(problems, "nodes[1]")).toContainEqual(expect.objectContaining({ message: '"writer" has no outgoing edge' }));
  });
});
