// Reads a person's typed line as an answer: an outcome by its number, its name or a "/name"
// shortcut; Enter accepts a reading being confirmed; anything else is free text, which the
// judge reads (a word inside a sentence is not a pick: "I don't approve" is not "approve").
import type { HumanAnswer, PendingHuman } from "@tandem/shared";

export function answerFromLine(line: string, pending: Pick<PendingHuman, "outcomes" | "allowText" | "reading" | "defaultOutcome">): HumanAnswer {
  const text = line.trim();
  const names = pending.outcomes.map((o) => o.name);
  if (!text && pending.reading && pending.defaultOutcome) return { outcome: pending.defaultOutcome };
  const byNumber = /^\d+$/.test(text) ? names[Number(text) - 1] : undefined;
  if (byNumber) return { outcome: byNumber };
  const wanted = (text.startsWith("/") ? text.slice(1) : text).trim().toLowerCase();
  const exact = names.find((n) => n.toLowerCase() === wanted);
  if (exact && (text.startsWith("/") || !pending.allowText || wanted === text.toLowerCase())) return { outcome: exact };
  return { text };
}
