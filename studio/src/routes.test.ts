import { describe, expect, it } from "vitest";
import { parseRoute, paths } from "./routes.js";

describe("routes", () => {
  it("reads the pages from the hash", () => {
    expect(parseRoute("")).toEqual({ page: "flows" });
    expect(parseRoute("#/")).toEqual({ page: "flows" });
    expect(parseRoute("#/flows")).toEqual({ page: "flows" });
    expect(parseRoute("#/flows/abc-123")).toEqual({ page: "editor", flowId: "abc-123" });
    expect(parseRoute("#/runs/x/y")).toEqual({ page: "not-found", path: "/runs/x/y" });
  });

  it("writes paths that read back", () => {
    expect(parseRoute(`#${paths.editor("a b/c")}`)).toEqual({ page: "editor", flowId: "a b/c" });
    expect(parseRoute(`#${paths.flows()}`)).toEqual({ page: "flows" });
  });
});
