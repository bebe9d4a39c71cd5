import { describe, expect, it } from "vitest";
import { firstValue, schemaFields } from "./schemaFields.js";

describe("schemaFields", () => {
  const schema = {
    type: "object",
    properties: {
      verdict: { type: "string", enum: ["pass", "fail"] },
      score: { type: "number" },
      review: { type: "object", properties: { blocking: { type: "boolean" }, count: { type: "integer" }, note: { type: "string" } } },
      tags: { type: "array", items: { type: "string" } },
    },
  };

  it("lists every leaf property by dotted path, with its type and allowed values", () => {
    expect(schemaFields(schema)).toEqual([
      { path: "verdict", type: "string", values: ["pass", "fail"] },
      { path: "score", type: "number" },
      { path: "review.blocking", type: "boolean" },
      { path: "review.count", type: "number" },
      { path: "review.note", type: "string" },
      { path: "tags", type: "other" },
    ]);
  });

  it("has no fields without a schema or properties", () => {
    expect(schemaFields(undefined)).toEqual([]);
    expect(schemaFields({ type: "string" })).toEqual([]);
  });

  it("starts a condition with the first allowed value, or an empty one of the field's type", () => {
    const [verdict, score, blocking, , note] = schemaFields(schema);
    expect([verdict, score, blocking, note, undefined].map(firstValue)).toEqual(["pass", 0, true, "", ""]);
  });
});
