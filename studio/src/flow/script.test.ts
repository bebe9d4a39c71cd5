import type { ScriptStep } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { parseScript, scriptText } from "./script.js";

describe("script text", () => {
  const steps: ScriptStep[] = [
    { calls: [{ tool: "search", arguments: { query: "tandem" } }], reply: "Found: {{result}}" },
    "A plain reply",
    '{"verdict":"pass"}',
  ];

  it("writes a tool step as its JSON and reads it back, keeping plain and JSON replies as text", () => {
    const text = scriptText(steps);
    expect(text).toBe('{"calls":[{"tool":"search","arguments":{"query":"tandem"}}],"reply":"Found: {{result}}"}\n---\nA plain reply\n---\n{"verdict":"pass"}');
    expect(parseScript(text)).toEqual(steps);
  });

  it("keeps a step that is not valid JSON as a reply, and an empty text is no script", () => {
    expect(parseScript('{"calls": [')).toEqual(['{"calls": [']);
    expect(parseScript("  \n")).toBeUndefined();
    expect(scriptText(undefined)).toBe("");
  });
});
