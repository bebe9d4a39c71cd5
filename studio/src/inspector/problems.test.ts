import type { Problem } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { fieldError, normalPath, problemAt } from "./problems.js";

const problem = (path: string, message = path): Problem => ({ path, message, severity: "error" });

describe("problem paths", () => {
  it("reads indexes written with dots as brackets", () => {
    expect(normalPath("httpTools.0.url")).toBe("httpTools[0].url");
    expect(normalPath("nodes.2.data.tools.10.ref")).toBe("nodes[2].data.tools[10].ref");
    expect(normalPath("nodes[2].data.tools[1].approval.value")).toBe("nodes[2].data.tools[1].approval.value");
  });

  it("finds a tool's field under either spelling, and not another tool's", () => {
    const problems = [problem("nodes.1.data.tools.0.ref", "no such tool"), problem("nodes[1].data.tools[1].approval.path", "expected a path")];
    expect(fieldError(problems, "data.tools[0].ref")).toBe("no such tool");
    expect(fieldError(problems, "data.tools[1].approval.path")).toBe("expected a path");
    expect(fieldError(problems, "data.tools[1].ref")).toBeUndefined();
  });

  it("finds a problem at a flow-level field or inside it", () => {
    const problems = [problem("httpTools.0.url", "a secret is only allowed in headers"), problem("httpTools[1].headers.Authorization", "unknown secret")];
    expect(problemAt(problems, "httpTools[0].url")).toBe("a secret is only allowed in headers");
    expect(problemAt(problems, "httpTools[1].headers")).toBe("unknown secret");
    expect(problemAt(problems, "httpTools[1].url")).toBeUndefined();
    expect(problemAt(problems, "httpTools[0].urls")).toBeUndefined();
  });
});
