// Splits a reply into comparable tokens (lower case, no accents, French elisions apart) that
// keep their place in the original text, so a reading can quote the words it went by.

/** A word, an emoji or a punctuation mark; start/end index the original text. */
export interface Token { norm: string; kind: "word" | "emoji" | "mark"; start: number; end: number }

const TOKEN = /\p{L}[\p{L}\p{N}'’]*|\+1|\p{N}+|\p{Extended_Pictographic}|[.!?;:,()"“”¿¡…—–\n]|-{1,2}(?=\s)/gu;
/** French elided articles and pronouns (n'approuve, c'est, l'intro): the word after them is what counts. */
const ELISION = /^(n|l|d|c|j|s|m|t|qu)'(.+)$/;

export const normalize = (word: string): string =>
  word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/’/g, "'");

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    if (/^\p{Extended_Pictographic}$/u.test(raw)) tokens.push({ norm: raw, kind: "emoji", start, end });
    else if (/^[\p{L}\p{N}+]/u.test(raw)) {
      const norm = normalize(raw);
      const elided = ELISION.exec(norm);
      if (elided) {
        const cut = start + elided[1]!.length + 1;
        tokens.push({ norm: elided[1]!, kind: "word", start, end: cut - 1 }, { norm: elided[2]!, kind: "word", start: cut, end });
      } else tokens.push({ norm, kind: "word", start, end });
    } else tokens.push({ norm: raw === "\n" ? "." : raw, kind: "mark", start, end });
  }
  return tokens;
}

/** Optimal string alignment distance, stopping early once it exceeds 1 (all a typo may cost). */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > 1) return false;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]! <= 1;
}
