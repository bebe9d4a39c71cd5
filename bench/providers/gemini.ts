// Gemini's streaming overhead: the fake Gemini server's reply read by the bare @google/genai SDK,
// and through Tandem's gemini provider.
import { GoogleGenAI } from "@google/genai";
import { createGeminiProvider } from "../../server/src/providers/gemini.js";
import { DEFAULT_MODEL_TIMEOUTS } from "../../server/src/providers/timeouts.js";
import { startFakeGemini } from "../../server/test/fakes/fake-gemini.js";
import type { ProviderBench } from "./case.js";

const KEY = "bench-key";
const MODEL = "gemini-2.5-flash";

/** The fake replies with as many tokens as the last user text ends with a number of, so calls may overlap. */
function counted(body: any) {
  const last = body.contents.at(-1).parts.at(-1).text as string;
  const tokens = Number(last.match(/(\d+)\s*$/)?.[1] ?? 0);
  return { text: Array.from({ length: tokens }, (_, i) => `w${i}`).join(" ") };
}

export const bench: ProviderBench = {
  id: "gemini",
  label: "Google Gemini (@google/genai)",
  async start() {
    const fake = await startFakeGemini({ key: KEY, respond: counted });
    const sdk = new GoogleGenAI({ apiKey: KEY, vertexai: false, apiVersion: "v1beta", httpOptions: { baseUrl: fake.url } });
    const provider = createGeminiProvider({ apiKey: KEY, baseURL: fake.url, timeouts: DEFAULT_MODEL_TIMEOUTS });
    return {
      async bare(tokens, onToken) {
        const chunks = await sdk.models.generateContentStream({ model: MODEL, contents: String(tokens), config: { automaticContinuation: false } });
        for await (const chunk of chunks) {
          const text = chunk.text;
          if (text) onToken(text);
        }
      },
      async tandem(tokens, onToken) {
        const transcript = [{ seq: 1, nodeId: "start", role: "user" as const, name: "user", content: String(tokens) }];
        const req = { model: MODEL, system: "", speaker: "bench", transcript, nodeId: "bench", visit: 1 };
        for await (const chunk of provider.stream(req, new AbortController().signal)) {
          if (chunk.type === "delta") onToken(chunk.text);
        }
      },
      close: () => fake.close(),
    };
  },
};
