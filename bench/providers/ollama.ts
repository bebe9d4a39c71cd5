// Ollama's streaming overhead: the fake Ollama server's reply read by the ollama SDK alone, and
// through Tandem's Ollama provider.
import { Ollama } from "ollama";
import { ollamaModule } from "../../server/src/providers/ollama.js";
import { DEFAULT_MODEL_TIMEOUTS } from "../../server/src/providers/timeouts.js";
import { startFakeOllama } from "../../server/test/fakes/fake-ollama.js";
import type { ProviderBench } from "./case.js";

const MODEL = "llama3.2";

/** A reply of `tokens` word-sized tokens (the fake streams one line per word). */
const reply = (tokens: number) => ({ text: Array.from({ length: tokens }, (_, i) => `w${i}`).join(" ") });

export const bench: ProviderBench = {
  id: "ollama",
  label: "Ollama",
  async start() {
    const fake = await startFakeOllama();
    const provider = ollamaModule.create({ baseURL: fake.url, timeouts: DEFAULT_MODEL_TIMEOUTS });
    const client = new Ollama({ host: fake.url });
    return {
      async bare(tokens, onToken) {
        fake.enqueue(reply(tokens));
        const stream = await client.chat({ model: MODEL, messages: [{ role: "user", content: "Write." }], stream: true });
        for await (const chunk of stream) if (chunk.message.content) onToken(chunk.message.content);
      },
      async tandem(tokens, onToken) {
        fake.enqueue(reply(tokens));
        const request = { model: MODEL, system: "", speaker: "writer", transcript: [{ seq: 1, nodeId: "start", role: "user" as const, name: "user", content: "Write." }], nodeId: "writer", visit: 1 };
        for await (const chunk of provider.stream(request, new AbortController().signal)) if (chunk.type === "delta") onToken(chunk.text);
      },
      close: () => fake.close(),
    };
  },
};
