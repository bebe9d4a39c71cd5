// How long a model call waits on a silent server: the defaults, and the operator's own from the environment.
import type { ModelTimeouts } from "./types.js";

/** Short enough that a stalled model is retried within a minute; a node may ask for more (a reasoning model). */
export const DEFAULT_MODEL_TIMEOUTS: ModelTimeouts = { connectMs: 10_000, firstTokenMs: 30_000, betweenTokensMs: 15_000 };

const VARIABLES: Record<keyof ModelTimeouts, string> = {
  connectMs: "TANDEM_MODEL_CONNECT_TIMEOUT_MS",
  firstTokenMs: "TANDEM_MODEL_FIRST_TOKEN_TIMEOUT_MS",
  betweenTokensMs: "TANDEM_MODEL_BETWEEN_TOKENS_TIMEOUT_MS",
};

/** The server-wide timeouts: each variable that is set replaces its default. Throws naming a bad one. */
export function modelTimeoutsFromEnv(env: NodeJS.ProcessEnv): ModelTimeouts {
  const timeouts = { ...DEFAULT_MODEL_TIMEOUTS };
  for (const [key, name] of Object.entries(VARIABLES) as [keyof ModelTimeouts, string][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const ms = Number(raw);
    if (!Number.isInteger(ms) || ms < 1) {
      // The operator's to fix: the CLI prints the message without a stack.
      throw Object.assign(new Error(`${name} must be a whole number of milliseconds (at least 1), not "${raw}"`), { cliError: true });
    }
    timeouts[key] = ms;
  }
  return timeouts;
}
