// Patterns from flows (regex edges) run on RE2's engine (re2js, pure JS): matching time grows
// linearly with the text whatever the pattern, so no flow can stall the server by backtracking.
// The schema refuses what RE2 cannot run, saying why; the studio uses this same module, so it
// refuses and matches exactly as the server does.
import { RE2JS, RE2JSSyntaxException } from "re2js";
import { FLOW_LIMITS } from "./limits.js";

const { patternLength, patternSteps } = FLOW_LIMITS;

const LINEAR = "patterns run in linear time";

/** RE2 refuses these constructs because they need backtracking. */
function unsupported(input: string): string | undefined {
  if (input.startsWith("(?=")) return "lookahead (?=…)";
  if (input.startsWith("(?!")) return "negative lookahead (?!…)";
  if (input.startsWith("(?<=")) return "lookbehind (?<=…)";
  if (input.startsWith("(?<!")) return "negative lookbehind (?<!…)";
  if (input.startsWith("(?>")) return "atomic group (?>…)";
  if (input === "(?P" || input.startsWith("\\k")) return "named backreference";
  if (/^\\[1-9]/.test(input)) return `backreference ${input}`;
  if (/^[*+?}][+]/.test(input)) return `possessive quantifier ${input}`;
  return undefined;
}

function explain(e: RE2JSSyntaxException, source: string): string {
  // The whole pattern comes back with the case-insensitive flag RE2 put in front of it.
  const input = e.input === `(?i)${source}` ? source : (e.input ?? "");
  const what = unsupported(input);
  if (what) return `${what} is not supported; ${LINEAR}`;
  return input && input !== source ? `${e.error} at \`${input}\`` : e.error;
}

export type CompiledPattern = { ok: true; pattern: RE2JS } | { ok: false; message: string };

/** Compiles a routing pattern (case-insensitive), or says why it cannot be used. */
export function compilePattern(source: string): CompiledPattern {
  if (source.length > patternLength) return { ok: false, message: `at most ${patternLength} characters` };
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) return { ok: false, message: explain(e, source) };
    throw e;
  }
  const size = pattern.programSize();
  if (size > patternSteps) {
    return { ok: false, message: `pattern is too large (${size} steps, at most ${patternSteps}); ${LINEAR}` };
  }
  return { ok: true, pattern };
}

/** Whether `source` matches anywhere in `text`; a pattern that does not compile never matches. */
export function patternMatches(source: string, text: string): boolean {
  const compiled = compilePattern(source);
  return compiled.ok && compiled.pattern.test(text);
}
