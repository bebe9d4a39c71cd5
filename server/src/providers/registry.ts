// Which provider serves a "provider/model" reference. With no OPENAI_API_KEY (and no
// OPENAI_BASE_URL), "openai/..." falls back to the offline scripted provider.
import { parseModelRef } from "@tandem/shared";
import { createScriptedProvider } from "./scripted.js";
import { modelTimeoutsFromEnv } from "./timeouts.js";
import type { ModelChunk, ModelProvider, ModelRequest, ModelTimeouts } from "./types.js";

export interface ResolvedModel {
  provider: ModelProvider;
  model: string;
  /** True when the flow asked for a provider that is not configured and scripted stands in. */
  fallback: boolean;
}

export interface ModelInfo {
  id: string;
  provider: string;
  label: string;
}

export interface ProviderRegistry {
  /** True when no real model provider is configured. */
  readonly offline: boolean;
  resolve(ref: string): ResolvedModel;
  models(): ModelInfo[];
}

export interface RegistryOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra or replacement providers by id (tests, the replay provider). */
  providers?: Record<string, ModelProvider>;
  scriptedDelayMs?: number;
}

const OPENAI_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1"];

export function createRegistry(options: RegistryOptions = {}): ProviderRegistry {
  const env = options.env ?? process.env;
  const scripted = createScriptedProvider({ tokenDelayMs: options.scriptedDelayMs });
  const providers = new Map<string, ModelProvider>([["scripted", scripted]]);
  const apiKey = env.OPENAI_API_KEY;
  const baseURL = env.OPENAI_BASE_URL;
  const timeouts = modelTimeoutsFromEnv(env);
  if (apiKey || baseURL) {
    // Local OpenAI-compatible servers (Ollama, vLLM, LM Studio) take any key.
    providers.set("openai", lazyOpenAI(apiKey || "not-needed", baseURL || undefined, timeouts));
  }
  for (const [id, p] of Object.entries(options.providers ?? {})) providers.set(id, p);
  const offline = !providers.has("openai");

  return {
    offline,
    resolve(ref) {
      const parsed = parseModelRef(ref);
      if (!parsed) throw new Error(`model "${ref}": expected "provider/model"`);
      const provider = providers.get(parsed.provider);
      if (provider) return { provider, model: parsed.model, fallback: false };
      if (parsed.provider === "openai") return { provider: scripted, model: parsed.model, fallback: true };
      throw new Error(`model "${ref}": unknown provider "${parsed.provider}" (known: ${[...providers.keys(), "openai"].join(", ")})`);
    },
    models() {
      const list: ModelInfo[] = [{ id: "scripted/demo", provider: "scripted", label: "Offline scripted model" }];
      if (!offline) {
        for (const m of OPENAI_MODELS) list.push({ id: `openai/${m}`, provider: "openai", label: baseURL ? `${m} at ${new URL(baseURL).host}` : m });
      }
      return list;
    },
  };
}

/** Loads the openai SDK on the first call, so that commands that make none start fast. */
function lazyOpenAI(apiKey: string, baseURL: string | undefined, timeouts: ModelTimeouts): ModelProvider {
  let loading: Promise<ModelProvider> | undefined;
  let loaded: ModelProvider | undefined;
  async function* first(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    loading ??= import("./openai.js").then((m) => (loaded = m.createOpenAIProvider({ apiKey, baseURL, timeouts })));
    yield* (await loading).stream(req, signal);
  }
  return {
    id: "openai",
    // Once loaded, calls go straight to the SDK provider: no extra hop per streamed chunk.
    stream: (req, signal) => (loaded ? loaded.stream(req, signal) : first(req, signal)),
  };
}

export const OFFLINE_NOTICE =
  "No OPENAI_API_KEY set: using the offline scripted model. Set OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server) for real models.";
