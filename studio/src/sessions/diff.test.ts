import type { TranscriptMessage } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { diff } from "../run/diff.js";
import { wordDiff } from "../run/wordDiff.js";
import { compareTranscripts, firstDifference } from "./compare.js";

const eq = (x: string, y: string) => x === y;
const render = (ops: ReturnType<typeof diff<string>>) => ops.map((o) => (o.kind === "same" ? o.a : o.kind === "removed" ? `-${o.a}` : `+${o.b}`)).join(" ");

describe("diff", () => {
  it("keeps what both share and marks what changed", () => {
    expect(render(diff([..."abcde"], [..."abxde"], eq))).toBe("a b -c +x d e");
    expect(render(diff([..."abc"], [..."abc"], eq))).toBe("a b c");
    expect(render(diff([], [..."ab"], eq))).toBe("+a +b");
    expect(render(diff([..."ab"], [], eq))).toBe("-a -b");
    expect(render(diff([..."xaby"], [..."aby"], eq))).toBe("-x a b y");
  });

  it("finds the longest common part in the middle", () => {
    const ops = diff([..."kabcdz"], [..."kbxcqz"], eq);
    expect(ops.filter((o) => o.kind === "same").map((o) => (o as { a: string }).a)).toEqual(["k", "b", "c", "z"]);
    // Every element of both sides appears once, in order.
    expect(ops.flatMap((o) => (o.kind === "added" ? [] : [o.a])).join("")).toBe("kabcdz");
    expect(ops.flatMap((o) => (o.kind === "removed" ? [] : [o.b])).join("")).toBe("kbxcqz");
  });

  it("stays fast for long runs that share a beginning", () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `m${i}`);
    const b = [...a.slice(0, 15_000), "other", ...a.slice(15_001)];
    const started = performance.now();
    const ops = diff(a, b, eq);
    expect(performance.now() - started).toBeLessThan(200);
    expect(ops.filter((o) => o.kind !== "same")).toEqual([{ kind: "removed", a: "m15000" }, { kind: "added", b: "other" }]);
  });
});

describe("wordDiff", () => {
  it("gives the words taken out and put in, which join back into both texts", () => {
    const before = "The release ships Friday at ten.";
    const after = "The release ships Friday at 10:00, with a rollback plan.";
    const changes = wordDiff(before, after);
    expect(changes.filter((c) => c.kind !== "added").map((c) => c.text).join("")).toBe(before);
    expect(changes.filter((c) => c.kind !== "removed").map((c) => c.text).join("")).toBe(after);
    expect(changes.find((c) => c.kind === "removed")?.text).toBe("ten.");
    expect(changes[0]).toEqual({ kind: "same", text: "The release ships Friday at " });
  });
});

describe("compareTranscripts", () => {
  const m = (seq: number, name: string, content: string): TranscriptMessage => ({ seq, nodeId: name, role: name === "writer" ? "assistant" : "user", name, content });
  const parent = [m(3, "user", "Write a note"), m(9, "writer", "Draft 1"), m(13, "reviewer", "revise"), m(19, "writer", "Draft 2"), m(23, "reviewer", "approve")];

  it("pairs changed messages and shows the ones only one run has", () => {
    const fork = [m(3, "user", "Write a note"), m(9, "writer", "Draft 1"), m(13, "reviewer", "approve")];
    const rows = compareTranscripts(parent, fork);
    // The fork's "approve" lines up with the parent's last one: the revision round is what it lacks.
    expect(rows.map((r) => r.kind)).toEqual(["same", "same", "left", "left", "same"]);
    expect(firstDifference(rows)).toBe(2);
  });

  it("ignores where a message sits in the log (seq); only who said what counts", () => {
    const shifted = parent.map((x) => ({ ...x, seq: x.seq + 5 }));
    const rows = compareTranscripts(parent, shifted);
    expect(rows.every((r) => r.kind === "same")).toBe(true);
    expect(firstDifference(rows)).toBe(-1);
  });

  it("a different answer then a different reply read as changed rows", () => {
    const other = [...parent.slice(0, 2), m(13, "reviewer", "approve"), m(19, "writer", "Draft 2b"), m(23, "reviewer", "approve")];
    expect(compareTranscripts(parent, other).map((r) => r.kind)).toEqual(["same", "same", "changed", "changed", "same"]);
  });
});
