// Asks a person in the terminal about a run at its budget: raise it to a new amount, or stop the run.
import { formatUsd, type BudgetDecision } from "@tandem/shared";
import type { LinePrompt } from "./approval-prompt.js";

export const BUDGET_MENU = "[r]aise the budget, [s]top the run";

/** What the person sees before deciding. */
export function budgetCard(spentUsd: number, budgetUsd: number, agent: string): string {
  return `\n── budget reached: this run has spent ${formatUsd(spentUsd)} of its ${formatUsd(budgetUsd)} budget; ${agent} waits to call its model ──\n`;
}

/** The person's decision, or null when input ended or it was decided elsewhere. */
export async function askBudget(spentUsd: number, prompt: LinePrompt): Promise<BudgetDecision | null> {
  let question = `${BUDGET_MENU}\n`;
  for (;;) {
    const line = await prompt.ask(question);
    if (line === null) return null;
    question = `${BUDGET_MENU}\n`;
    switch (line.trim().toLowerCase()) {
      case "s":
      case "stop":
        return { decision: "stop" };
      case "r":
      case "raise": {
        const amount = await prompt.ask(`The new budget in US dollars, more than ${formatUsd(spentUsd)} (Enter to go back):\n`);
        if (amount === null) return null;
        if (!amount.trim()) break;
        const budgetUsd = Number(amount.trim().replace(/^\$/, ""));
        if (Number.isFinite(budgetUsd) && budgetUsd > spentUsd) return { decision: "raise", budgetUsd };
        question = `Expected an amount of dollars above ${formatUsd(spentUsd)}, not "${amount.trim()}". ${BUDGET_MENU}\n`;
        break;
      }
      default:
        question = `Type a letter in brackets. ${BUDGET_MENU}\n`;
    }
  }
}
