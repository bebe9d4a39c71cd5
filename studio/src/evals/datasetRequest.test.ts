import { describe, expect, it } from "vitest";
import { datasetFromFile, datasetFromRuns } from "./datasetRequest.js";

describe("making a dataset", () => {
  it("from runs: a trimmed name, each run with only the expected parts filled in", () => {
    expect(
      datasetFromRuns("  Reviews  ", [
        { runId: "r1", input: "a", outcome: " approve ", output: "" },
        { runId: "r2", input: "b", outcome: "", output: "Exactly this.\n" },
        { runId: "r3", input: "c", outcome: " ", output: "  " },
      ]),
    ).toEqual({
      name: "Reviews",
      runs: [{ runId: "r1", expected: { outcome: "approve" } }, { runId: "r2", expected: { output: "Exactly this.\n" } }, { runId: "r3" }],
    });
  });

  it("from a file: the format from its extension, the name from the rest", () => {
    expect(datasetFromFile("tickets.jsonl", "{}")).toEqual({ name: "tickets", file: { format: "jsonl", text: "{}" } });
    expect(datasetFromFile("Q3 cases.CSV", "input\nx")).toEqual({ name: "Q3 cases", file: { format: "csv", text: "input\nx" } });
    expect(datasetFromFile("lines.ndjson", "")?.file?.format).toBe("jsonl");
    expect(datasetFromFile("cases.json", "[]")).toBeNull();
  });
});
