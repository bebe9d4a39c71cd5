// The code-first SDK: Agent, HumanAgent, Orchestrator.toFlow and Conversation.send.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Flow, PendingHuman } from "@tandem/shared";
import { checkFlowDocument } from "../src/engine/checked-flow.js";
import { AnswerError } from "../src/engine/errors.js";
import { createRegistry, OFFLINE_NOTICE } from "../src/providers/registry.js";
import { demoReply } from "../src/providers/scripted.js";
import { Agent, Conversation, HumanAgent, Orchestrator } from "../src/sdk/index.js";
import { openSql } from "../src/store/open.js";
import { createSqlEventStore } from "../src/store/sql-events.js";
import { withStore } from "./helpers/stored.js";
import type { EventStore } from "../src/store/types.js";
import { orchestrator as example } from "../../examples/hitl-review.js";
import { cleanupCli, runIdFrom, spawnCli, tempDir } from "./helpers/cli.js";

const ROOT = resolve(import.meta.dirname, "../..");
const INPUT = "Write a summary of the history of the internet.";

const writer = () =>
  new Agent({ name: "writer", llm: "openai/gpt-4o-mini", systemMessage: "You write summaries based on user prompts." });
const reviewer = () =>
  new HumanAgent({ name: "human_reviewer", systemMessage: "You are a human reviewer. Approve or suggest edits." });

/** A stream that keeps what is written to it. */
function sink(): Writable & { text: string } {
  const out = new Writable({
    write(chunk, _enc, done) {
      out.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  out.text = "";
  return out;
}

let dir: string;
let store: EventStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-sdk-"));
  store = createSqlEventStore((await openSql(dir)).sql);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(cleanupCli);

function withoutPositions(flow: Flow) {
  return { ...flow, nodes: flow.nodes.map(({ position: _position, ...rest }) => rest) };
}

describe("Orchestrator", () => {
  it("the example's orchestrator gives the same flow as examples/hitl-review.flow.json (positions aside)", () => {
    const fromJson = checkFlowDocument(JSON.parse(readFileSync(join(ROOT, "examples/hitl-review.flow.json"), "utf8")));
    const fromCode = example.toFlow();
    expect(withoutPositions(fromCode)).toEqual(withoutPositions(fromJson));
    // And what they say in words: approve ends the run, anything else goes back to the writer.
    expect(fromCode.edges.map((e) => [e.source, e.target, e.data.when ?? null])).toEqual([
      ["user", "writer", null],
      ["writer", "human_reviewer", null],
      ["human_reviewer", "end", { kind: "outcome", value: "approve" }],
      ["human_reviewer", "writer", { kind: "otherwise" }],
    ]);
  });

  it("refuses a rule that names an unknown agent", () => {
    const o = (rules: { from: string; to: string }[]) => new Orchestrator({ agents: [writer(), reviewer()], rules });
    expect(() => o([{ from: "user", to: "writter" }]).toFlow()).toThrow('rule to "writter": no agent has that name');
    expect(() => o([{ from: "user", to: "writer" }, { from: "editor", to: "writer" }]).toFlow()).toThrow('rule from "editor": no agent has that name');
  });

  it("refuses the reserved names and a flow that cannot run", () => {
    expect(() => new Orchestrator({ agents: [new Agent({ name: "user", llm: "scripted/demo" })], rules: [] }).toFlow()).toThrow(/"user" is reserved/);
    // The writer has no way out: the same validation as any flow.
    expect(() => new Orchestrator({ agents: [writer()], rules: [{ from: "user", to: "writer" }] }).toFlow()).toThrow(/"writer" has no outgoing edge/);
  });

  it("a HumanAgent's role and users are its node's assignees, as the studio draws them; a bad role is refused naming the field", () => {
    const withHuman = (human: HumanAgent) =>
      new Orchestrator({
        agents: [writer(), human],
        rules: [
          { from: "user", to: "writer" },
          { from: "writer", to: "legal_review" },
          { from: "legal_review", to: "user" },
        ],
      }).toFlow();
    const node = (flow: Flow) => flow.nodes.find((n) => n.id === "legal_review")!;
    expect(node(withHuman(new HumanAgent({ name: "legal_review", role: "legal" }))).data).toMatchObject({ assignees: { users: [], roles: ["legal"] } });
    expect(node(withHuman(new HumanAgent({ name: "legal_review", role: "legal", users: ["ana"] }))).data).toMatchObject({ assignees: { users: ["ana"], roles: ["legal"] } });
    expect(node(withHuman(new HumanAgent({ name: "legal_review" }))).data).not.toHaveProperty("assignees");
    expect(() => withHuman(new HumanAgent({ name: "legal_review", role: "Legal Team" }))).toThrow("nodes[2].data.assignees.roles[0]: expected a role name");
  });
});

describe("Conversation.send", () => {
  it("with onHuman approving: completes with the writer's text as output, stored like any run", async () => {
    const output = sink();
    const asked: PendingHuman[] = [];
    const result = await new Conversation({
      orchestrator: example,
      dataDir: dir,
      registry: createRegistry({ env: {} }),
      output,
      onHuman: (request) => {
        asked.push(request);
        return { text: "Looks good, approve." };
      },
    }).send(INPUT);

    const draft = demoReply({ speaker: "writer", transcript: [{ seq: 3, nodeId: "user", role: "user", name: "user", content: INPUT }], visit: 1 });
    expect(result.status).toBe("completed");
    expect(result.output).toBe(draft);
    expect(result.messages.map((m) => [m.name, m.content])).toEqual([
      ["user", INPUT],
      ["writer", draft],
      ["human_reviewer", "Looks good, approve."],
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ nodeId: "human_reviewer", instructions: "Read the draft. Approve it, or say what to change.", allowText: true });
    // The reply was read as approve, and the reading taken as is: the program is asked nothing more.
    expect((await store.events(result.runId)).find((e) => e.type === "reply.read")).toMatchObject({ outcome: "approve", judge: "offline" });
    expect(output.text).toBe(`${OFFLINE_NOTICE}\n`);
    expect(await store.run(result.runId)).toMatchObject({ status: "completed", flowName: "Writer and human reviewer" });
    expect((await store.events(result.runId)).find((e) => e.type === "human.responded")).toMatchObject({ by: "code", text: "Looks good, approve." });
  });

  it("with onHuman asking for changes then approving: the writer drafts twice", async () => {
    const replies = ["Make it shorter.", "approve"];
    const result = await new Conversation({
      orchestrator: example,
      dataDir: dir,
      registry: createRegistry({ env: {} }),
      output: sink(),
      onHuman: async () => {
        await new Promise((r) => setTimeout(r, 5)); // an async reviewer
        return { text: replies.shift()! };
      },
    }).send(INPUT);
    expect(result.status).toBe("completed");
    const drafts = result.messages.filter((m) => m.name === "writer");
    expect(drafts).toHaveLength(2);
    expect(drafts[1]!.content).toContain('revised as human_reviewer asked — "Make it shorter."');
    expect(result.output).toBe(drafts[1]!.content);
  });

  it("an agent's model timeouts are written into its node as the JSON spells them, and only when set", () => {
    const timed = new Agent({ name: "writer", llm: "openai/gpt-4o", firstTokenTimeoutSeconds: 120, betweenTokensTimeoutSeconds: 20 });
    const rules = [
      { from: "user", to: "writer" },
      { from: "writer", to: "end" },
    ];
    const flow = new Orchestrator({ agents: [timed], rules }).toFlow();
    const asJson = checkFlowDocument(JSON.parse(JSON.stringify(flow)));
    expect(asJson).toEqual(flow);
    expect(flow.nodes.find((n) => n.id === "writer")!.data).toEqual({
      name: "writer",
      model: "openai/gpt-4o",
      systemMessage: "",
      firstTokenTimeoutSeconds: 120,
      betweenTokensTimeoutSeconds: 20,
    });
    // A bad value is refused by the flow's own check, naming the field.
    const bad = new Orchestrator({ agents: [new Agent({ name: "writer", llm: "openai/gpt-4o", connectTimeoutSeconds: 0 })], rules });
    expect(() => bad.toFlow()).toThrow(/connectTimeoutSeconds.*more than 0 seconds/);
  });

  it("an agent's temperature and max tokens go into its node's data; a bad max tokens is refused naming the field", () => {
    const rules = [
      { from: "user", to: "writer" },
      { from: "writer", to: "end" },
    ];
    const tuned = new Agent({ name: "writer", llm: "openai/gpt-4o", temperature: 0.3, maxTokens: 800 });
    const flow = new Orchestrator({ agents: [tuned], rules }).toFlow();
    expect(flow.nodes.find((n) => n.id === "writer")!.data).toEqual({ name: "writer", model: "openai/gpt-4o", systemMessage: "", temperature: 0.3, maxTokens: 800 });
    const bad = new Orchestrator({ agents: [new Agent({ name: "writer", llm: "openai/gpt-4o", maxTokens: 0.5 })], rules });
    expect(() => bad.toFlow()).toThrow(/maxTokens/);
  });

  it("the seed's plain rules (human_reviewer → user, no condition) end after one review, whatever the reviewer says", async () => {
    const plain = new Orchestrator({
      agents: [writer(), reviewer()],
      rules: [
        { from: "user", to: "writer" },
        { from: "writer", to: "human_reviewer" },
        { from: "human_reviewer", to: "user" },
      ],
    });
    const flow = plain.toFlow();
    expect(flow.edges.map((e) => [e.source, e.target])).toContainEqual(["human_reviewer", "end"]);

    let reviews = 0;
    const result = await new Conversation({
      orchestrator: plain,
      dataDir: dir,
      registry: createRegistry({ env: {} }),
      output: sink(),
      onHuman: () => {
        reviews++;
        return { text: "Please rewrite it completely." };
      },
    }).send(INPUT);
    expect(result.status).toBe("completed");
    expect(reviews).toBe(1);
    expect(result.messages.filter((m) => m.name === "writer")).toHaveLength(1);
    expect(result.output).toBe(result.messages.find((m) => m.name === "writer")!.content);
  });

  it("an answer from onHuman that the step cannot take rejects send with that error and cancels the run", async () => {
    const picky = new Orchestrator({
      agents: [writer(), new HumanAgent({ name: "human_reviewer", outcomes: [{ name: "approve", description: "" }, { name: "revise", description: "" }], allowText: false })],
      rules: [
        { from: "user", to: "writer" },
        { from: "writer", to: "human_reviewer" },
        { from: "human_reviewer", to: "user", when: { outcome: "approve" } },
        { from: "human_reviewer", to: "writer" },
      ],
    });
    const send = new Conversation({
      orchestrator: picky,
      dataDir: dir,
      registry: createRegistry({ env: {} }),
      output: sink(),
      onHuman: () => ({ outcome: "maybe" }),
    }).send(INPUT);
    const err = await send.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AnswerError);
    expect(err).toMatchObject({ code: "invalid_answer" });
    const [row] = (await store.listRuns()).runs;
    expect(row).toMatchObject({ status: "cancelled" });
  });

  it("an onHuman that throws rejects send with its error", async () => {
    const send = new Conversation({
      orchestrator: example,
      dataDir: dir,
      registry: createRegistry({ env: {} }),
      output: sink(),
      onHuman: () => {
        throw new Error("reviewer unavailable");
      },
    }).send(INPUT);
    await expect(send).rejects.toThrow("reviewer unavailable");
    expect((await store.listRuns()).runs[0]).toMatchObject({ status: "cancelled" });
  });
});

describe("examples/hitl-review.ts as a script", () => {
  it("runs in a terminal: answered on stdin, it exits 0 and prints the completed output", async () => {
    const data = tempDir();
    const script = spawnCli([], { dataDir: data, entry: "examples/hitl-review.ts" });
    await script.waitForOutput("\n> ");
    script.writeLine("Looks good, approve.");
    const exit = await script.waitForExit();
    expect(exit.code, script.stderr).toBe(0);

    const draft = demoReply({ speaker: "writer", transcript: [{ seq: 3, nodeId: "user", role: "user", name: "user", content: INPUT }], visit: 1 });
    expect(script.stdout).toContain(OFFLINE_NOTICE);
    expect(script.stdout).toContain(`── writer ──\n${draft}\n`);
    expect(script.stdout).toContain("human_reviewer (terminal): Looks good, approve.");
    expect(script.stdout.endsWith(`✔ completed\n\n${draft}\n`)).toBe(true);

    // Stored in $TANDEM_DATA like any run.
    expect(await withStore(data, (stored) => stored.run(runIdFrom(script.stdout)))).toMatchObject({ status: "completed" });
  });
});
