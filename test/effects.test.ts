// A React effect may return only a cleanup function: React calls whatever else it returns when
// the component goes, and a value that is not a function (scrollIntoView's Promise in Chromium,
// typed `void` by the DOM library) throws there and blanks the page. So every value an effect
// returns must be typed as a function; a call typed `void` is written in braces instead.
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const EFFECTS = new Set(["useEffect", "useLayoutEffect", "useInsertionEffect"]);

/** "file:line: text" for each value returned by an effect that is not typed as a function. */
function effectReturns(program: ts.Program, only?: (file: ts.SourceFile) => boolean): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  const report = (file: ts.SourceFile, value: ts.Expression) => {
    const type = checker.getTypeAtLocation(value);
    if (checker.getNonNullableType(type).getCallSignatures().length > 0) return;
    const { line } = file.getLineAndCharacterOfPosition(value.getStart(file));
    found.push(`${file.fileName.replace(`${ROOT}/`, "")}:${line + 1}: ${value.getText(file)}`);
  };
  // The return statements of the effect itself, not of functions nested in it.
  const returnsOf = (file: ts.SourceFile, body: ts.Node) => {
    const visit = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) report(file, n.expression);
      if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
  };
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || (only && !only(file))) continue;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n.expression;
        const effect = n.arguments[0];
        if (ts.isIdentifier(callee) && EFFECTS.has(callee.text) && effect && (ts.isArrowFunction(effect) || ts.isFunctionExpression(effect))) {
          if (ts.isBlock(effect.body)) returnsOf(file, effect.body);
          else report(file, effect.body);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
  }
  return found;
}

/** The studio's program, as `tsc -p studio` sees it. */
function studioProgram(): ts.Program {
  const configPath = join(ROOT, "studio/tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`cannot read ${configPath}`);
  // Without the ambient Node and Vite types, which no effect's cleanup needs: a smaller program.
  return ts.createProgram(config.fileNames, { ...config.options, types: [] });
}

describe("effects return nothing but a cleanup", () => {
  // Type-checking the studio takes a while on a busy machine: a bound for a hang, not a speed test.
  it("holds in the studio", { timeout: 240_000 }, () => {
    expect(effectReturns(studioProgram(), (f) => f.fileName.includes("/studio/src/"))).toEqual([]);
  });

  it("flags a returned value that is not a function, and passes cleanups", { timeout: 120_000 }, () => {
    const source = `
      declare function useEffect(effect: () => unknown, deps?: unknown[]): void;
      declare const el: { scrollIntoView(): void } | null;
      declare function subscribe(): () => void;
      useEffect(() => el?.scrollIntoView(), []);
      useEffect(() => { if (el) return 1; return () => {}; });
      useEffect(() => subscribe());
      useEffect(() => { const off = subscribe(); const inner = () => 2; return off; });
      useEffect(() => { el?.scrollIntoView(); });
    `;
    const name = join(ROOT, "effect-sample.ts");
    const host = ts.createCompilerHost({ strict: true, noEmit: true });
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (file, ...rest) => (file === name ? ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true) : read(file, ...rest));
    const program = ts.createProgram([name], { strict: true, noEmit: true, lib: ["lib.es2022.d.ts"] }, host);
    expect(effectReturns(program, (f) => f.fileName === name)).toEqual(["effect-sample.ts:5: el?.scrollIntoView()", "effect-sample.ts:6: 1"]);
  });
});
