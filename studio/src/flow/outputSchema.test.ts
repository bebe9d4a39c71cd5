// The output-schema form's edits: rows in and out, keywords the form does not show kept, bad names refused.
import { schemaProblems, valueProblems } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { addField, EMPTY_SCHEMA, formFields, removeField, setField, type SchemaField } from "./outputSchema.js";

const QA = {
  type: "object",
  properties: {
    verdict: { type: "string", enum: ["pass", "fail"], description: "pass or fail" },
    score: { type: "number", minimum: 0, maximum: 1 },
  },
  required: ["verdict"],
  additionalProperties: false,
};

const fieldsOf = (schema: Record<string, unknown>) => {
  const form = formFields(schema);
  if ("reason" in form) throw new Error(form.reason);
  return form.fields;
};

describe("output schema form", () => {
  it("reads a flat schema as rows", () => {
    expect(fieldsOf(QA)).toEqual([
      { name: "verdict", type: "string", values: ["pass", "fail"], required: true, description: "pass or fail" },
      { name: "score", type: "number", values: [], required: false, description: "" },
    ]);
  });

  it("says why it cannot show nested objects or lists", () => {
    expect(formFields({ type: "object", properties: { tags: { type: "array", items: { type: "string" } } } })).toEqual({
      reason: '"tags" is not a string, number, integer or boolean',
    });
    expect(formFields({ type: "array" })).toEqual({ reason: "the reply is not an object of fields" });
  });

  it("renames a field in place, keeping its order, its keywords and whether it is required", () => {
    const fields = fieldsOf(QA);
    const next = setField(QA, fields, 0, { ...fields[0]!, name: "outcome" });
    expect(Object.keys(next.properties as object)).toEqual(["outcome", "score"]);
    expect(next.required).toEqual(["outcome"]);
    expect((next.properties as Record<string, unknown>).outcome).toEqual(QA.properties.verdict);
  });

  it("keeps minimum and maximum while the type stays, and drops them when it changes", () => {
    const fields = fieldsOf(QA);
    const described = setField(QA, fields, 1, { ...fields[1]!, description: "how sure" });
    expect((described.properties as Record<string, unknown>).score).toEqual({ type: "number", minimum: 0, maximum: 1, description: "how sure" });
    const integer = setField(QA, fields, 1, { ...fields[1]!, type: "integer" });
    expect((integer.properties as Record<string, unknown>).score).toEqual({ type: "integer" });
  });

  it("refuses an empty name or one another field has", () => {
    const fields = fieldsOf(QA);
    expect(setField(QA, fields, 1, { ...fields[1]!, name: "verdict" })).toBe(QA);
    expect(setField(QA, fields, 1, { ...fields[1]!, name: "" })).toBe(QA);
  });

  it("allowed values apply to strings only", () => {
    const fields = fieldsOf(QA);
    const boolean: SchemaField = { ...fields[0]!, type: "boolean" };
    expect((setField(QA, fields, 0, boolean).properties as Record<string, unknown>).verdict).toEqual({ type: "boolean", description: "pass or fail" });
  });

  it("adds fields with free names and removes them; what it builds is a schema the shared validator takes", () => {
    let schema = EMPTY_SCHEMA;
    schema = addField(schema, fieldsOf(schema));
    schema = addField(schema, fieldsOf(schema));
    expect(fieldsOf(schema).map((f) => f.name)).toEqual(["field", "field_2"]);
    schema = setField(schema, fieldsOf(schema), 0, { ...fieldsOf(schema)[0]!, name: "verdict", values: ["pass", "fail"] });
    schema = removeField(schema, fieldsOf(schema), 1);
    expect(schema).toEqual({
      type: "object",
      properties: { verdict: { type: "string", enum: ["pass", "fail"] } },
      required: ["verdict"],
      additionalProperties: false,
    });
    expect(schemaProblems(schema)).toEqual([]);
    expect(valueProblems(schema, { verdict: "maybe" })).toEqual(['verdict: expected one of "pass", "fail"']);
  });
});
