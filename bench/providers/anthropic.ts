// Anthropic's streaming overhead: one reply from the fake Messages API server, read by a bare
// loop over the official SDK, and through Tandem's provider.
import Anthropic from "@anthropic-ai/sdk";
import { createAnthropicProvider } from "../../server/src/providers/anthropic.js";
import { startFakeAnthropic } from "../../server/test/fakes/fake-anthropic.js";
import type { ProviderBench } from "./case.js";

const KEY = "sk-ant-bench";
const MODEL = "claude-haiku-4-5";

/** A reply of `tokens` words. */
const reply = (tokens: number) => ({ text: Array.from({ length: tokens }, (_, i) => `w${i}`).join(" ") });

export const bench: ProviderBench = {
  id: "anthropic",
  label: "Anthropic",
  async start() {
    const fake = await startFakeAnthropic();
    const client = new Anthropic({ apiKey: KEY, baseURL: fake.url, maxRetries: 0 });
    const provider = createAnthropicProvider({ apiKey: KEY, baseURL: fake.url });
    return {
      async bare(tokens, onToken) {
        fake.enqueue(reply(tokens));
        const events = await client.messages.create({ model: MODEL, max_tokens: 4096, messages: [{ role: "user", content: "Go." }], stream: true });
        for await (const event of events) {
          if (event.type === "content_block_delta" && event.delta.type === "text_delta") onToken(event.delta.text);
        }
      },
      async tandem(tokens, onToken) {
        fake.enqueue(reply(tokens));
        const transcript = [{ seq: 1, nodeId: "start", role: "user" as const, name: "user", content: "Go." }];
        for await (const chunk of provider.stream({ model: MODEL, system: "", speaker: "bench", transcript, nodeId: "bench", visit: 1 }, new AbortController().signal)) {
          if (chunk.type === "delta") onToken(chunk.text);
        }
      },
      close: () => fake.close(),
    };
  },
};
