// What the hosted page shows of a run's events: words and waits, never internals such as an
// error's own message, the flow's prompts or a turn that only called tools.
import type { Flow, RunEvent } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { pageView, waitingFor } from "../src/hosted/view.js";
import { reviewFlow } from "./helpers/runs-api.js";

const names: Record<string, string> = { ana: "Ana Lima" };
const nameOf = (u: string) => names[u] ?? u;
const view = pageView({ flow: reviewFlow() as unknown as Flow }, nameOf);
const at = { seq: 5, at: 0, runId: "r1" };
const show = (e: Record<string, unknown>) => view({ ...at, ...e } as unknown as RunEvent);

describe("the hosted page's view of a run", () => {
  it("says who a step waits for, by display name and role", () => {
    expect(waitingFor(undefined, nameOf)).toBe("a person");
    expect(waitingFor({ users: [], roles: [] }, nameOf)).toBe("a person");
    expect(waitingFor({ users: ["ana", "bo"], roles: ["legal"] }, nameOf)).toBe("Ana Lima, bo or anyone in legal");
  });

  it("shows the agents' words by the agent's name, and nothing of a turn that only called tools", () => {
    expect(show({ type: "message.delta", nodeId: "writer", text: "Riv" })).toEqual({ type: "delta", name: "writer", text: "Riv" });
    expect(show({ type: "message", nodeId: "writer", role: "assistant", name: "writer", content: "Rivers." })).toEqual({ type: "message", name: "writer", text: "Rivers." });
    expect(show({ type: "message", nodeId: "writer", role: "assistant", name: "writer", content: "" })).toBeUndefined();
    expect(show({ type: "message", nodeId: "reviewer", role: "user", name: "reviewer", content: "approve" })).toBeUndefined();
  });

  it("says in words how a run ended, without the error's own message", () => {
    const failed = show({ type: "run.finished", status: "failed", error: { code: "model_error", message: "connect ECONNREFUSED 10.0.0.7:443" } });
    expect(failed).toEqual({ type: "finished", status: "failed", error: "Sorry, this could not be finished: the flow stopped with an error. Please try again later." });
    expect(JSON.stringify(failed)).not.toContain("10.0.0.7");
    expect(show({ type: "run.finished", status: "cancelled" })).toEqual({ type: "finished", status: "cancelled", error: "This request was stopped before it finished." });
    expect(show({ type: "run.finished", status: "completed", output: "Rivers." })).toEqual({ type: "finished", status: "completed", output: "Rivers." });
  });

  it("shows nothing of the run's internals", () => {
    for (const type of ["run.started", "llm.request", "tool.requested", "tool.result", "route.taken", "node.started"]) {
      expect(show({ type, nodeId: "writer", system: "You write." }), type).toBeUndefined();
    }
  });
});
