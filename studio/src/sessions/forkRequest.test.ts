import { fold } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../../test/synthetic.js";
import { editableMessages, forkRequest, nodeSettingsOf, type ForkForm } from "./forkRequest.js";

const events = syntheticRun({ rounds: 2, humanEvery: 2 });
const asked = events.find((e) => e.type === "human.requested")!.seq;
const state = fold(events.slice(0, asked));
const blank = (): ForkForm => ({ answer: null, message: null, nodes: nodeSettingsOf(state) });

describe("forkRequest", () => {
  it("sends only the fork point when nothing was changed", () => {
    expect(forkRequest({ at: asked }, state, blank())).toEqual({ at: asked });
  });

  it("sends the answer, a rewritten message and the node settings that changed", () => {
    const form = blank();
    form.answer = { outcome: "approve", text: "  ", edit: "Shorter draft." };
    const message = editableMessages(state, (s) => events[s - 1]).at(-1)!;
    form.message = { seq: message.seq, content: "Another critique." };
    const nodes = nodeSettingsOf(state);
    nodes.set("writer", { ...nodes.get("writer")!, temperature: "0.2" });
    nodes.set("critic", { ...nodes.get("critic")!, model: " openai/gpt-4o " });
    form.nodes = nodes;
    expect(forkRequest({ at: asked }, state, form)).toEqual({
      at: asked,
      answer: { outcome: "approve", edit: "Shorter draft." },
      edits: [{ seq: message.seq, content: "Another critique." }],
      nodes: { writer: { temperature: 0.2 }, critic: { model: "openai/gpt-4o" } },
    });
  });

  it("sends the settings of nodes whose ids are names of Object.prototype, as data", () => {
    const ids = ["__proto__", "constructor", "toString"];
    const renamed = JSON.parse(JSON.stringify(events.slice(0, asked)).replaceAll('"writer"', '"__proto__"').replaceAll('"critic"', '"constructor"'));
    const hostile = fold(renamed);
    const nodes = nodeSettingsOf(hostile);
    expect([...nodes.keys()].sort()).toEqual(ids.slice(0, 2).sort());
    nodes.set("__proto__", { ...nodes.get("__proto__")!, systemMessage: "Be brief." });
    nodes.set("constructor", { ...nodes.get("constructor")!, model: "openai/gpt-4o" });
    const body = forkRequest({ at: asked }, hostile, { answer: null, message: null, nodes });
    // As sent over the wire: both keys are there, and nothing was set as a prototype.
    expect(JSON.parse(JSON.stringify(body)).nodes).toEqual(JSON.parse('{"__proto__":{"systemMessage":"Be brief."},"constructor":{"model":"openai/gpt-4o"}}'));
    expect(Object.keys(body.nodes!).sort()).toEqual(ids.slice(0, 2).sort());
  });

  it("sends no answer where nobody is asked, and no edit of an unchanged message", () => {
    const earlier = fold(events.slice(0, 8));
    const form = blank();
    form.answer = { outcome: "approve", text: "", edit: null };
    form.message = { seq: earlier.messages[0]!.seq, content: earlier.messages[0]!.content };
    expect(forkRequest({ at: 8 }, earlier, form)).toEqual({ at: 8 });
  });

  it("offers only messages recorded as message events for rewriting", () => {
    const later = fold(events);
    const editable = editableMessages(later, (s) => events[s - 1]);
    expect(editable.length).toBeLessThan(later.messages.length);
    expect(editable.every((m) => events[m.seq - 1]!.type === "message")).toBe(true);
  });
});
