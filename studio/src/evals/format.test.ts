import { describe, expect, it } from "vitest";
import { expectedPhrases, preview, scoreWord, share, signed } from "./format.js";

describe("evaluation formatting", () => {
  it("says a share with its percentage, rounded", () => {
    expect(share(2, 3)).toBe("2 of 3 (67%)");
    expect(share(3, 3)).toBe("3 of 3 (100%)");
    expect(share(0, 0)).toBe("0 of 0");
  });

  it("puts a score in one word, n.a. where it did not apply", () => {
    expect([true, false, null].map(scoreWord)).toEqual(["pass", "fail", "n.a."]);
  });

  it("signs differences with a plus or a real minus, grouping thousands", () => {
    expect(signed(12)).toBe("+12");
    expect(signed(-1500)).toBe("−1,500");
    expect(signed(0)).toBe("0");
  });

  it("previews text on one line, cut with an ellipsis", () => {
    expect(preview("a\n  b")).toBe("a b");
    expect(preview("abcdef", 4)).toBe("abc…");
    expect(preview("abcd", 4)).toBe("abcd");
  });

  it("says what a case expects, part by part, nothing when it expects nothing", () => {
    expect(expectedPhrases({ outcome: "approve", output: "Done.", contains: "tea", regex: "^ok", schema: { type: "object", fields: [] } as never })).toEqual([
      "outcome approve",
      "output “Done.”",
      "contains “tea”",
      "regex /^ok/",
      "fits the schema",
    ]);
    expect(expectedPhrases({})).toEqual([]);
  });
});
