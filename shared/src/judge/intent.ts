// Reads what a reply means (approve, revise, reject, escalate) from its cues: each cue is
// found in its clause, turned around by a negation in reach, weighted by where its clause
// stands ("approved, but cut the intro": the clause after "but" counts more), then combined
// (an approval that asks for changes is a revision; a negated approval is never an approval).
import { CONTRASTS, CUES, NEGATORS, NOT_TYPOS, POST_NEGATORS, QUESTION_WORDS, type Cue, type Intent, type Signal } from "./lexicon.js";
import { tokenize, withinOneEdit, type Token } from "./tokens.js";

/** One cue found in a reply, after negation; start/end index the original text, turn counts the "but"s before it. */
export interface Evidence { signal: Signal; weight: number; gist: string; start: number; end: number; turn: number; softReject: boolean; negatedApproval: boolean }

export interface IntentReading {
  /** The signal read, or null when nothing was found or two signals weigh about the same. */
  signal: Signal | null;
  confidence: number;
  /** A short phrase for the transcript, quoting the words it went by. */
  reason: string;
}

/** How many words a negation reaches forward ("don't really think we approve") and, for post-negators, back. */
const REACH = 4;
const BACK_REACH = 3;
const AFTER_CONTRAST = 1.4;
const BEFORE_CONTRAST = 0.7;
/** Approvals and refusals inside a question are mostly asked, not given ("can we ship it?"). */
const IN_QUESTION = 0.3;
/** Below this confidence no signal is read: a person must pick. */
export const CONFIDENT = 0.6;

interface Clause { words: Token[]; weight: number; question: boolean; turn: number }

const byFirstWord = new Map<string, Cue[]>();
const fuzzyByLetter = new Map<string, Cue[]>();
for (const cue of [...CUES].sort((a, b) => b.words.length - a.words.length)) {
  const first = cue.words[0]!;
  byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), cue]);
  if (first.length >= 5) fuzzyByLetter.set(first[0]!, [...(fuzzyByLetter.get(first[0]!) ?? []), cue]);
}

/** A typo of a cue word: one edit away, same first letter, both at least 5 letters, not a word of its own. */
const typoOf = (token: string, word: string) =>
  word.length >= 5 && token.length >= 5 && token[0] === word[0] && !NOT_TYPOS.has(token) && withinOneEdit(token, word);

function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  let turn = 0;
  let current: Clause = { words: [], weight: 1, question: false, turn };
  const close = (question: boolean) => {
    if (current.words.length > 0) clauses.push({ ...current, question: current.question || question });
    current = { words: [], weight: 1, question: false, turn };
  };
  for (const token of tokenize(text)) {
    if (token.kind === "mark") {
      if (token.norm === "¿") current.question = true;
      else if (!"()\"“”".includes(token.norm)) close(token.norm === "?");
    } else if (token.kind === "word" && CONTRASTS.has(token.norm)) {
      turn++;
      close(false);
      for (const before of clauses) before.weight *= BEFORE_CONTRAST;
      current.weight = AFTER_CONTRAST;
    } else {
      if (current.words.length === 0 && QUESTION_WORDS.has(token.norm)) current.question = true;
      current.words.push(token);
    }
  }
  close(false);
  return clauses;
}

/** Whether `cue` is said at words[i], allowing a typo per word when `fuzzy`. */
function saidAt(cue: Cue, words: readonly Token[], i: number, fuzzy: boolean): boolean {
  return cue.words.every((w, k) => {
    const token = words[i + k]?.norm;
    return token !== undefined && (token === w || (fuzzy && typoOf(token, w)));
  });
}

/** The longest of `cues` said at words[i]. */
function longestAt(cues: readonly Cue[], words: readonly Token[], i: number, fuzzy: boolean, best?: Cue): Cue | undefined {
  for (const cue of cues) if ((!best || cue.words.length > best.words.length) && saidAt(cue, words, i, fuzzy)) best = cue;
  return best;
}

/** The longest cue starting at words[i], exact first, then allowing a typo per word. */
function cueAt(words: readonly Token[], i: number, extra: readonly Cue[]): Cue | undefined {
  const token = words[i]!.norm;
  const exact = longestAt(extra, words, i, false, longestAt(byFirstWord.get(token) ?? [], words, i, false));
  return exact ?? (token.length >= 5 ? longestAt(fuzzyByLetter.get(token[0]!) ?? [], words, i, true) : undefined);
}

/** What a negated cue means instead: "don't approve" refuses, "no changes" approves. */
function negated(cue: Cue): Pick<Evidence, "signal" | "weight" | "gist" | "softReject" | "negatedApproval"> | undefined {
  const base = { softReject: false, negatedApproval: false };
  switch (cue.signal) {
    case "approve": return { ...base, signal: "reject", weight: 0.8, gist: "negated approval", softReject: true, negatedApproval: true };
    case "revise": return { ...base, signal: "approve", weight: 0.8, gist: "sees nothing to change" };
    case "reject": return { ...base, signal: "approve", weight: 0.4, gist: "does not turn it down" };
    case "escalate": return { ...base, signal: "approve", weight: 0.4, gist: "sees no need to hand it on" };
    default: return undefined;
  }
}

function evidenceOf(clause: Clause, extra: readonly Cue[]): Evidence[] {
  const { words } = clause;
  const found: { cue: Cue; from: number; to: number }[] = [];
  for (let i = 0; i < words.length; ) {
    const cue = cueAt(words, i, extra);
    if (cue) found.push({ cue, from: i, to: i + cue.words.length });
    i += cue ? cue.words.length : 1;
  }
  // A bare "no" before another cue negates it ("no changes"); alone it is an answer.
  const isNegator = (k: number) => negates(words[k]!.norm) && !found.some((f) => f.from <= k && k < f.to && !(f.cue.words.length === 1 && f.cue.softReject));
  const cues = found.filter((f) => !(f.cue.words.length === 1 && negates(f.cue.words[0]!) && found.some((g) => g !== f && g.from > f.from && g.from - f.to < REACH)));
  const evidence: Evidence[] = [];
  for (const { cue, from, to } of cues) {
    let neg = -1;
    for (let k = Math.max(0, from - REACH); k < from; k++) if (isNegator(k) && !cues.some((c) => c.from > k && c.from < from)) neg = k;
    for (let k = to; k < Math.min(words.length, to + BACK_REACH) && neg < 0; k++) if (POST_NEGATORS.has(words[k]!.norm)) neg = k;
    const meaning = neg < 0 ? { signal: cue.signal, weight: cue.weight, gist: cue.gist, softReject: cue.softReject ?? false, negatedApproval: false } : negated(cue);
    if (!meaning) continue;
    const asked = clause.question && (meaning.signal === "approve" || meaning.signal === "reject");
    const span = [words[Math.min(from, neg < 0 ? from : neg)]!, words[Math.max(to - 1, neg)]!];
    evidence.push({ ...meaning, weight: meaning.weight * clause.weight * (asked ? IN_QUESTION : 1), start: span[0]!.start, end: span[1]!.end, turn: clause.turn });
  }
  // "legal has to approve it", "needs sign-off from compliance": an approval in the clause of a
  // hand-off is someone else's to give, and so is a refusal named after it.
  const handOff = evidence.find((e) => e.signal === "escalate");
  const theirs = (e: Evidence) => handOff && (e.signal === "approve" || (e.signal === "reject" && e.start > handOff.start));
  const read = evidence.map((e) => (theirs(e) ? { ...e, signal: "escalate" as const, gist: handOff!.gist } : e));
  if (clause.question) {
    const first = words[0]!;
    const last = words.at(-1)!;
    read.push({ signal: "revise", weight: 0.8 * clause.weight, gist: "asks a question back", start: first.start, end: last.end, turn: clause.turn, softReject: false, negatedApproval: false });
  }
  return read;
}

/** "not", "nicht", and any "…n't". */
const negates = (word: string) => NEGATORS.has(word) || word.endsWith("n't");

const quote = (text: string, e: Evidence) => `("${text.slice(e.start, e.end)}")`;
const strongest = (evidence: readonly Evidence[]) => evidence.reduce((a, b) => (b.weight > a.weight ? b : a));

/** Reads the intent of `text`; `extra` cues (an outcome's own name) are tried before the lexicon. */
export function readIntent(text: string, extra: readonly Cue[] = []): IntentReading {
  if (text.trim() === "") return { signal: null, confidence: 0, reason: "empty reply" };
  const evidence = clausesOf(text).flatMap((clause) => evidenceOf(clause, extra));
  if (evidence.length === 0) return { signal: null, confidence: 0, reason: "no cue for any outcome" };
  const sum = (list: readonly Evidence[]) => list.reduce((total, e) => total + e.weight, 0);

  const groups = new Map<Signal, Evidence[]>();
  for (const e of evidence) groups.set(e.signal, [...(groups.get(e.signal) ?? []), e]);
  const total = (signal: Signal) => sum(groups.get(signal) ?? []);
  // A negated approval is never read as approval: only one given after a turn ("it's not perfect,
  // but approve it") outweighs it.
  const negation = evidence.filter((e) => e.negatedApproval).at(-1);
  const approvals = (groups.get("approve") ?? []).filter((e) => !negation || (e.start > negation.start && e.turn > negation.turn));
  groups.set("approve", approvals);
  const notes: string[] = [];

  // Requested changes make an approval conditional, and a refusal by negation a request for changes.
  const revise = total("revise");
  if (revise >= 0.5) {
    const changes = groups.get("revise")!;
    const folded: Evidence[] = [];
    if (approvals.length > 0) {
      folded.push(...approvals);
      groups.delete("approve");
      notes.push("approves with changes");
    }
    const soft = (groups.get("reject") ?? []).filter((e) => e.softReject);
    if (soft.length > 0 && sum(soft) >= total("reject") - sum(soft)) {
      folded.push(...soft);
      groups.set("reject", (groups.get("reject") ?? []).filter((e) => !e.softReject));
      const refusal = soft.find((e) => e.negatedApproval);
      if (refusal) notes.push(`${refusal.gist} ${quote(text, refusal)}`);
    }
    groups.set("revise", [...changes, ...folded.map((e) => ({ ...e, signal: "revise" as const }))]);
  }
  // "I can't sign off on this, ask legal": not a refusal, a hand-off.
  if (total("escalate") > 0) {
    const soft = (groups.get("reject") ?? []).filter((e) => e.softReject);
    groups.set("reject", (groups.get("reject") ?? []).filter((e) => !e.softReject));
    groups.set("escalate", [...groups.get("escalate")!, ...soft.map((e) => ({ ...e, signal: "escalate" as const }))]);
  }

  const ranked = [...groups.entries()]
    .filter(([signal]) => signal !== "hedge")
    .map(([signal, list]) => ({ signal, list, score: sum(list) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score);
  const hedge = total("hedge");
  const [top, second] = ranked;
  if (!top) {
    const doubt = groups.get("hedge")?.[0];
    return { signal: null, confidence: 0, reason: doubt ? `${doubt.gist} ${quote(text, doubt)}` : "no cue for any outcome" };
  }
  const rival = second?.score ?? 0;
  const confidence = (top.score / (top.score + rival + hedge)) * Math.min(1, 0.4 + 0.6 * top.score);
  const own = top.list.filter((e) => e.signal === top.signal && evidence.includes(e) && !e.negatedApproval);
  const main = strongest(own.length > 0 ? own : top.list);
  const said = [`${main.gist} ${quote(text, main)}`, ...notes.filter((n) => !n.includes(quote(text, main)))];
  const reason = notes[0] === "approves with changes" ? `approves with changes: ${said.filter((s) => s !== notes[0]).join("; ")}` : said.join("; ");
  if (confidence >= CONFIDENT) return { signal: top.signal, confidence, reason };
  const doubt = second ? strongest(second.list) : groups.get("hedge")?.[0];
  return { signal: null, confidence, reason: doubt ? `unsure: ${main.gist} ${quote(text, main)}, ${doubt.gist} ${quote(text, doubt)}` : `unsure: ${reason}` };
}

export type { Intent };
