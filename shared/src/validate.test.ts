// validateFlow: each graph rule, with the path and message of the problem it reports.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Flow } from "./flow.js";
import { parseFlow } from "./parse.js";
import { describeProblems, type Problem } from "./problems.js";
import { hasErrors, validateFlow } from "./validate.js";

type Doc = {
  schemaVersion: number;
  maxSteps?: number;
  httpTools?: Array<Record<string, unknown>>;
  nodes: Array<{ id: string; type: string; data?: Record<string, unknown> }>;
  edges: Array<{ id: string; source: string; target: string; data?: { when?: Record<string, unknown> } }>;
};

/** start → writer → reviewer; approve → end, otherwise → writer. Indexes: nodes 0..3, edges 0..3. */
function baseDoc(): Doc {
  return {
    schemaVersion: 2,
    nodes: [
      { id: "start", type: "start" },
      { id: "writer", type: "agent", data: { name: "writer", model: "scripted/demo" } },
      { id: "reviewer", type: "human", data: { name: "reviewer", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }] } },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "reviewer" },
      { id: "e3", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
      { id: "e4", source: "reviewer", target: "writer", data: { when: { kind: "otherwise" } } },
    ],
  };
}

function flowOf(doc: Doc): Flow {
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new Error(`test flow does not parse: ${describeProblems(parsed.problems)}`);
  return parsed.flow;
}

function check(edit: (doc: Doc) => void): Problem[] {
  const doc = baseDoc();
  edit(doc);
  return validateFlow(flowOf(doc));
}

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === "error");
const warnings = (problems: Problem[]) => problems.filter((p) => p.severity === "warning");

function error(path: string, message: string | RegExp, ids: { nodeId?: string; edgeId?: string } = {}) {
  return {
    path,
    severity: "error",
    message: typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message),
    ...ids,
  };
}

describe("validateFlow", () => {
  it("finds nothing wrong with the base flow", () => {
    expect(validateFlow(flowOf(baseDoc()))).toEqual([]);
  });

  it("no start node", () => {
    const problems = check((d) => {
      d.nodes.splice(0, 1);
      d.edges.splice(0, 1);
    });
    expect(errors(problems)).toEqual([error("nodes", "the flow has no start node")]);
  });

  it("several start nodes: one problem at each", () => {
    const problems = check((d) => {
      d.nodes.push({ id: "start2", type: "start", data: { name: "other" } });
      d.edges.push({ id: "e5", source: "start2", target: "writer" });
    });
    expect(errors(problems)).toEqual([
      error("nodes[0]", "several start nodes (2); keep one", { nodeId: "start" }),
      error("nodes[4]", "several start nodes (2); keep one", { nodeId: "start2" }),
    ]);
  });

  it("an edge to a missing node", () => {
    const problems = check((d) => {
      d.edges.splice(3, 0, { id: "ghostly", source: "reviewer", target: "ghost", data: { when: { kind: "contains", value: "boo" } } });
    });
    expect(errors(problems)).toEqual([error("edges[3].target", 'edge goes to a missing node "ghost"', { edgeId: "ghostly" })]);
  });

  it("an edge from a missing node", () => {
    const problems = check((d) => {
      d.edges.push({ id: "ghostly", source: "ghost", target: "end" });
    });
    expect(errors(problems)).toEqual([error("edges[4].source", 'edge comes from a missing node "ghost"', { edgeId: "ghostly" })]);
  });

  it("duplicate node ids", () => {
    const problems = check((d) => {
      d.nodes.push({ id: "writer", type: "agent", data: { name: "second writer", model: "scripted/demo" } });
    });
    expect(errors(problems)).toEqual([error("nodes[4].id", 'duplicate node id "writer"', { nodeId: "writer" })]);
  });

  it("duplicate edge ids", () => {
    const problems = check((d) => {
      d.edges[3]!.id = "e3";
    });
    expect(errors(problems)).toEqual([error("edges[3].id", 'duplicate edge id "e3"', { edgeId: "e3" })]);
  });

  it("a node that cannot be reached from the start", () => {
    const problems = check((d) => {
      d.nodes.push({ id: "orphan", type: "agent", data: { name: "orphan", model: "scripted/demo" } });
      d.edges.push({ id: "e5", source: "orphan", target: "end" });
    });
    expect(errors(problems)).toEqual([error("nodes[4]", '"orphan" cannot be reached from the start', { nodeId: "orphan" })]);
  });

  it("a node with no path to an end", () => {
    const problems = check((d) => {
      d.nodes.push({ id: "spin", type: "agent", data: { name: "spinner", model: "scripted/demo" } });
      d.edges.splice(1, 0, { id: "to_spin", source: "writer", target: "spin", data: { when: { kind: "contains", value: "spin" } } });
      d.edges.push({ id: "loop", source: "spin", target: "spin" });
    });
    expect(errors(problems)).toEqual([error("nodes[4]", 'no path from "spinner" leads to an end node', { nodeId: "spin" })]);
  });

  it("no path to an end through a loop of several nodes reports each node of the loop", () => {
    const problems = check((d) => {
      d.nodes.push({ id: "a", type: "agent", data: { name: "a", model: "scripted/demo" } });
      d.nodes.push({ id: "b", type: "agent", data: { name: "b", model: "scripted/demo" } });
      d.edges.unshift({ id: "to_a", source: "writer", target: "a", data: { when: { kind: "regex", value: "^a" } } });
      d.edges.push({ id: "ab", source: "a", target: "b" }, { id: "ba", source: "b", target: "a" });
    });
    expect(errors(problems).map((p) => [p.path, p.nodeId])).toEqual([
      ["nodes[4]", "a"],
      ["nodes[5]", "b"],
    ]);
  });

  it("no end node", () => {
    const problems = check((d) => {
      d.nodes.splice(3, 1);
      d.edges[2]!.target = "writer";
    });
    expect(errors(problems)).toEqual([error("nodes", "the flow has no end node")]);
  });

  it.each([[""], ["   "]])("an agent without a model (%j)", (model) => {
    const problems = check((d) => {
      d.nodes[1]!.data!.model = model;
    });
    expect(errors(problems)).toEqual([error("nodes[1].data.model", 'agent "writer" has no model', { nodeId: "writer" })]);
  });

  it.each([["gpt-4o"], ["openai/"], ["/gpt-4o"], ["openai gpt"], ["open ai/gpt"]])('a model that is not "provider/model" (%j)', (model) => {
    const problems = check((d) => {
      d.nodes[1]!.data!.model = model;
    });
    expect(errors(problems)).toEqual([{ path: "nodes[1].data.model", message: 'expected "provider/model"', severity: "error", nodeId: "writer" }]);
    expect(describeProblems(errors(problems))).toBe('nodes[1].data.model: expected "provider/model"');
  });

  it.each([["openai/gpt-4o-mini"], ["scripted/demo"], ["local_1/llama 3:8b"]])("a model %j is fine", (model) => {
    expect(check((d) => void (d.nodes[1]!.data!.model = model))).toEqual([]);
  });

  it("a default outcome that is not among the outcomes", () => {
    const problems = check((d) => {
      Object.assign(d.nodes[2]!.data!, { defaultOutcome: "maybe" });
    });
    expect(errors(problems)).toEqual([
      error("nodes[2].data.defaultOutcome", 'default outcome "maybe" is not one of the outcomes', { nodeId: "reviewer" }),
    ]);
  });

  it("a timeout without a default choice", () => {
    const problems = check((d) => {
      Object.assign(d.nodes[2]!.data!, { timeoutSeconds: 60 });
    });
    expect(errors(problems)).toEqual([
      error("nodes[2].data.defaultOutcome", "a timeout needs a default outcome", { nodeId: "reviewer" }),
    ]);
    expect(check((d) => void Object.assign(d.nodes[2]!.data!, { timeoutSeconds: 60, defaultOutcome: "approve" }))).toEqual([]);
  });

  it("a human node nobody can answer", () => {
    const problems = check((d) => {
      Object.assign(d.nodes[2]!.data!, { outcomes: [], allowText: false, allowEdit: false });
      d.edges[2]!.data = { when: { kind: "contains", value: "ok" } };
    });
    expect(errors(problems)).toEqual([error("nodes[2].data.outcomes", "a person must be able to answer", { nodeId: "reviewer" })]);
    const editOnly = check((d) => {
      Object.assign(d.nodes[2]!.data!, { outcomes: [], allowText: false, allowEdit: true });
      d.edges[2]!.data = { when: { kind: "contains", value: "ok" } };
    });
    expect(errors(editOnly)).toEqual([]);
  });

  it("outcomes that differ only in case", () => {
    const problems = check((d) => {
      d.nodes[2]!.data!.outcomes = [{ name: "approve", description: "" }, { name: "Approve", description: "" }];
    });
    expect(errors(problems)).toEqual([error("nodes[2].data.outcomes", "outcomes must be different", { nodeId: "reviewer" })]);
  });

  it("an outcome edge from a node without outcomes", () => {
    const problems = check((d) => {
      d.edges[1]!.data = { when: { kind: "outcome", value: "approve" } };
      d.edges.splice(2, 0, { id: "fallback", source: "writer", target: "reviewer" });
    });
    expect(errors(problems)).toEqual([
      error("edges[1].data.when", "an outcome condition needs outcomes on writer", { edgeId: "e2" }),
    ]);
  });

  it("an outcome edge whose value the node does not declare", () => {
    const problems = check((d) => {
      d.edges[2]!.data = { when: { kind: "outcome", value: "ship" } };
    });
    expect(errors(problems)).toEqual([error("edges[2].data.when.value", `"ship" is not one of reviewer's outcomes`, { edgeId: "e3" })]);
  });

  it("matches a choice edge to the choices without regard to case", () => {
    expect(check((d) => void (d.edges[2]!.data = { when: { kind: "outcome", value: "APPROVE" } }))).toEqual([]);
  });

  it("a node without an outgoing edge", () => {
    const problems = check((d) => {
      d.nodes.push({ id: "dead", type: "agent", data: { name: "dead end", model: "scripted/demo" } });
      d.edges.unshift({ id: "to_dead", source: "writer", target: "dead", data: { when: { kind: "contains", value: "stop" } } });
    });
    expect(errors(problems)).toEqual([error("nodes[4]", '"dead end" has no outgoing edge', { nodeId: "dead" })]);
  });

  it("an edge out of the end node, and an edge back into the start", () => {
    const problems = check((d) => {
      d.edges.push({ id: "out_of_end", source: "end", target: "writer" });
      d.edges.push({ id: "back", source: "writer", target: "start" });
    });
    expect(errors(problems)).toEqual([
      error("edges[4].source", "an end node has no outgoing edges", { edgeId: "out_of_end" }),
      error("edges[5].target", "no edge may lead back to the start node", { edgeId: "back" }),
    ]);
  });

  it("warns (without an error) about a reused name and an edge that is never taken", () => {
    const problems = check((d) => {
      d.nodes.push({ id: "writer2", type: "agent", data: { name: "Writer", model: "scripted/demo" } });
      d.edges.splice(2, 0, { id: "to_writer2", source: "writer", target: "writer2" });
      d.edges.push({ id: "w2", source: "writer2", target: "end" });
    });
    expect(errors(problems)).toEqual([]);
    expect(hasErrors(problems)).toBe(false);
    expect(warnings(problems)).toEqual([
      { path: "nodes[4].data.name", severity: "warning", nodeId: "writer2", message: expect.stringContaining('name "Writer" is used by another node') },
      { path: "edges[2]", severity: "warning", edgeId: "to_writer2", message: expect.stringContaining("never taken") },
    ]);
  });

  it("does not warn about a speaker named like the end node, whatever the order of the nodes", () => {
    const agentNamedEnd = { id: "closer", type: "agent", data: { name: "End", model: "scripted/demo" } };
    const after = check((d) => {
      d.nodes.push(agentNamedEnd);
      d.edges.unshift({ id: "to_closer", source: "writer", target: "closer", data: { when: { kind: "contains", value: "close" } } });
      d.edges.push({ id: "closed", source: "closer", target: "end" });
    });
    expect(after).toEqual([]);
    const before = check((d) => {
      d.nodes.splice(1, 0, agentNamedEnd);
      d.edges.unshift({ id: "to_closer", source: "writer", target: "closer", data: { when: { kind: "contains", value: "close" } } });
      d.edges.push({ id: "closed", source: "closer", target: "end" });
    });
    expect(before).toEqual([]);
    // Two speakers with the same name are still reported.
    const twice = check((d) => void d.nodes.push({ id: "x", type: "human", data: { name: "WRITER" } }, { id: "y", type: "end", data: { name: "writer" } }));
    expect(warnings(twice).filter((p) => p.path.endsWith(".data.name")).map((p) => p.nodeId)).toEqual(["x"]);
  });

  it("does not warn about an edge after an unconditional one into a node with maxVisits (it is the fallback)", () => {
    const problems = check((d) => {
      d.nodes[1]!.data!.maxVisits = 3;
      d.edges.push({ id: "e5", source: "reviewer", target: "end" });
    });
    expect(problems).toEqual([]);
  });

  it("hasErrors is true only for errors", () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([{ path: "", message: "w", severity: "warning" }])).toBe(false);
    expect(hasErrors([{ path: "", message: "w", severity: "warning" }, { path: "", message: "e", severity: "error" }])).toBe(true);
  });

  it("the seed writer/reviewer flow (examples/hitl-review.flow.json) validates with no errors", () => {
    const json = JSON.parse(readFileSync(new URL("../../examples/hitl-review.flow.json", import.meta.url), "utf8"));
    const parsed = parseFlow(json);
    expect(parsed.ok && parsed.flow.nodes.map((n) => n.type)).toEqual(["start", "agent", "human", "end"]);
    if (!parsed.ok) return;
    const problems = validateFlow(parsed.flow);
    expect(errors(problems)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe("validateFlow: HTTP tools", () => {
  const lookup = { name: "lookup", method: "GET", url: "https://api.example.com/orders/{{order_id}}", parameters: { type: "object", properties: { order_id: { type: "string" } } } };
  const withTools = (httpTools: Array<Record<string, unknown>>, refs: string[] = []) =>
    check((d) => {
      d.httpTools = httpTools;
      d.nodes[1]!.data!.tools = refs.map((ref) => ({ ref, approval: { mode: "never" } }));
    });

  it("finds nothing wrong with a tool an agent uses", () => {
    expect(withTools([lookup], ["http:lookup"])).toEqual([]);
  });

  it("a secret in the URL or the body is an error naming the field", () => {
    const leaky = { ...lookup, name: "leaky", method: "POST", url: "https://api.example.com/x?key={{secret.KEY}}", body: '{"key": {{secret.KEY}}}', headers: { Authorization: "{{secret.KEY}}" } };
    expect(errors(withTools([lookup, leaky]))).toEqual([
      error("httpTools[1].url", "{{secret.KEY}} is a secret: secrets go in headers only, never in the url"),
      error("httpTools[1].body", "{{secret.KEY}} is a secret: secrets go in headers only, never in the body"),
    ]);
  });

  it("a placeholder that is not a parameter is a warning, once per field, nested paths followed", () => {
    const tool = {
      ...lookup,
      method: "POST",
      url: "https://api.example.com/{{order_id}}/{{shop}}/{{shop}}",
      headers: { "X-Who": "{{customer.name}} {{customer.id}}" },
      body: "{{order_id}}",
      parameters: { type: "object", properties: { order_id: { type: "string" }, customer: { type: "object", properties: { name: { type: "string" } } } } },
    };
    expect(withTools([tool])).toEqual([
      { path: "httpTools[0].url", severity: "warning", message: "{{shop}} is not one of the tool's parameters, so the model is never asked for it" },
      { path: "httpTools[0].headers.X-Who", severity: "warning", message: expect.stringContaining("{{customer.id}} is not one of the tool's parameters") },
    ]);
  });

  it("two HTTP tools with one name is an error", () => {
    expect(errors(withTools([lookup, { ...lookup, url: "https://api.example.com/other" }]))).toEqual([
      error("httpTools[1].name", 'another HTTP tool is named "lookup"'),
    ]);
  });

  it("an agent naming an HTTP tool the flow does not define is an error at that tool", () => {
    expect(errors(withTools([lookup], ["http:lookup", "http:refund", "mcp:payments/refund"]))).toEqual([
      error("nodes[1].data.tools[1].ref", 'no HTTP tool named "refund" in this flow', { nodeId: "writer" }),
    ]);
  });

  it("the template checks are reported at the tool's fields", () => {
    const problems = withTools([{ ...lookup, url: "ftp://api.example.com/{{order_id}}", headers: { "Bad Name": "1" }, body: '{"id": "{{order_id}}"}' }]);
    expect(problems).toEqual([
      error("httpTools[0].url", "expected an http:// or https:// URL"),
      error("httpTools[0].headers.Bad Name", "is not a header name"),
      { path: "httpTools[0].body", severity: "warning", message: expect.stringContaining("not JSON once filled") },
    ]);
  });
});
