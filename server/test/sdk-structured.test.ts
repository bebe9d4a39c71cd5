// The SDK's output schemas: a zod schema on an Agent becomes the node's JSON Schema, and rules route on its fields.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { schemaProblems, templates, validateFlow, type AgentNode } from "@tandem/shared";
import { createRegistry } from "../src/providers/registry.js";
import { Agent, Conversation, Orchestrator } from "../src/sdk/index.js";

const verdict = z.object({ verdict: z.enum(["pass", "fail"]), notes: z.string() });

function qaFlow(script?: string[]) {
  return new Orchestrator({
    agents: [
      new Agent({ name: "author", llm: "openai/gpt-4o-mini", systemMessage: "Answer." }),
      new Agent({ name: "qa", llm: "openai/gpt-4o-mini", systemMessage: "Check.", output: verdict, script }),
    ],
    rules: [
      { from: "user", to: "author" },
      { from: "author", to: "qa" },
      { from: "qa", to: "end", when: { field: "verdict", value: "pass" } },
      { from: "qa", to: "author" },
    ],
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-sdk-structured-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const quiet = () => new Writable({ write: (_chunk, _enc, done) => done() });

describe("Agent({ output })", () => {
  it("gives the node the JSON Schema of the zod schema: the one the QA template declares by hand", () => {
    const flow = qaFlow().toFlow();
    const qa = flow.nodes.find((n): n is AgentNode => n.id === "qa")!;
    const template = templates.find((t) => t.id === "qa-review")!.flow.nodes.find((n): n is AgentNode => n.id === "qa")!;

    expect(qa.data.outputSchema).toEqual({
      type: "object",
      properties: { verdict: { type: "string", enum: ["pass", "fail"] }, notes: { type: "string" } },
      required: ["verdict", "notes"],
      additionalProperties: false,
    });
    expect(qa.data.outputSchema).toEqual(template.data.outputSchema);
    expect(schemaProblems(qa.data.outputSchema)).toEqual([]);
    expect(flow.edges.find((e) => e.source === "qa" && e.target === "end")!.data.when).toEqual({ kind: "field", path: "verdict", op: "==", value: "pass" });
    expect(validateFlow(flow).filter((p) => p.severity === "error")).toEqual([]);
  });

  it("numbers, integers, booleans, lists and descriptions come through as the validator reads them", () => {
    const schema = z.object({
      score: z.number().min(0).max(1).describe("how sure"),
      count: z.int().min(1),
      ok: z.boolean(),
      tags: z.array(z.string()).max(3),
      note: z.string().optional(),
    });
    const flow = new Orchestrator({
      agents: [new Agent({ name: "rater", llm: "openai/gpt-4o-mini", output: schema })],
      rules: [{ from: "user", to: "rater" }, { from: "rater", to: "end" }],
    }).toFlow();
    const out = flow.nodes.find((n): n is AgentNode => n.id === "rater")!.data.outputSchema!;

    expect(schemaProblems(out)).toEqual([]);
    expect(out).toMatchObject({
      properties: {
        score: { type: "number", minimum: 0, maximum: 1, description: "how sure" },
        count: { type: "integer", minimum: 1 },
        ok: { type: "boolean" },
        tags: { type: "array", items: { type: "string" }, maxItems: 3 },
        note: { type: "string" },
      },
      required: ["score", "count", "ok", "tags"],
    });
  });

  it("offline, the QA agent's structured reply routes: a failed verdict goes back to the author, a passed one ends", async () => {
    const result = await new Conversation({
      orchestrator: qaFlow(['{"verdict":"fail","notes":"Too long."}', '{"verdict":"pass","notes":"Good."}']),
      dataDir: dir,
      registry: createRegistry({ env: {} }),
      output: quiet(),
    }).send("Explain tides.");

    expect(result.status).toBe("completed");
    expect(result.messages.map((m) => m.name)).toEqual(["user", "author", "qa", "author", "qa"]);
    expect(JSON.parse(result.output!)).toEqual({ verdict: "pass", notes: "Good." });
  });
});
