// A person typing lines into a terminal dialog (a LinePrompt): each question asked is kept, and
// the lines are given in turn; none left is the end of input.
import type { LinePrompt } from "../../src/terminal/approval-prompt.js";

export function typed(...lines: string[]): LinePrompt & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: async (question) => {
      asked.push(question);
      return lines.shift() ?? null;
    },
  };
}
