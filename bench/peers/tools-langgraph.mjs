// LangGraph.js calling the no-op MCP tool: a StateGraph with a stub agent and the prebuilt
// ToolNode, whose tool calls `noop` through the official SDK client. The stub asks for one
// tool call per turn until K calls are answered, then gives a final answer (free, like Tandem's).
import { AIMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import { z } from "zod";
import { connectNoop, K, measure, okText } from "./tools-common.mjs";

const client = await connectNoop();
const noop = tool(async () => okText(await client.callTool({ name: "noop", arguments: {} })), {
  name: "noop",
  description: "Does nothing and answers ok.",
  schema: z.object({}),
});

const agent = async ({ messages }) => {
  const answered = messages.filter((m) => ToolMessage.isInstance(m)).length;
  const reply = answered < K ? new AIMessage({ content: "", tool_calls: [{ id: `call_${answered + 1}`, name: "noop", args: {}, type: "tool_call" }] }) : new AIMessage("done");
  return { messages: [reply] };
};

const app = new StateGraph(MessagesAnnotation)
  .addNode("agent", agent)
  .addNode("tools", new ToolNode([noop]))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", toolsCondition, ["tools", END])
  .addEdge("tools", "agent")
  .compile();

await measure("langgraph", async () => {
  const { messages } = await app.invoke({ messages: [{ role: "user", content: "go" }] }, { recursionLimit: 2 * K + 10 });
  const results = messages.filter((m) => ToolMessage.isInstance(m));
  if (results.length !== K || results.some((m) => m.content !== "ok") || messages.at(-1).content !== "done") throw new Error("the run did not make K calls answered ok");
});
await client.close();
