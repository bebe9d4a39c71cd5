import { describe, expect, test } from "vitest";
import { SPAN_KEY, spanIdOf, traceIdOf } from "./trace-ids.js";

describe("trace ids", () => {
  test("a UUID run id is its own 32 hex digits, in lower case", () => {
    expect(traceIdOf("0B7C3E2A-91D4-4F6B-8A1E-5C2D9F0E7A31")).toBe("0b7c3e2a91d44f6b8a1e5c2d9f0e7a31");
  });

  test("any other id hashes to 32 hex digits, the same every time, different per id", () => {
    const a = traceIdOf("run-1");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOf("run-1")).toBe(a);
    expect(traceIdOf("run-2")).not.toBe(a);
    expect(a).not.toMatch(/^0+$/);
  });

  test("a span id is 16 hex digits, fixed by the run and the key", () => {
    const id = spanIdOf("run-1", SPAN_KEY.model("c1"));
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(spanIdOf("run-1", SPAN_KEY.model("c1"))).toBe(id);
    expect(spanIdOf("run-2", SPAN_KEY.model("c1"))).not.toBe(id);
    expect(spanIdOf("run-1", SPAN_KEY.tool("c1"))).not.toBe(id);
    expect(spanIdOf("run-1", SPAN_KEY.visit("a/1", 1, 1))).not.toBe(spanIdOf("run-1", SPAN_KEY.visit("a", 1, 1)));
  });
});
