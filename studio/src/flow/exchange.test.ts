import { templates } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { fileNameFor, flowToJson, readFlowText } from "./exchange.js";

describe("flow files", () => {
  it("exports without the record id and reads the export back unchanged", () => {
    const flow = { ...templates[0]!.flow, id: "5f0c" };
    const text = flowToJson(flow);
    expect(JSON.parse(text).id).toBeUndefined();
    const read = readFlowText(text);
    expect(read.ok && flowToJson(read.flow)).toBe(text);
  });

  it("says plainly what is wrong with a file", () => {
    expect(readFlowText("{ nope")).toMatchObject({ ok: false, message: expect.stringMatching(/^This is not JSON/) });
    const newer = readFlowText(JSON.stringify({ ...templates[0]!.flow, schemaVersion: 7 }));
    expect(newer).toMatchObject({ ok: false, problems: [] });
    expect(!newer.ok && newer.message).toContain("schema version 7, newer than this Tandem supports");
    const shape = readFlowText(JSON.stringify({ schemaVersion: 1, nodes: [{ id: "x", type: "robot" }], edges: [] }));
    expect(shape).toMatchObject({ ok: false, message: "This JSON is not a valid Tandem flow:" });
    expect(!shape.ok && shape.problems[0]!.path).toMatch(/^nodes\[0\]/);
    expect(readFlowText("[]")).toMatchObject({ ok: false });
  });

  it("names the file after the flow", () => {
    expect(fileNameFor({ name: "Writer + human reviewer!" })).toBe("writer-human-reviewer.flow.json");
    expect(fileNameFor({ name: "???" })).toBe("flow.flow.json");
  });
});
