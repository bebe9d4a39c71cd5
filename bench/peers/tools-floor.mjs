// The floor of a tool call: the official SDK client calling the no-op MCP tool directly, no engine.
import { connectNoop, K, measure, okText } from "./tools-common.mjs";

const client = await connectNoop();
await measure("floor", async () => {
  for (let i = 0; i < K; i++) okText(await client.callTool({ name: "noop", arguments: {} }));
});
await client.close();
