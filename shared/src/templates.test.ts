import { describe, expect, it } from "vitest";
import { parseFlow } from "./parse.js";
import { edgesBySource, pickEdge, type RouteContext } from "./routing.js";
import { templateById, templates } from "./templates.js";
import { approvalFor, toolNameOf } from "./tools.js";
import { validateFlow } from "./validate.js";
import { nextEscalation } from "./escalation.js";

function route(templateId: string, from: string, ctx: Partial<RouteContext> & { text: string }): string | undefined {
  const flow = templateById(templateId)!.flow;
  const maxVisits = (id: string) => {
    const node = flow.nodes.find((n) => n.id === id);
    return node?.type === "agent" || node?.type === "human" ? node.data.maxVisits : undefined;
  };
  const result = pickEdge(from, edgesBySource(flow).get(from) ?? [], { visits: () => 0, maxVisits, ...ctx });
  return result.ok ? result.edge.target : undefined;
}

describe("templates", () => {
  it.each(templates.map((t) => [t.id, t] as const))("%s is a valid flow with no problems", (_, template) => {
    const parsed = parseFlow(JSON.parse(JSON.stringify(template.flow)));
    expect(parsed.ok && parsed.flow).toEqual(template.flow);
    expect(validateFlow(template.flow)).toEqual([]);
  });

  it("have distinct ids", () => {
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
  });

  it("writer review: approve ends, anything else goes back to the writer", () => {
    expect(route("writer-review", "reviewer", { outcome: "approve", text: "approve" })).toBe("end");
    expect(route("writer-review", "reviewer", { outcome: "revise", text: "shorter please" })).toBe("writer");
  });

  it("escalation: an unsure answer goes to the expert, a confident one ends", () => {
    expect(route("escalation", "assistant", { text: "Unsure: I need the policy" })).toBe("expert");
    expect(route("escalation", "assistant", { text: "Refunds take 5 days." })).toBe("end");
  });

  it("fallback: the loop is passed over once the worker used its visits, so the person takes over", () => {
    const text = "verdict: fail";
    expect(route("fallback", "checker", { text, visits: () => 2 })).toBe("worker");
    expect(route("fallback", "checker", { text, visits: (id) => (id === "worker" ? 3 : 0) })).toBe("operator");
    expect(route("fallback", "checker", { text: "verdict: pass" })).toBe("end");
  });

  it("escalate to a manager: finance is reminded, then a manager is asked, then the claim is rejected", () => {
    const approver = templateById("escalate-manager")!.flow.nodes.find((n) => n.id === "approver")!;
    if (approver.type !== "human") throw new Error("the approver is a person");
    expect(approver.data.assignees?.roles).toEqual(["finance"]);
    const steps = approver.data.escalation!.map((_, i) => nextEscalation(approver.data.escalation, 0, i)!);
    expect(steps.map((s) => [s.action, s.at / 86_400_000])).toEqual([
      ["remind", 1],
      ["reassign", 2],
      ["default", 3],
    ]);
    expect(route("escalate-manager", "approver", { outcome: approver.data.defaultOutcome, text: "" })).toBe("end");
  });

  it("scripted replies route the offline run through the interesting path", () => {
    const script = (template: string, node: string) => {
      const found = templateById(template)!.flow.nodes.find((n) => n.id === node);
      // These templates script plain replies (no tool turns).
      return found?.type === "agent" ? (found.data.script ?? []).filter((step) => typeof step === "string") : [];
    };
    expect(route("qa-review", "qa", { text: script("qa-review", "qa")[0]! })).toBe("signoff");
    expect(route("escalation", "assistant", { text: script("escalation", "assistant")[0]! })).toBe("expert");
    expect(route("escalation", "assistant", { text: script("escalation", "assistant")[1]! })).toBe("end");
    for (const reply of script("fallback", "checker")) expect(route("fallback", "checker", { text: reply, visits: () => 0 })).toBe("worker");
  });

  describe("tool templates", () => {
    const agent = (template: string, node: string) => {
      const found = templateById(template)!.flow.nodes.find((n) => n.id === node);
      if (found?.type !== "agent") throw new Error(`${template} has no agent ${node}`);
      return found.data;
    };
    /** The scripted calls of the agent's first visit, each with the tool use it names. */
    const scriptedCalls = (template: string, node: string) => {
      const data = agent(template, node);
      const step = data.script![0]!;
      if (typeof step === "string") throw new Error(`${node}'s first step calls no tool`);
      return step.calls.map((call) => ({ call, use: data.tools!.find((u) => toolNameOf(u.ref) === call.tool)! }));
    };

    it("refund: the offline run looks order A-1001 up at once and asks a person before refunding $250", () => {
      const calls = scriptedCalls("refund-approval", "support");
      expect(calls.map(({ call, use }) => [use.ref, call.arguments])).toEqual([
        ["mcp:payments/get_order", { order_id: "A-1001" }],
        ["mcp:payments/refund", { order_id: "A-1001", amount: 250, reason: "The blender arrived broken." }],
      ]);
      expect(calls.map(({ call, use }) => approvalFor(use.approval, call.arguments))).toEqual([
        { required: false, why: "never" },
        { required: true, why: "amount > 100" },
      ]);
    });

    it("refund: a refund of $100 or less is made without a person", () => {
      const refund = agent("refund-approval", "support").tools!.find((u) => u.ref === "mcp:payments/refund")!;
      expect(approvalFor(refund.approval, { order_id: "A-1001", amount: 100 }).required).toBe(false);
    });

    it("research: the offline run searches the library with no approval, then answers with the result", () => {
      const calls = scriptedCalls("research-tool", "researcher");
      expect(calls.map(({ call, use }) => [use.ref, approvalFor(use.approval, call.arguments).required])).toEqual([["mcp:library/search", false]]);
      const step = agent("research-tool", "researcher").script![0]!;
      expect(typeof step !== "string" && step.reply).toContain("{{result}}");
    });
  });
});
