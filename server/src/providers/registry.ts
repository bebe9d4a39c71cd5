// Which provider serves a "provider/model" reference, and which models each offers. Providers
// are configured from the environment (shared/src/providers.ts says what each needs); one that
// is not configured is stood in for by the offline scripted model, so any flow runs offline.
import { DEFAULT_PRICES, PRICES_AS_OF, PROVIDERS, parseModelRef, priceOf, type ModelInfo, type ModelList, type ModelPrice, type ProviderId, type ProviderModels, type ProviderSpec } from "@tandem/shared";
import { describe } from "./errors.js";
import { createScriptedProvider } from "./scripted.js";
import { modelTimeoutsFromEnv } from "./timeouts.js";
import { pricesFromEnv } from "./prices-config.js";
import type { ModelChunk, ModelProvider, ModelRequest, ModelTimeouts, ProviderConfig, ProviderModule } from "./types.js";

export interface ResolvedModel {
  provider: ModelProvider;
  model: string;
  /** True when the flow asked for a provider that is not configured and scripted stands in. */
  fallback: boolean;
}

export interface ProviderRegistry {
  /** True when no real model provider is configured. */
  readonly offline: boolean;
  resolve(ref: string): ResolvedModel;
  /** Every provider with its models: read live from each configured one (cached a minute), else the shipped list. */
  models(): Promise<ModelList>;
  /** The price of a model by its reference, from the server's table; undefined when unknown. */
  price(ref: string): ModelPrice | undefined;
}

// Loaded on first use, so that commands that call no model start fast.
const MODULES: Partial<Record<ProviderId, () => Promise<ProviderModule>>> = {
  openai: () => import("./openai.js").then((m) => m.openaiModule),
  ollama: () => import("./ollama.js").then((m) => m.ollamaModule),
  gemini: () => import("./gemini.js").then((m) => m.geminiModule),
  anthropic: () => import("./anthropic.js").then((m) => m.anthropicModule),
};

export interface RegistryOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra or replacement providers by id (tests, the replay provider). */
  providers?: Record<string, ModelProvider>;
  scriptedDelayMs?: number;
  /** Prices that replace or add to the shipped table and TANDEM_PRICES's, by model reference. */
  prices?: Record<string, ModelPrice>;
}

const LIST_TIMEOUT_MS = 3000;
const LIST_CACHE_MS = 60_000;

export function createRegistry(options: RegistryOptions = {}): ProviderRegistry {
  const env = options.env ?? process.env;
  const scripted = createScriptedProvider({ tokenDelayMs: options.scriptedDelayMs });
  const providers = new Map<string, ModelProvider>([["scripted", scripted]]);
  const timeouts = modelTimeoutsFromEnv(env);
  const configs = new Map<ProviderId, ProviderConfig>();
  for (const spec of PROVIDERS) {
    const config = configOf(spec, env, timeouts);
    const load = MODULES[spec.id];
    if (!config || !load) continue;
    configs.set(spec.id, config);
    providers.set(spec.id, lazy(spec.id, () => load().then((m) => m.create(config))));
  }
  for (const [id, p] of Object.entries(options.providers ?? {})) providers.set(id, p);
  const offline = !PROVIDERS.some((p) => providers.has(p.id));
  const prices = { ...DEFAULT_PRICES, ...pricesFromEnv(env), ...options.prices };
  const info = (provider: string, model: string, label = model): ModelInfo => {
    const id = `${provider}/${model}`;
    const price = priceOf(id, prices);
    return { id, provider, label, ...(price ? { price } : {}) };
  };
  const listed = new Map<ProviderId, { at: number; list: Promise<ProviderModels> }>();

  async function providerModels(spec: ProviderSpec): Promise<ProviderModels> {
    const config = configs.get(spec.id);
    const base = { id: spec.id, label: spec.label, configured: providers.has(spec.id), setup: spec.setup };
    const shipped = (error?: string): ProviderModels => ({ ...base, live: false, ...(error ? { error } : {}), models: spec.fallbackModels.map((m) => info(spec.id, m)) });
    const load = MODULES[spec.id];
    if (!config || !load) return shipped();
    try {
      const ids = await (await load()).listModels(config, AbortSignal.timeout(LIST_TIMEOUT_MS));
      const host = config.baseURL ? ` at ${new URL(config.baseURL).host}` : "";
      return { ...base, live: true, models: [...new Set(ids)].sort().map((m) => info(spec.id, m, `${m}${host}`)) };
    } catch (err) {
      return shipped(`could not list models: ${describe(err)}`);
    }
  }

  return {
    offline,
    resolve(ref) {
      const parsed = parseModelRef(ref);
      if (!parsed) throw new Error(`model "${ref}": expected "provider/model"`);
      const provider = providers.get(parsed.provider);
      if (provider) return { provider, model: parsed.model, fallback: false };
      if (PROVIDERS.some((p) => p.id === parsed.provider)) return { provider: scripted, model: parsed.model, fallback: true };
      const known = [...new Set([...providers.keys(), ...PROVIDERS.map((p) => p.id)])];
      throw new Error(`model "${ref}": unknown provider "${parsed.provider}" (known: ${known.join(", ")})`);
    },
    async models() {
      const now = Date.now();
      const groups = await Promise.all(
        PROVIDERS.map((spec) => {
          const cached = listed.get(spec.id);
          if (cached && now - cached.at < LIST_CACHE_MS) return cached.list;
          const list = providerModels(spec);
          listed.set(spec.id, { at: now, list });
          return list;
        }),
      );
      const models = [info("scripted", "demo", "Offline scripted model"), ...groups.filter((g) => g.configured).flatMap((g) => g.models)];
      return { offline, models, providers: groups, pricesAsOf: PRICES_AS_OF };
    },
    price: (ref) => priceOf(ref, prices),
  };
}

/** A provider's configuration from the environment, or undefined when it is not configured (no key and no address). */
function configOf(spec: ProviderSpec, env: NodeJS.ProcessEnv, timeouts: ModelTimeouts): ProviderConfig | undefined {
  const apiKey = spec.keyEnv.map((name) => env[name]).find((v) => v);
  const address = env[spec.urlEnv]?.trim();
  // "127.0.0.1:11434", as Ollama's own tools accept it, is an http address.
  const baseURL = address ? (address.includes("://") ? address : `http://${address}`) : undefined;
  if (!apiKey && !baseURL) return undefined;
  return { apiKey, baseURL, timeouts };
}

/** Builds the provider on its first call; later calls go straight to it, with no extra hop per chunk. */
function lazy(id: string, build: () => Promise<ModelProvider>): ModelProvider {
  let loading: Promise<ModelProvider> | undefined;
  let loaded: ModelProvider | undefined;
  async function* first(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelChunk> {
    loading ??= build().then((p) => (loaded = p));
    yield* (await loading).stream(req, signal);
  }
  return { id, stream: (req, signal) => (loaded ? loaded.stream(req, signal) : first(req, signal)) };
}

export const OFFLINE_NOTICE =
  "No model provider configured: using the offline scripted model. Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or OLLAMA_HOST (docs/models.md) for real models.";
