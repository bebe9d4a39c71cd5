// A fresh fake OpenAI server for each test of a file, and the OpenAI provider pointed at it.
import { afterEach, beforeEach } from "vitest";
import { createOpenAIProvider, type OpenAIProviderOptions } from "../../src/providers/openai.js";
import type { ModelChunk, ModelProvider } from "../../src/providers/types.js";
import { startFakeOpenAI, type FakeOpenAI } from "../fake-openai.js";

export interface FakeOpenAIEach {
  /** This test's server (a test may close it, or replace it with one started its own way). */
  fake: FakeOpenAI;
  provider(options?: OpenAIProviderOptions): ModelProvider;
}

export function fakeOpenAIEachTest(apiKey: string): FakeOpenAIEach {
  const each: FakeOpenAIEach = {
    fake: undefined as unknown as FakeOpenAI,
    provider: (options = {}) => createOpenAIProvider({ apiKey, baseURL: each.fake.url, ...options }),
  };
  beforeEach(async () => {
    each.fake = await startFakeOpenAI();
  });
  afterEach(async () => {
    await each.fake.close();
  });
  return each;
}

/** Every chunk of a model stream, in order. */
export async function collect(stream: AsyncIterable<ModelChunk>): Promise<ModelChunk[]> {
  const chunks: ModelChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** The error a model stream fails with (the test fails if it does not). */
export async function failure(stream: AsyncIterable<ModelChunk>): Promise<unknown> {
  try {
    await collect(stream);
  } catch (err) {
    return err;
  }
  throw new Error("expected the stream to fail");
}
