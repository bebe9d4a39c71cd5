// Routing patterns: RE2's linear-time engine, and the reasons given for what it refuses.
import { describe, expect, it } from "vitest";
import { compilePattern, patternMatches } from "./pattern.js";

const refusal = (source: string) => {
  const compiled = compilePattern(source);
  if (compiled.ok) throw new Error(`expected "${source}" to be refused`);
  return compiled.message;
};

describe("compilePattern", () => {
  it("takes the patterns routing is for", () => {
    for (const source of ["^verdict: (pass|ok)\\b", "\\d{3}", "approve|lgtm", "(?P<word>\\w+)", "\\p{L}+", "a.*?b"]) {
      expect(compilePattern(source).ok, source).toBe(true);
    }
  });

  it("refuses lookaround, backreferences and possessive quantifiers, saying why", () => {
    const linear = "is not supported; patterns run in linear time";
    expect(refusal("^re(?=vise)")).toBe(`lookahead (?=…) ${linear}`);
    expect(refusal("^(?!no)")).toBe(`negative lookahead (?!…) ${linear}`);
    expect(refusal("(?<=re)vise")).toBe(`lookbehind (?<=…) ${linear}`);
    expect(refusal("(?<!not )ok")).toBe(`negative lookbehind (?<!…) ${linear}`);
    expect(refusal("(a)\\1")).toBe(`backreference \\1 ${linear}`);
    expect(refusal("(?P<w>a)(?P=w)")).toBe(`named backreference ${linear}`);
    expect(refusal("a++")).toBe(`possessive quantifier ++ ${linear}`);
    expect(refusal("(?>a)")).toBe(`atomic group (?>…) ${linear}`);
  });

  it("refuses patterns that do not parse, too long, or too large to run cheaply", () => {
    expect(refusal("(unclosed")).toBe("missing closing )");
    expect(refusal("a[b")).toBe("missing closing ] at `[b`");
    expect(refusal("x".repeat(501))).toBe("at most 500 characters");
    expect(refusal("[a-z]{300}")).toBe("pattern is too large (302 steps, at most 200); patterns run in linear time");
  });
});

describe("patternMatches", () => {
  it("matches anywhere in the text, without regard to case", () => {
    expect(patternMatches("^verdict: (pass|ok)\\b", "Verdict: PASS, ship it")).toBe(true);
    expect(patternMatches("^verdict: (pass|ok)\\b", "the verdict: pass")).toBe(false);
  });

  it("answers nested quantifiers on a long non-matching text (a backtracking engine would take hours)", () => {
    expect(patternMatches("(a+)+$", `${"a".repeat(60)}!`)).toBe(false);
    expect(patternMatches("^(\\w+\\s?)*$", `${"word ".repeat(30)}!`)).toBe(false);
  });

  it("never matches with a pattern it refuses", () => {
    expect(patternMatches("(?=a)a", "a")).toBe(false);
  });
});
