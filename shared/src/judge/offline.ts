// The offline judge: reads a reply's intent from its cues (intent.ts), then finds the node's
// outcome that means it, by the outcome's name or else its description, so it works for any
// outcome names (pass/fail as well as approve/revise/reject/escalate). When it is not
// confident, or no outcome fits, it says so and reads no outcome: a person must pick.
import { INTENTS, type Cue, type Intent, type Signal } from "./lexicon.js";
import { readIntent } from "./intent.js";
import type { Outcome } from "../flow.js";
import type { Reading } from "./reading.js";
import { normalize } from "./tokens.js";

const words = (name: string) =>
  normalize(name.replace(/([a-z])([A-Z])/g, "$1 $2")).split(/[^\p{L}\p{N}']+/u).filter(Boolean);

const isIntent = (signal: Signal | null): signal is Intent => INTENTS.includes(signal as Intent);

interface Meaning { intent: Intent | null; byName: boolean }
/** Outcomes are read once per outcome object: a node's outcomes are read for every reply it gets. */
const meanings = new WeakMap<Outcome, Meaning>();

/** The intent an outcome stands for: its name read as a reply, or else its description. */
function intentOf(outcome: Outcome): Meaning {
  const known = meanings.get(outcome);
  if (known) return known;
  const byName = readIntent(words(outcome.name).join(" ")).signal;
  const byDescription = isIntent(byName) ? null : readIntent(outcome.description).signal;
  const meaning = isIntent(byName) ? { intent: byName, byName: true } : { intent: isIntent(byDescription) ? byDescription : null, byName: false };
  meanings.set(outcome, meaning);
  return meaning;
}

/** Where an intent goes when no outcome means it: a refusal asks for changes, and a change request on a pass/fail node fails it. */
const FALLBACK: Partial<Record<Intent, Intent>> = { reject: "revise", revise: "reject" };

export function readOffline(text: string, outcomes: readonly Outcome[]): Reading {
  const meant = outcomes.map((outcome) => ({ outcome, ...intentOf(outcome) }));
  // An outcome's name said in the reply is a cue for it, even a name no lexicon knows.
  const named: Cue[] = meant.map(({ outcome, intent }) => ({
    words: words(outcome.name),
    signal: intent ?? `=${outcome.name}`,
    weight: 1.2,
    gist: `names "${outcome.name}"`,
  }));
  const { signal, confidence, reason } = readIntent(text, named.filter((cue) => cue.words.length > 0));
  if (signal === null) return { outcome: null, reason, confidence };
  if (signal.startsWith("=")) return { outcome: signal.slice(1), reason, confidence };
  if (!isIntent(signal)) return { outcome: null, reason, confidence };

  const pick = (intent: Intent) => {
    const fits = meant.filter((m) => m.intent === intent);
    const byName = fits.filter((m) => m.byName);
    return fits.length === 1 ? fits[0]!.outcome : byName.length === 1 ? byName[0]!.outcome : fits.length > 1 ? "several" : undefined;
  };
  const direct = pick(signal);
  if (direct === "several") return { outcome: null, reason: `${reason}, which more than one outcome means`, confidence };
  if (direct) return { outcome: direct.name, reason, confidence };
  const fallback = FALLBACK[signal] && pick(FALLBACK[signal]);
  if (fallback && fallback !== "several") return { outcome: fallback.name, reason: `${reason}; no ${signal} outcome here`, confidence };
  return { outcome: null, reason: `${reason}, which no outcome here means`, confidence };
}
