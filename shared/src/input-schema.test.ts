// A flow's input schema: which schemas make a form, the fields a form shows, and the values it takes.
import { describe, expect, it } from "vitest";
import { embedSnippet } from "./embed.js";
import { inputFields, inputSchemaProblems, inputValueProblems } from "./input-schema.js";
import { validateFlow } from "./validate.js";
import { parseFlow } from "./parse.js";

const schema = {
  type: "object",
  properties: {
    topic: { type: "string", description: "What to write about" },
    due_date: { type: "string" },
    words: { type: "integer", title: "How many words" },
    tone: { type: "string", enum: ["plain", "warm"] },
    urgent: { type: "boolean" },
  },
  required: ["topic", "words"],
  additionalProperties: false,
};

describe("input schema", () => {
  it("gives a form's fields with labels, types, choices and what is required", () => {
    expect(inputSchemaProblems(schema)).toEqual([]);
    expect(inputFields(schema)).toEqual([
      { name: "topic", label: "Topic", type: "string", required: true, description: "What to write about" },
      { name: "due_date", label: "Due date", type: "string", required: false },
      { name: "words", label: "How many words", type: "integer", required: true },
      { name: "tone", label: "Tone", type: "string", choices: ["plain", "warm"], required: false },
      { name: "urgent", label: "Urgent", type: "boolean", required: false },
    ]);
  });

  it("refuses what a form cannot ask for, naming where", () => {
    expect(inputSchemaProblems({ type: "array", items: { type: "string" } })).toEqual([{ path: "type", message: 'expected "object": the input is a set of named fields' }]);
    expect(inputSchemaProblems({ type: "object", properties: { tags: { type: "array" }, n: { enum: [1, 2] } } })).toEqual([
      { path: "properties.tags.type", message: "expected one of string, number, integer, boolean (a form field)" },
      { path: "properties.n.enum", message: "expected a list of texts to choose from" },
    ]);
    expect(inputSchemaProblems({ type: "object", properties: { x: { type: "text" } } })[0]!.path).toBe("properties.x.type");
  });

  it("is checked with the flow, under inputSchema", () => {
    const parsed = parseFlow({
      schemaVersion: 2,
      inputSchema: { type: "object", properties: { when: { type: "object" } } },
      nodes: [{ id: "s", type: "start" }, { id: "a", type: "agent", data: { name: "a", model: "scripted/demo" } }, { id: "e", type: "end" }],
      edges: [{ id: "e1", source: "s", target: "a" }, { id: "e2", source: "a", target: "e" }],
    });
    if (!parsed.ok) throw new Error("expected the document to parse");
    expect(validateFlow(parsed.flow).filter((p) => p.path.startsWith("inputSchema"))).toEqual([
      { path: "inputSchema.properties.when.type", message: "expected one of string, number, integer, boolean (a form field)", severity: "error" },
    ]);
  });

  it("names each field whose value does not fit", () => {
    expect(inputValueProblems(schema, { topic: "rivers", words: 50, tone: "warm", urgent: true })).toEqual([]);
    expect(inputValueProblems(schema, { topic: "", words: 2.5, tone: "loud", extra: 1 })).toEqual([
      { field: "topic", message: "required" },
      { field: "words", message: "expected an integer, got number" },
      { field: "tone", message: 'expected one of "plain", "warm"' },
      { field: "extra", message: "not a field of this form" },
    ]);
    expect(inputValueProblems(schema, "rivers")).toEqual([{ field: "", message: "expected an object of field values" }]);
  });

  it("makes an embed snippet of the page without its chrome, escaped", () => {
    expect(embedSnippet("https://t.example.com/", "/d/abc", 'Ask "us"')).toBe(
      '<iframe src="https://t.example.com/d/abc?embed=1" title="Ask &quot;us&quot;" width="100%" height="640" style="border:0" loading="lazy"></iframe>',
    );
  });
});
