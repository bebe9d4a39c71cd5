import { describe, expect, it } from "vitest";
import { parseRoute, paths } from "./routes.js";

describe("routes", () => {
  it("reads the pages from the hash", () => {
    expect(parseRoute("")).toEqual({ page: "flows" });
    expect(parseRoute("#/")).toEqual({ page: "flows" });
    expect(parseRoute("#/flows")).toEqual({ page: "flows" });
    expect(parseRoute("#/flows/abc-123")).toEqual({ page: "editor", flowId: "abc-123" });
    expect(parseRoute(`#${paths.newFlow()}`)).toEqual({ page: "new-flow" });
    expect(parseRoute("#/runs/x/y")).toEqual({ page: "not-found", path: "/runs/x/y" });
    expect(parseRoute("#/flows/f1/runs/r1")).toEqual({ page: "editor", flowId: "f1", runId: "r1" });
    expect(parseRoute("#/runs/r1")).toEqual({ page: "run", runId: "r1" });
    expect(parseRoute("#/tasks")).toEqual({ page: "tasks" });
    expect(parseRoute("#/sessions")).toEqual({ page: "sessions", search: "" });
    expect(parseRoute("#/sessions?status=waiting&offset=50")).toEqual({ page: "sessions", search: "status=waiting&offset=50" });
    expect(parseRoute("#/sessions/r1")).toEqual({ page: "session", runId: "r1" });
    expect(parseRoute("#/compare/r1/r2")).toEqual({ page: "compare", a: "r1", b: "r2" });
    expect(parseRoute("#/audit")).toEqual({ page: "audit", search: "" });
    expect(parseRoute("#/audit?person=ana&action=approve")).toEqual({ page: "audit", search: "person=ana&action=approve" });
    expect(parseRoute("#/deployments")).toEqual({ page: "deployments" });
    expect(parseRoute("#/deployments/support-bot")).toEqual({ page: "deployment", name: "support-bot" });
    expect(parseRoute("#/runs/%E0%A4")).toEqual({ page: "not-found", path: "/runs/%E0%A4" });
    expect(parseRoute("#/sign-in")).toEqual({ page: "sign-in" });
    expect(parseRoute("#/sign-in?next=%2Ftasks")).toEqual({ page: "sign-in", next: "/tasks" });
    expect(parseRoute("#/setup")).toEqual({ page: "setup" });
    expect(parseRoute("#/account")).toEqual({ page: "account" });
    expect(parseRoute("#/people")).toEqual({ page: "people" });
    expect(parseRoute("#/evals")).toEqual({ page: "evals" });
    expect(parseRoute("#/evals/datasets/d1")).toEqual({ page: "dataset", datasetId: "d1" });
    expect(parseRoute("#/evals/reports/e1")).toEqual({ page: "evaluation", evaluationId: "e1" });
    expect(parseRoute("#/evals/compare/e1/e2")).toEqual({ page: "eval-compare", a: "e1", b: "e2" });
    expect(parseRoute("#/evals/e1")).toEqual({ page: "not-found", path: "/evals/e1" });
  });

  it("writes paths that read back", () => {
    expect(parseRoute(`#${paths.editor("a b/c")}`)).toEqual({ page: "editor", flowId: "a b/c" });
    expect(parseRoute(`#${paths.flows()}`)).toEqual({ page: "flows" });
    expect(parseRoute(`#${paths.editorRun("a b", "r/1")}`)).toEqual({ page: "editor", flowId: "a b", runId: "r/1" });
    expect(parseRoute(`#${paths.run("r 2")}`)).toEqual({ page: "run", runId: "r 2" });
    expect(parseRoute(`#${paths.sessions("text=a%20b")}`)).toEqual({ page: "sessions", search: "text=a%20b" });
    expect(parseRoute(`#${paths.session("r/3")}`)).toEqual({ page: "session", runId: "r/3" });
    expect(parseRoute(`#${paths.session("r4", 12)}`)).toEqual({ page: "session", runId: "r4", at: 12 });
    expect(parseRoute(`#${paths.audit("person=ana")}`)).toEqual({ page: "audit", search: "person=ana" });
    expect(parseRoute(`#${paths.compare("a/1", "b 2")}`)).toEqual({ page: "compare", a: "a/1", b: "b 2" });
    expect(parseRoute(`#${paths.signIn("/flows/a b?x=1")}`)).toEqual({ page: "sign-in", next: "/flows/a b?x=1" });
    expect(parseRoute(`#${paths.deployments()}`)).toEqual({ page: "deployments" });
    expect(parseRoute(`#${paths.deployment("a-1")}`)).toEqual({ page: "deployment", name: "a-1" });
    expect(parseRoute(`#${paths.signIn()}`)).toEqual({ page: "sign-in" });
    expect(parseRoute(`#${paths.evals()}`)).toEqual({ page: "evals" });
    expect(parseRoute(`#${paths.dataset("d/1")}`)).toEqual({ page: "dataset", datasetId: "d/1" });
    expect(parseRoute(`#${paths.evaluation("e 1")}`)).toEqual({ page: "evaluation", evaluationId: "e 1" });
    expect(parseRoute(`#${paths.evalCompare("a/1", "b 2")}`)).toEqual({ page: "eval-compare", a: "a/1", b: "b 2" });
  });
});
