// The operator's prices: TANDEM_PRICES names a JSON file of US dollars per million tokens by model
// reference ("provider/model", or "provider/*" for the rest of a provider's models), merged over
// the shipped table, since list prices change and private deployments pay their own.
import { readFileSync } from "node:fs";
import { formatPath, type ModelPrice } from "@tandem/shared";
import { z } from "zod";

const usd = z.number({ error: "expected a number of US dollars per million tokens" }).finite().min(0, "expected 0 or more");
const Price = z.strictObject({ input: usd, cachedInput: usd.optional(), output: usd });
const Ref = z.string().regex(/^[a-z0-9-]+\/(\*|[^*\s]+)$/, 'expected "provider/model" or "provider/*"');
const Prices = z.record(Ref, Price, { error: "expected an object of prices by model reference" });

/** The prices the file named by TANDEM_PRICES sets (none when unset); throws naming the file and the field. */
export function pricesFromEnv(env: NodeJS.ProcessEnv): Record<string, ModelPrice> {
  const file = env.TANDEM_PRICES;
  if (!file?.trim()) return {};
  // The operator's to fix: the CLI prints the message without a stack.
  const fail = (problem: string): never => {
    throw Object.assign(new Error(`TANDEM_PRICES (${file}): ${problem}`), { cliError: true });
  };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code ? `cannot be read (${code})` : `is not JSON (${(e as Error).message})`);
  }
  const result = Prices.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.code === "unrecognized_keys" ? `unknown field "${issue.keys[0]}"` : issue.message;
  return fail(`${formatPath(issue.path) || "the file"}: ${message}`);
}
