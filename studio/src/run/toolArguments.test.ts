import { describe, expect, it } from "vitest";
import { refundParameters } from "../../test/refundRun.js";
import { argumentRows, formatJson, readArguments } from "./toolArguments.js";

describe("a tool call's arguments for a person", () => {
  it("one row per argument with the schema's description", () => {
    expect(argumentRows({ amount: 250, order: "A1", note: { a: 1 } }, refundParameters)).toEqual([
      { name: "amount", value: "250", description: "Dollars to give back" },
      { name: "order", value: "A1", description: "The order's id" },
      { name: "note", value: '{"a":1}' },
    ]);
    expect(formatJson({ amount: 200 })).toBe('{\n  "amount": 200\n}');
  });

  it("reads an edit that fits the schema", () => {
    expect(readArguments('{"amount": 200, "order": "A1"}', refundParameters)).toEqual({ ok: true, value: { amount: 200, order: "A1" } });
  });

  it("names the field an edit gets wrong", () => {
    expect(readArguments('{"amount": "200", "order": "A1"}', refundParameters)).toEqual({ ok: false, problems: ["amount: expected a number, got string"] });
    expect(readArguments('{"amount": 200}', refundParameters)).toEqual({ ok: false, problems: ["order: required"] });
    expect(readArguments('{"amount": 200, "order": "A1", "to": "me"}', refundParameters)).toEqual({ ok: false, problems: ["to: not a property of the schema"] });
  });

  it("says when the edit is not JSON or not an object", () => {
    const broken = readArguments('{"amount": ', refundParameters);
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems[0]).toMatch(/^the arguments are not JSON: /);
    expect(readArguments("[1]", refundParameters)).toEqual({ ok: false, problems: ["the arguments: expected an object"] });
  });
});
