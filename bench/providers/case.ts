// One provider's streaming-overhead benchmark: the same reply from its fake wire-format server,
// read once by a bare loop over the official SDK and once through Tandem's provider.
// bench/providers.bench.ts runs every bench/providers/<id>.ts that exports `bench: ProviderBench`.

/** Called with each streamed piece of text, as it arrives. */
export type OnToken = (text: string) => void;

export interface ProviderBenchServer {
  /** One streamed reply of `tokens` tokens, read with the SDK alone (no Tandem code). */
  bare(tokens: number, onToken: OnToken): Promise<void>;
  /** The same reply read through Tandem's provider (its `stream`). */
  tandem(tokens: number, onToken: OnToken): Promise<void>;
  close(): Promise<void>;
}

export interface ProviderBench {
  id: string;
  label: string;
  /** Starts the provider's fake server on 127.0.0.1 (no delay between tokens). */
  start(): Promise<ProviderBenchServer>;
}
