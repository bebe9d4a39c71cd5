// OpenAI's streaming overhead: the fake OpenAI server (server/test/fake-openai.ts, the real wire
// format) streams the same reply to a bare loop over the official SDK and to Tandem's provider.
import type { TranscriptMessage } from "@tandem/shared";
import { createOpenAIProvider } from "../../server/src/providers/openai.js";
import { startFakeOpenAI } from "../../server/test/fake-openai.js";
import type { ProviderBench } from "./case.js";
import { serverPackage } from "./server-package.js";

const KEY = "sk-bench";
const MODEL = "gpt-4o-mini";
const PROMPT = "Say it.";
const transcript: TranscriptMessage[] = [{ seq: 1, nodeId: "user", role: "user", name: "user", content: PROMPT }];
/** A reply of `tokens` word-sized tokens, as the fake streams text. */
const reply = (tokens: number) => ({ text: Array.from({ length: tokens }, (_, i) => `w${i}`).join(" ") });

/** The part of the SDK's client the bare loop uses. */
interface Client {
  chat: { completions: { create(body: object): Promise<AsyncIterable<{ choices: { delta?: { content?: string | null } }[] }>> } };
}

export const bench: ProviderBench = {
  id: "openai",
  label: "OpenAI",
  async start() {
    const { OpenAI } = await serverPackage<{ OpenAI: new (options: object) => Client }>("openai");
    const fake = await startFakeOpenAI();
    const client = new OpenAI({ apiKey: KEY, baseURL: fake.url, maxRetries: 0 });
    const provider = createOpenAIProvider({ apiKey: KEY, baseURL: fake.url });
    return {
      async bare(tokens, onToken) {
        fake.enqueue(reply(tokens));
        const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: PROMPT }], stream: true, stream_options: { include_usage: true } });
        for await (const chunk of stream) {
          const text = chunk.choices[0]?.delta?.content;
          if (text) onToken(text);
        }
      },
      async tandem(tokens, onToken) {
        fake.enqueue(reply(tokens));
        const request = { model: MODEL, system: "", speaker: "writer", transcript, nodeId: "writer", visit: 1 };
        for await (const chunk of provider.stream(request, new AbortController().signal)) if (chunk.type === "delta") onToken(chunk.text);
      },
      close: () => fake.close(),
    };
  },
};
