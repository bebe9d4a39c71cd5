// The zod flow schema itself: defaults, the JSON Schema export and how conditions read.
import { describe, expect, it } from "vitest";
import { conditionLabel, EdgeCondition, Flow, FLOW_SCHEMA_VERSION, flowJsonSchema, FlowNode, NODE_KINDS } from "./flow.js";

const minimal = {
  schemaVersion: 2,
  nodes: [
    { id: "start", type: "start" },
    { id: "writer", type: "agent", data: { name: "writer" } },
    { id: "reviewer", type: "human", data: { name: "reviewer" } },
    { id: "end", type: "end" },
  ],
  edges: [{ id: "e1", source: "start", target: "writer" }],
};

describe("Flow schema", () => {
  it("fills every default of a minimal document", () => {
    const flow = Flow.parse(minimal);
    expect(flow).toEqual({
      schemaVersion: 2,
      name: "Untitled flow",
      maxSteps: 100,
      nodes: [
        { id: "start", type: "start", position: { x: 0, y: 0 }, data: { name: "user" } },
        { id: "writer", type: "agent", position: { x: 0, y: 0 }, data: { name: "writer", model: "", systemMessage: "" } },
        {
          id: "reviewer",
          type: "human",
          position: { x: 0, y: 0 },
          data: { name: "reviewer", instructions: "", outcomes: [], allowText: true, allowEdit: false },
        },
        { id: "end", type: "end", position: { x: 0, y: 0 }, data: { name: "end" } },
      ],
      edges: [{ id: "e1", source: "start", target: "writer", data: {} }],
    });
    expect(FLOW_SCHEMA_VERSION).toBe(2);
  });

  it("gives every node its own default objects (editing one position does not move another)", () => {
    const flow = Flow.parse(minimal);
    flow.nodes[0]!.position.x = 99;
    expect(flow.nodes[1]!.position).toEqual({ x: 0, y: 0 });
    expect(flow.nodes[3]!.position).toEqual({ x: 0, y: 0 });
    expect(Flow.parse(minimal).nodes[0]!.position).toEqual({ x: 0, y: 0 });
  });

  it("trims names and keeps the values it is given", () => {
    const node = FlowNode.parse({
      id: "h",
      type: "human",
      position: { x: 3, y: 4 },
      data: { name: "  reviewer  ", outcomes: [{ name: " approve ", description: "" }], allowText: false, timeoutSeconds: 30, defaultOutcome: "approve", maxVisits: 2 },
    });
    expect(node).toEqual({
      id: "h",
      type: "human",
      position: { x: 3, y: 4 },
      data: {
        name: "reviewer",
        instructions: "",
        outcomes: [{ name: "approve", description: "" }],
        allowText: false,
        allowEdit: false,
        timeoutSeconds: 30,
        defaultOutcome: "approve",
        maxVisits: 2,
      },
    });
  });

  it("rejects out-of-range values", () => {
    const agent = (data: Record<string, unknown>) => FlowNode.safeParse({ id: "a", type: "agent", data: { name: "a", ...data } }).success;
    expect(agent({})).toBe(true);
    expect(agent({ temperature: 2.5 })).toBe(false);
    expect(agent({ temperature: -0.1 })).toBe(false);
    expect(agent({ maxVisits: 0 })).toBe(false);
    expect(agent({ maxVisits: 1.5 })).toBe(false);
    expect(agent({ name: "" })).toBe(false);
    expect(agent({ name: "x".repeat(65) })).toBe(false);
    expect(Flow.safeParse({ ...minimal, maxSteps: 0 }).success).toBe(false);
    expect(Flow.safeParse({ ...minimal, maxSteps: 100_001 }).success).toBe(false);
    expect(Flow.safeParse({ ...minimal, schemaVersion: 3 }).success).toBe(false);
  });

  it("accepts each edge condition kind and nothing else", () => {
    for (const when of [
      { kind: "always" },
      { kind: "otherwise" },
      { kind: "outcome", value: "approve" },
      { kind: "contains", value: "done" },
      { kind: "regex", value: "^ok\\b" },
    ]) {
      expect(EdgeCondition.safeParse(when).success, JSON.stringify(when)).toBe(true);
    }
    expect(EdgeCondition.safeParse({ kind: "sometimes" }).success).toBe(false);
    expect(EdgeCondition.safeParse({ kind: "outcome", value: "" }).success).toBe(false);
    expect(EdgeCondition.safeParse({ kind: "contains" }).success).toBe(false);
    expect(EdgeCondition.safeParse({ kind: "regex", value: "[a-" }).success).toBe(false);
  });

  it("lists the node kinds", () => {
    expect([...NODE_KINDS].sort()).toEqual(["agent", "end", "human", "start"]);
  });
});

describe("flowJsonSchema", () => {
  const schema = flowJsonSchema() as {
    type: string;
    properties: Record<string, { type?: string; items?: { oneOf?: unknown[]; anyOf?: unknown[]; properties?: Record<string, unknown> } }>;
    required?: string[];
  };

  it("describes an object with nodes and edges arrays", () => {
    expect(schema.type).toBe("object");
    expect(schema.properties.nodes?.type).toBe("array");
    expect(schema.properties.edges?.type).toBe("array");
    expect(schema.required).toEqual(expect.arrayContaining(["schemaVersion", "nodes", "edges"]));
    // Input side: fields with defaults are optional for the author.
    expect(schema.required).not.toContain("name");
    expect(schema.required).not.toContain("maxSteps");
  });

  it("has one variant per node kind and describes edges", () => {
    const variants = (schema.properties.nodes!.items!.oneOf ?? schema.properties.nodes!.items!.anyOf) as Array<{
      properties: { type: { const: string } };
    }>;
    expect(variants.map((v) => v.properties.type.const).sort()).toEqual(["agent", "end", "human", "start"]);
    expect(Object.keys(schema.properties.edges!.items!.properties!)).toEqual(expect.arrayContaining(["id", "source", "target", "data"]));
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});

describe("conditionLabel", () => {
  it("reads as on the canvas", () => {
    expect(conditionLabel(undefined)).toBe("");
    expect(conditionLabel({ kind: "always" })).toBe("");
    expect(conditionLabel({ kind: "otherwise" })).toBe("otherwise");
    expect(conditionLabel({ kind: "outcome", value: "approve" })).toBe("approve");
    expect(conditionLabel({ kind: "contains", value: "done" })).toBe("contains: done");
    expect(conditionLabel({ kind: "regex", value: "^ok$" })).toBe("regex: ^ok$");
  });
});
