// The model providers a server can be configured with: what each needs, and the models it
// offers when it cannot be asked. Configuration lives in the server's environment, never in flows.

export type ProviderId = "openai" | "anthropic" | "gemini" | "ollama";

export interface ProviderSpec {
  id: ProviderId;
  label: string;
  /** Environment variables that hold the key, the first set one wins (none: needs no key). */
  keyEnv: readonly string[];
  /** The environment variable that points the provider at another server. */
  urlEnv: string;
  /** Models offered when the provider's list cannot be read (ids without the provider prefix). */
  fallbackModels: readonly string[];
  /** What to set, in a sentence a person acts on. */
  setup: string;
}

export const PROVIDERS: readonly ProviderSpec[] = [
  {
    id: "openai",
    label: "OpenAI",
    keyEnv: ["OPENAI_API_KEY"],
    urlEnv: "OPENAI_BASE_URL",
    fallbackModels: ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1"],
    setup: "Set OPENAI_API_KEY (or OPENAI_BASE_URL for an OpenAI-compatible server).",
  },
  {
    id: "anthropic",
    label: "Anthropic",
    keyEnv: ["ANTHROPIC_API_KEY"],
    urlEnv: "ANTHROPIC_BASE_URL",
    fallbackModels: ["claude-haiku-4-5", "claude-sonnet-4-5", "claude-opus-4-1"],
    setup: "Set ANTHROPIC_API_KEY.",
  },
  {
    id: "gemini",
    label: "Google Gemini",
    keyEnv: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
    urlEnv: "GEMINI_BASE_URL",
    fallbackModels: ["gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.5-pro"],
    setup: "Set GEMINI_API_KEY.",
  },
  {
    id: "ollama",
    label: "Ollama",
    keyEnv: [],
    urlEnv: "OLLAMA_HOST",
    fallbackModels: ["llama3.2", "qwen2.5", "mistral"],
    setup: "Set OLLAMA_HOST (e.g. http://127.0.0.1:11434) to use a running Ollama.",
  },
];

export function providerSpec(id: string): ProviderSpec | undefined {
  return PROVIDERS.find((p) => p.id === id);
}
