// Reads a person's typed reply as an answer: a choice by its name or number; otherwise free
// text, with the choice it names when it names exactly one ("Looks good, approve.").
import type { HumanAnswer, PendingHuman } from "@tandem/shared";

export function answerFromLine(line: string, pending: Pick<PendingHuman, "choices" | "allowText">): HumanAnswer {
  const text = line.trim();
  const { choices } = pending;
  const byNumber = /^\d+$/.test(text) ? choices[Number(text) - 1] : undefined;
  if (byNumber) return { choice: byNumber };
  const exact = choices.find((c) => c.toLowerCase() === text.toLowerCase());
  if (exact) return { choice: exact };
  const named = choices.filter((c) => new RegExp(`\\b${c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(text));
  if (named.length === 1) return pending.allowText ? { choice: named[0], text } : { choice: named[0] };
  return { text };
}
