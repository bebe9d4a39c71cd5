// The writer + human reviewer loop, written in code.
//   pnpm tsx examples/hitl-review.ts            (runs it; answer the review in the terminal)
//   pnpm tsx examples/hitl-review.ts --flow     (prints the flow JSON instead)
import { pathToFileURL } from "node:url";
import { Agent, Conversation, HumanAgent, Orchestrator } from "@tandem/server";

const writer = new Agent({
  name: "writer",
  llm: "openai/gpt-4o-mini",
  systemMessage: "You write summaries based on user prompts.",
});
const humanReviewer = new HumanAgent({
  name: "human_reviewer",
  systemMessage: "Read the draft. Approve it, or say what to change.",
  outcomes: [
    { name: "approve", description: "the draft is accepted as it is" },
    { name: "revise", description: "changes are needed; the reply says what to change" },
  ],
});
export const orchestrator = new Orchestrator({
  name: "Writer and human reviewer",
  agents: [writer, humanReviewer],
  rules: [
    { from: "user", to: "writer" },
    { from: "writer", to: "human_reviewer" },
    { from: "human_reviewer", to: "user", when: { outcome: "approve" } },
    { from: "human_reviewer", to: "writer" }, // otherwise: back to the writer with the feedback
  ],
});

if (process.argv.includes("--flow")) {
  console.log(JSON.stringify(orchestrator.toFlow(), null, 2));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await new Conversation({ orchestrator }).send("Write a summary of the history of the internet.");
  process.exitCode = result.status === "completed" ? 0 : result.status === "cancelled" ? 130 : 1;
}
